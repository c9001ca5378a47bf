/**
 * stages/import/records.jsonl visited once, then read again record by record on demand: a stage that
 * needs a few fields of every record up front and whole records only for its output (dedupe) holds
 * those few fields instead of every record (200,000 records with abstracts are gigabytes as objects).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { ImportedRecord } from '../../model/record.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import { forEachImportedRecord, importedRecordFromJson, importedRecordsFile } from './inputs.js';

export class ImportedRecordFile {
  private fd: number | undefined;
  private buffer = Buffer.allocUnsafe(1 << 16);

  private constructor(
    private readonly paths: ProjectPaths,
    private readonly options: { raw?: boolean },
    private readonly offsets: Float64Array,
    private readonly lengths: Float64Array,
    private readonly ids: readonly string[],
    readonly count: number,
  ) {}

  /** Visit every record in order (index from 0), remembering where each one's line is. */
  static scan(paths: ProjectPaths, options: { raw?: boolean }, visit: (record: ImportedRecord, index: number) => void): ImportedRecordFile {
    let offsets = new Float64Array(1024);
    let lengths = new Float64Array(1024);
    const ids: string[] = [];
    let count = 0;
    forEachImportedRecord(paths, options, (record, offset, byteLength) => {
      if (count === offsets.length) {
        const o = new Float64Array(count * 2); o.set(offsets); offsets = o;
        const l = new Float64Array(count * 2); l.set(lengths); lengths = l;
      }
      offsets[count] = offset;
      lengths[count] = byteLength;
      ids.push(record.id);
      visit(record, count++);
    });
    return new ImportedRecordFile(paths, options, offsets, lengths, ids, count);
  }

  /** The record at `index`, read and validated again: the same object the scan visited. */
  read(index: number): ImportedRecord {
    const rel = this.paths.rel(importedRecordsFile(this.paths));
    if (index < 0 || index >= this.count) throw new RangeError(`record ${index} of ${this.count}`);
    this.fd ??= openSync(importedRecordsFile(this.paths), 'r');
    const length = this.lengths[index]!;
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2));
    const read = readSync(this.fd, this.buffer, 0, length, this.offsets[index]!);
    let json: unknown;
    try {
      if (read !== length) throw new Error('short read');
      json = JSON.parse(this.buffer.toString('utf8', 0, length));
    } catch {
      throw new UserError(`${rel} changed while it was being read (another command replaced it?); run the command again`);
    }
    const record = importedRecordFromJson(json, this.options, `${rel}: record ${index + 1}`);
    // The stage holds the project lock, so the file cannot change under it; if it did anyway, say so rather than mix two imports.
    if (record.id !== this.ids[index]) throw new UserError(`${rel} changed while it was being read (another command replaced it?); run the command again`);
    return record;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
