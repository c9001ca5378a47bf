/**
 * What differs between a project's file and the rebuilt one, said precisely enough to act on: the
 * JSON path of the first few differing fields (JSON), the first differing line and column (CSV,
 * JSONL, text), the zip entries that differ (xlsx). Files are read in pieces up to the first
 * difference, so a large records.jsonl is never held whole.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { sha256File } from '../../project/hash.js';
import { readCsv } from '../../sheets/csv.js';

/** Differing fields named per file: enough to find the cause, short enough to read. */
const MAX_FIELDS = 3;
const MAX_VALUE = 80;
/** JSON files larger than this are compared line by line instead of parsed. */
const MAX_JSON_BYTES = 32 << 20;
/** A line is shown up to this many bytes (a JSONL record can be long, but not unbounded). */
const MAX_LINE_BYTES = 1 << 20;
const PIECE = 1 << 20;

export interface FieldDifference {
  path: string;
  project: unknown;
  rebuilt: unknown;
}

const ABSENT = Symbol('absent');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * The first `limit` fields that differ between two JSON values, depth first in the project's key
 * order. Key order itself is not a difference: JSON objects are unordered.
 */
export function jsonDifferences(project: unknown, rebuilt: unknown, limit = MAX_FIELDS): FieldDifference[] {
  const out: FieldDifference[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length) && out.length < limit; i++) walk(i < a.length ? a[i] : ABSENT, i < b.length ? b[i] : ABSENT, childPath(path, i));
      return;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
      for (const k of keys) {
        if (out.length >= limit) return;
        walk(Object.hasOwn(a, k) ? a[k] : ABSENT, Object.hasOwn(b, k) ? b[k] : ABSENT, childPath(path, k));
      }
      return;
    }
    if (a === b) return;
    if (a !== ABSENT && b !== ABSENT && JSON.stringify(a) === JSON.stringify(b)) return;
    out.push({ path: path || '(the whole value)', project: a === ABSENT ? undefined : a, rebuilt: b === ABSENT ? undefined : b });
  };
  walk(project, rebuilt, '');
  return out;
}

function shown(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Two differing values as shown: long strings from a little before where they part, so the difference is in view. */
function shownPair(a: unknown, b: unknown): [string, string] {
  if (typeof a === 'string' && typeof b === 'string' && Math.max(a.length, b.length) > MAX_VALUE - 2) {
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    const from = Math.max(0, common - 20);
    if (from > 0) return [`…${shown(a.slice(from))}`, `…${shown(b.slice(from))}`];
  }
  return [shown(a), shown(b)];
}

export function describeFields(diffs: readonly FieldDifference[], more: boolean): string {
  const parts = diffs.map((d) => {
    const [a, b] = shownPair(d.project, d.rebuilt);
    return `${d.path}: ${a} in the project, ${b} rebuilt`;
  });
  return `${parts.join('; ')}${more ? '; and more' : ''}`;
}

/** Fields that differ in two parsed JSON values, said in one line; '' when the values are equal. */
export function describeJson(project: unknown, rebuilt: unknown): string {
  const diffs = jsonDifferences(project, rebuilt, MAX_FIELDS + 1);
  if (diffs.length === 0) return '';
  return describeFields(diffs.slice(0, MAX_FIELDS), diffs.length > MAX_FIELDS);
}

interface FirstDifference {
  /** 1-based line of the first differing byte. */
  line: number;
  /** Byte offset where that line starts (the same in both files: everything before is equal). */
  lineStart: number;
  /** Byte offset of the first differing byte (or the end of the shorter file). */
  offset: number;
}

/** Where two files first differ, read in 1 MiB pieces; undefined when they are the same. */
export function firstDifference(a: string, b: string): FirstDifference | undefined {
  const pa = Buffer.allocUnsafe(PIECE);
  const pb = Buffer.allocUnsafe(PIECE);
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    let line = 1;
    let lineStart = 0;
    for (let offset = 0; ; ) {
      const ra = readSync(fa, pa, 0, PIECE, offset);
      const rb = readSync(fb, pb, 0, PIECE, offset);
      const common = Math.min(ra, rb);
      let i = 0;
      while (i < common && pa[i] === pb[i]) {
        if (pa[i] === 0x0a) { line++; lineStart = offset + i + 1; }
        i++;
      }
      if (i < common || ra !== rb) return { line, lineStart, offset: offset + i };
      if (ra === 0) return undefined;
      offset += ra;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/** The line starting at `start` (without its newline), at most MAX_LINE_BYTES; undefined at the end of the file. */
function lineAt(file: string, start: number): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(MAX_LINE_BYTES, Math.max(1, statSync(file).size - start)));
    const read = readSync(fd, buf, 0, buf.length, start);
    if (read === 0) return undefined;
    const end = buf.subarray(0, read).indexOf(0x0a);
    return buf.subarray(0, end === -1 ? read : end).toString('utf8').replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

function snippet(line: string, column: number): string {
  const from = Math.max(0, column - 30);
  const text = line.slice(from, column + 30);
  return JSON.stringify(`${from > 0 ? '…' : ''}${text}${column + 30 < line.length ? '…' : ''}`);
}

function csvFields(header: string, line: string): Map<string, string> | undefined {
  try {
    const table = readCsv(`${header}\n${line}\n`);
    return table.rows.length === 1 ? (table.rows[0]?.values as Map<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

function recordLabel(value: unknown): string {
  if (!isPlainObject(value)) return '';
  const id = value.id ?? value.record_id;
  return typeof id === 'string' || typeof id === 'number' ? ` (id ${id})` : '';
}

/** The first differing line of two text files, and within it the differing CSV columns or JSON fields. */
export function describeLines(project: string, rebuilt: string): string {
  const first = firstDifference(project, rebuilt);
  if (!first) return '';
  const a = lineAt(project, first.lineStart);
  const b = lineAt(rebuilt, first.lineStart);
  const at = `line ${first.line}`;
  if (a === undefined || b === undefined) {
    return a === undefined ? `${at}: the project's file ends here, the rebuilt one goes on` : `${at}: the rebuilt file ends here, the project's goes on`;
  }
  const ext = extname(project).toLowerCase();
  if (ext === '.csv' && first.line > 1) {
    const header = lineAt(project, 0) ?? '';
    const fa = csvFields(header, a);
    const fb = csvFields(header, b);
    if (fa && fb) {
      const columns = [...fa.keys()].filter((c) => fa.get(c) !== fb.get(c));
      if (columns.length) {
        const id = fa.get('record_id') ?? fa.get('id');
        const fields = describeFields(columns.slice(0, MAX_FIELDS).map((c) => ({ path: `column ${c}`, project: fa.get(c), rebuilt: fb.get(c) })), columns.length > MAX_FIELDS);
        return `${at}${id ? ` (id ${id})` : ''}: ${fields}`;
      }
    }
  }
  if (ext === '.jsonl') {
    try {
      const ja = JSON.parse(a) as unknown;
      const jb = JSON.parse(b) as unknown;
      const fields = describeJson(ja, jb);
      if (fields) return `${at}${recordLabel(ja)}: ${fields}`;
    } catch {
      // Not JSON on that line: shown as text below.
    }
  }
  // The first differing byte, as a character column of the line (UTF-8 before it is equal in both).
  const charColumn = Buffer.from(a, 'utf8').subarray(0, first.offset - first.lineStart).toString('utf8').length;
  return `${at}, column ${charColumn + 1}: ${snippet(a, charColumn)} in the project, ${snippet(b, charColumn)} rebuilt`;
}

/** Zip entry name → crc32 and size, from the central directory alone (bounded: never inflates anything). */
export function zipEntries(file: string): Map<string, string> | undefined {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tail.length) return undefined;
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size || cdSize > 16 << 20) return undefined;
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    const entries = new Map<string, string>();
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return undefined;
      const nameLength = cd.readUInt16LE(p + 28);
      const skip = cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
      if (p + 46 + nameLength > cd.length) return undefined;
      const name = cd.subarray(p + 46, p + 46 + nameLength).toString('utf8');
      entries.set(name, `${cd.readUInt32LE(p + 16).toString(16)}:${cd.readUInt32LE(p + 24)}`);
      p += 46 + nameLength + skip;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

function describeZip(project: string, rebuilt: string): string {
  const a = zipEntries(project);
  const b = zipEntries(rebuilt);
  if (a && b) {
    const differing = [...new Set([...a.keys(), ...b.keys()])].flatMap((name) => {
      if (!b.has(name)) return [`${name} (only in the project)`];
      if (!a.has(name)) return [`${name} (only rebuilt)`];
      return a.get(name) === b.get(name) ? [] : [name];
    });
    if (differing.length) return `zip entries differ: ${differing.slice(0, MAX_FIELDS * 2).join(', ')}${differing.length > MAX_FIELDS * 2 ? ', and more' : ''}`;
    return 'same zip entries and contents, different packing (entry order, timestamps or compression)';
  }
  return `sha256 ${sha256File(project).slice(0, 12)}… in the project, ${sha256File(rebuilt).slice(0, 12)}… rebuilt`;
}

function parseJsonFile(file: string): { value: unknown } | undefined {
  if (statSync(file).size > MAX_JSON_BYTES) return undefined;
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch {
    return undefined;
  }
}

const TEXT = new Set(['.csv', '.jsonl', '.md', '.svg', '.ris', '.txt', '.tsv', '.json', '.xml', '.html']);

/** Why two files with different bytes differ: field, line or zip entry (one line of text). */
export function describeDifference(project: string, rebuilt: string): string {
  const ext = extname(project).toLowerCase();
  if (ext === '.json') {
    const a = parseJsonFile(project);
    const b = parseJsonFile(rebuilt);
    if (a && b) return describeJson(a.value, b.value) || 'same values, different layout (key order or spacing)';
  }
  if (ext === '.xlsx' || ext === '.zip' || ext === '.docx') return describeZip(project, rebuilt);
  if (TEXT.has(ext)) return describeLines(project, rebuilt);
  return `sha256 ${sha256File(project).slice(0, 12)}… in the project, ${sha256File(rebuilt).slice(0, 12)}… rebuilt`;
}
