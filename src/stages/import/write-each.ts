/**
 * records.jsonl lines of a plug-in that hands records over one by one (FormatPlugin.parseEach: the
 * CSV profiles). Each record is written and dropped at once. Because such a plug-in may have to
 * start again (a CSV's stray quote is found only when the strict reading fails), the lines are
 * gathered apart from the output, in memory up to HELD bytes and in a scratch file beyond, and go
 * to the output once the parse has finished: what a restart voids never reaches records.jsonl.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DecodedInput } from '../../formats/decode.js';
import type { FormatPlugin, FormatWarning } from '../../formats/types.js';
import { removeOnExit } from '../../project/staged-file.js';
import { JsonBytes } from '../../project/json-bytes.js';
import type { PartContext, PartOutcome } from './part-json.js';
import { recordId } from './record-id.js';
import { fileJson, writeRecordLine } from './record-json.js';

/** Lines held in memory before they go to the scratch file. */
const HELD = 64 << 20;
const PIECE = 8 << 20;

export function writeEach(
  parseEach: NonNullable<FormatPlugin['parseEach']>,
  input: DecodedInput,
  context: Omit<PartContext, 'firstIndex'>,
  out: JsonBytes,
  scratchBeside: string,
): PartOutcome {
  const json = fileJson(context);
  const scratch = new Scratch(scratchBeside);
  try {
    let lines = new JsonBytes(1 << 20, (bytes) => scratch.write(bytes), HELD);
    let withoutTitle = 0;
    let index = 0;
    const result: { warnings: FormatWarning[]; records: number } = parseEach(input, (record) => {
      if (!record.title) withoutTitle++;
      writeRecordLine(lines, json, record, undefined, recordId(context.source, context.fileSha256, index), index);
      index++;
      lines.flush();
    }, () => {
      scratch.clear();
      lines = new JsonBytes(1 << 20, (bytes) => scratch.write(bytes), HELD);
      withoutTitle = 0;
      index = 0;
    });
    scratch.copyTo(out);
    out.passOn(lines.toBuffer());
    return { warnings: result.warnings, trailingWarnings: [], records: result.records, withoutTitle, nextLine: 0 };
  } finally {
    scratch.remove();
  }
}

/** A temp file beside the output, made only if the lines outgrow memory. */
class Scratch {
  private fd: number | undefined;
  private size = 0;
  private readonly path: string;

  constructor(beside: string) {
    // Not stagedPath(): that clears away what looks like an earlier run's temp files, the output's own among them.
    this.path = join(dirname(beside), `.${basename(beside)}.${process.pid}.scratch`);
  }

  write(bytes: Uint8Array): void {
    if (this.fd === undefined) {
      removeOnExit(this.path);
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'w+');
    }
    for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off, bytes.length - off, this.size + off);
    this.size += bytes.length;
  }

  clear(): void {
    if (this.fd !== undefined) ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  copyTo(out: JsonBytes): void {
    if (this.fd === undefined || this.size === 0) return;
    const piece = Buffer.allocUnsafe(Math.min(PIECE, this.size));
    for (let at = 0; at < this.size;) {
      const read = readSync(this.fd, piece, 0, Math.min(piece.length, this.size - at), at);
      if (read === 0) throw new Error(`${this.path}: shorter than written`);
      out.passOn(piece.subarray(0, read));
      at += read;
    }
  }

  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}
