/**
 * The JSON Lines files the stages write (records.jsonl, unique.jsonl, extraction.jsonl): written as
 * bytes (each value exactly as JSON.stringify writes it, by JsonBytes) and read line by line from
 * their bytes. A large import's records.jsonl is more text than one JS string
 * can hold (~512 MB: 100,000 MEDLINE records make 646 MB), so it is never read whole.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from './errors.js';
import { JsonBytes } from './json-bytes.js';

const PIECE = 8 << 20;

/**
 * Visit every line of the file (LF-separated, numbered from 1; a last line without LF counts), with
 * where its bytes are in the file (offset, length without the LF), so a caller can read it again later.
 */
export function forEachLine(path: string, visit: (line: string, lineNumber: number, offset: number, byteLength: number) => void): void {
  const fd = openSync(path, 'r');
  let piece = Buffer.allocUnsafe(PIECE);
  // The start of a line that the previous read cut, moved to the front of `piece`.
  let kept = 0;
  let lineNumber = 1;
  // File offset of piece[0].
  let pieceAt = 0;
  try {
    for (;;) {
      if (kept === piece.length) {
        // One line longer than the piece: make room for more of it.
        const bigger = Buffer.allocUnsafe(piece.length * 2);
        piece.copy(bigger, 0, 0, kept);
        piece = bigger;
      }
      const read = readSync(fd, piece, kept, piece.length - kept, null);
      const end = kept + read;
      if (read === 0) {
        if (end > 0) visit(piece.toString('utf8', 0, end), lineNumber, pieceAt, end);
        return;
      }
      let start = 0;
      for (let lf = piece.indexOf(0x0a, kept); lf >= 0 && lf < end; lf = piece.indexOf(0x0a, start)) {
        visit(piece.toString('utf8', start, lf), lineNumber++, pieceAt + start, lf - start);
        start = lf + 1;
      }
      kept = end - start;
      pieceAt += start;
      piece.copy(piece, 0, start, end);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Every non-blank line of a JSON Lines file, parsed; `rel` names the file in errors and `rerun`
 * the command that writes it again.
 */
export function forEachJsonLine(path: string, rel: string, rerun: string, visit: (json: unknown, lineNumber: number, offset: number, byteLength: number) => void): void {
  forEachLine(path, (line, lineNumber, offset, byteLength) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new UserError(`${rel}:${lineNumber}: not valid JSON; run \`${rerun}\` again`);
    }
    visit(json, lineNumber, offset, byteLength);
  });
}

/**
 * JSON Lines as bytes: each value as JSON.stringify writes it, then a newline. Made as bytes, not
 * as one string: a large stage output can be more text than one JS string holds.
 */
export function serializeJsonLines(values: readonly unknown[]): Buffer {
  const out = new JsonBytes();
  for (const v of values) writeJsonLine(out, v);
  return out.toBuffer();
}

/** Any plain value (an ImportedRecord built elsewhere) as one line, as JSON.stringify writes it. */
export function writeJsonLine(out: JsonBytes, value: unknown): void {
  writeValue(out, value);
  out.byte(0x0a);
}

/** Any JSON value as JSON.stringify writes it (no toJSON, no replacer: parsed records hold plain data). */
export function writeValue(out: JsonBytes, value: unknown): void {
  switch (typeof value) {
    case 'string':
      out.string(value);
      return;
    case 'number':
      out.number(value);
      return;
    case 'boolean':
      out.ascii(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) out.ascii('null');
      else if (Array.isArray(value)) writeArray(out, value);
      else writeObject(out, value as Record<string, unknown>);
      return;
    default:
      // undefined, functions and symbols inside arrays.
      out.ascii('null');
  }
}

function writeArray(out: JsonBytes, values: unknown[]): void {
  out.byte(0x5b);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out.byte(0x2c);
    writeValue(out, values[i]);
  }
  out.byte(0x5d);
}

function writeObject(out: JsonBytes, object: Record<string, unknown>): void {
  out.byte(0x7b);
  let first = true;
  for (const key in object) {
    const value = object[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (first) out.string(key);
    else {
      out.byte(0x2c);
      out.string(key);
    }
    out.byte(0x3a);
    first = false;
    writeValue(out, value);
  }
  out.byte(0x7d);
}
