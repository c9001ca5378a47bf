/**
 * A JSON-lines artifact visited once, then read again row by row on demand: a stage that needs a
 * few fields of every row up front and whole rows only for its output (dedupe, over
 * stages/import/records.jsonl) holds those few fields instead of every row (200,000 records with
 * abstracts are gigabytes as objects). Rows are read through the artifact's model, as readArtifact
 * reads them.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import { artifactFile, checkedRow, forEachArtifactRow, type RowsArtifact } from './artifacts.js';

/** How much of the file one read brings in. */
const WINDOW = 1 << 20;

export class ArtifactRowFile<Row extends { id: string }> {
  private fd: number | undefined;
  /**
   * Bytes of the file from windowStart on: rows are mostly asked for in file order (unique records
   * cluster by cluster), so one read serves hundreds of rows instead of a system call each.
   */
  private window = Buffer.allocUnsafe(WINDOW);
  private windowStart = 0;
  private windowLength = 0;

  private constructor(
    private readonly paths: ProjectPaths,
    private readonly artifact: RowsArtifact<Row>,
    private readonly offsets: Float64Array,
    private readonly lengths: Float64Array,
    private readonly lines: Float64Array,
    private readonly ids: readonly string[],
    readonly count: number,
  ) {}

  /**
   * Visit every row in order (index from 0), remembering where each one's line is. `readAs`: a
   * fuller view of the same file for `read` (scan through a slim view, read rows whole later).
   */
  static scan<Seen extends { id: string }, Row extends { id: string } = Seen>(paths: ProjectPaths, artifact: RowsArtifact<Seen>, visit: (row: Seen, index: number) => void, readAs?: RowsArtifact<Row>): ArtifactRowFile<Row> {
    if (readAs && readAs.path !== artifact.path) throw new Error(`${readAs.path} is not a view of ${artifact.path}`);
    let offsets = new Float64Array(1024);
    let lengths = new Float64Array(1024);
    let lines = new Float64Array(1024);
    const ids: string[] = [];
    let count = 0;
    const grown = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    forEachArtifactRow(paths, artifact, (row, line, offset, byteLength) => {
      if (count === offsets.length) {
        offsets = grown(offsets);
        lengths = grown(lengths);
        lines = grown(lines);
      }
      offsets[count] = offset;
      lengths[count] = byteLength;
      lines[count] = line;
      ids.push(row.id);
      visit(row, count++);
    });
    return new ArtifactRowFile(paths, (readAs ?? artifact) as unknown as RowsArtifact<Row>, offsets, lengths, lines, ids, count);
  }

  /** The row at `index`, read and checked again: equal to the one the scan visited. */
  read(index: number): Row {
    if (index < 0 || index >= this.count) throw new RangeError(`row ${index} of ${this.count}`);
    const changed = (): UserError => new UserError(`${this.artifact.path} changed while it was being read (another command replaced it?); run the command again`);
    this.fd ??= openSync(artifactFile(this.paths, this.artifact), 'r');
    const offset = this.offsets[index]!;
    const length = this.lengths[index]!;
    const windowEnd = this.windowStart + this.windowLength;
    if (offset < this.windowStart || offset + length > windowEnd) {
      // A row just past the window continues a walk through the file: bring in the next stretch.
      // Any other row (the review queue's pairs, a cluster's later members) is read alone.
      const walking = offset >= windowEnd && offset < windowEnd + WINDOW;
      if (this.window.length < length) this.window = Buffer.allocUnsafe(length);
      this.windowStart = offset;
      this.windowLength = readSync(this.fd, this.window, 0, walking ? this.window.length : length, offset);
    }
    let json: unknown;
    try {
      if (offset + length > this.windowStart + this.windowLength) throw new Error('short read');
      const at = offset - this.windowStart;
      json = JSON.parse(this.window.toString('utf8', at, at + length));
    } catch {
      throw changed();
    }
    const row = checkedRow(this.artifact, json, this.lines[index]!);
    // The stage holds the project lock, so the file cannot change under it; if it did anyway, say so rather than mix two versions.
    if (row.id !== this.ids[index]) throw changed();
    return row;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
