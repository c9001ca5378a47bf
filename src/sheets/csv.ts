import { parse } from 'csv-parse/sync';
import { neutralizeCell, restoreCell } from './neutralize.js';

export interface WriteCsvOptions {
  /**
   * false for a file meant for another tool's import (Rayyan): values are written exactly as they
   * are, since that tool evaluates nothing and would keep our apostrophe as part of the value.
   */
  neutralize?: boolean;
}

/**
 * Our own CSV files (stage outputs and CSV sheets): RFC 4180, LF line ends, header row, every cell a
 * spreadsheet would evaluate neutralised against formula injection (see neutralize.ts).
 * Deterministic: same rows → same bytes.
 */
export function writeCsv(columns: readonly string[], rows: readonly Record<string, unknown>[], options: WriteCsvOptions = {}): string {
  const parts: string[] = [];
  writeCsvPieces(columns, rows, (text) => parts.push(text), options);
  return parts.join('');
}

/**
 * The same bytes as writeCsv, handed to `write` a few thousand rows at a time, so a table of a
 * million rows (dedupe's pairs) is never held whole, neither as row objects nor as one string.
 */
export function writeCsvPieces(columns: readonly string[], rows: Iterable<Record<string, unknown>>, write: (text: string) => void, options: WriteCsvOptions = {}): void {
  const neutralize = options.neutralize ?? true;
  write(`${columns.map(csvField).join(',')}\n`);
  let piece = '';
  let count = 0;
  for (const row of rows) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      if (c) line += ',';
      line += csvField(cellText(row[columns[c]!], neutralize));
    }
    piece += `${line}\n`;
    if (++count === 4096) { write(piece); piece = ''; count = 0; }
  }
  if (piece) write(piece);
}

/**
 * One RFC 4180 field as csv-stringify writes it with a "\n" record delimiter (tests check the two
 * agree): quoted, with quotes doubled, when it holds a comma, a quote or a line feed. Written here
 * because stringify's per-field options cost a third of writing dedupe's million-row pairs.csv.
 */
function csvField(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x22 || c === 0x0a) return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

function cellText(value: unknown, neutralize: boolean): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  return neutralize ? neutralizeCell(text) : text;
}

function countLf(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

export interface CsvRow {
  /** 1-based physical line where the row starts (header is line 1). */
  line: number;
  values: Map<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Read a CSV written by us or re-saved by a spreadsheet (BOM, `,` or `;`, CRLF). Throws with a line on bad quoting. */
export function readCsv(text: string): CsvTable {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.slice(0, clean.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const bytes = Buffer.from(clean, 'utf8');
  const records = parse(bytes, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { bytes: number } }[];
  const [head, ...body] = records;
  const header = (head?.record ?? []).map((h) => h.trim());
  const rows: CsvRow[] = [];
  // Physical start line of each row: count LF bytes up to where the row's text begins (skipping blank lines).
  let offset = head?.info.bytes ?? 0;
  let line = 1 + countLf(bytes, 0, offset);
  for (const r of body) {
    while (offset < bytes.length && (bytes[offset] === 0x0a || bytes[offset] === 0x0d)) {
      if (bytes[offset] === 0x0a) line++;
      offset++;
    }
    const values = new Map<string, string>();
    header.forEach((h, i) => values.set(h, restoreCell(r.record[i] ?? '')));
    rows.push({ line, values });
    line += countLf(bytes, offset, r.info.bytes);
    offset = r.info.bytes;
  }
  return { header, rows };
}
