/**
 * The delimited-text reader every CSV/TSV profile shares: csv-parse over the body after the header,
 * with each row's physical start line (embedded newlines counted), ragged-row warnings and a
 * FormatError naming the line where an unclosed quoted field starts.
 */
import { CsvError, Parser, type Options as ParserOptions } from 'csv-parse';
import { FormatError, type FormatWarning } from '../types.js';
import type { HeaderLine } from './header.js';

export interface DelimitedRow {
  cells: string[];
  /** 1-based physical line where the row starts. */
  line: number;
}

export interface ReadOptions {
  /** false for exports that never quote (WoS tab-delimited): a `"` is then an ordinary character. */
  quoted: boolean;
  /** The export ends every data row with one extra delimiter (WoS tab-delimited): not a ragged row. */
  trailingDelimiter: boolean;
}

export function readRows(text: string, header: HeaderLine, options: ReadOptions): { rows: DelimitedRow[]; warnings: FormatWarning[] } {
  let rows: DelimitedRow[] = [];
  const warnings = forEachRow({ text, from: header.bodyOffset }, header, options, (row) => rows.push(row), () => { rows = []; });
  return { rows, warnings };
}

/** How much of the text csv-parse is given at a time: the body is never copied or encoded whole. */
const CHUNK_CHARS = 1 << 20;

/**
 * The rows after the header: in the decoded text from a character offset, or in a UTF-8 file's
 * bytes (BOM removed) from a byte offset, so a large file is never decoded whole.
 */
export type DelimitedBody = { text: string; from: number } | { utf8: Buffer; from: number };

/**
 * Hand each non-blank row to `onRow` as it is read (rows are not kept), and return the reading
 * warnings. A stray quote is only known once the strict reading fails, possibly after many rows:
 * `onRestart` is then called, and the rows are read again, leniently, from the first.
 */
export function forEachRow(source: DelimitedBody, header: HeaderLine, options: ReadOptions, onRow: (row: DelimitedRow) => void, onRestart: () => void): FormatWarning[] {
  let warnings: FormatWarning[] = [];
  const width = header.cells.length;
  const readWith = (relaxQuotes: boolean): void => {
    let line = header.line + 1;
    readRecords(source, {
      delimiter: header.delimiter,
      record_delimiter: '\n',
      quote: options.quoted ? '"' : false,
      relax_quotes: relaxQuotes,
      relax_column_count: true,
      // Blank lines come back as [''] and are dropped below: counting them keeps line numbers exact
      // without csv-parse's `info` (which costs a third of the parse time).
      skip_empty_lines: false,
      columns: false,
    }, (record) => {
      const start = line;
      line += 1 + countNewlines(record);
      if (record.every((cell) => cell.trim() === '')) return;
      if (record.length !== width && !isHarmlessPadding(record, width, options)) {
        warnings.push({
          code: 'ragged-row',
          line: start,
          message: `row on line ${start} has ${record.length} cells but the header has ${width}; cells were matched to columns by position`,
        });
      }
      onRow({ cells: record, line: start });
    });
  };
  try {
    readWith(false);
  } catch (strictError) {
    if (!(strictError instanceof CsvError)) throw strictError;
    const code: string = strictError.code;
    const body = (): string => ('text' in source ? source.text.slice(source.from) : source.utf8.toString('utf8', source.from)).replace(/\r\n/g, '\n');
    // A quote inside an unquoted field (CINAHL's ="0123", 5" floppy) is ordinary text: read relaxed, silently.
    const harmless = code === 'INVALID_OPENING_QUOTE' || code === 'CSV_INVALID_OPENING_QUOTE';
    if (!harmless && code !== 'CSV_INVALID_CLOSING_QUOTE' && code !== 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') throw toFormatError(strictError, body(), header.line);
    // A stray quote inside a quoted field: read the file relaxed (the cell keeps the quote literally) and say where.
    const reported = (strictError as { lines?: number }).lines;
    const line = header.line + (reported ?? 1);
    warnings = harmless ? [] : [{
      code: 'unbalanced-quotes',
      line,
      message: `a quoted field near line ${line} has a stray quote inside it (a quote in a quoted field is written ""); that row was read leniently and may be split wrongly: check it`,
    }];
    onRestart();
    try {
      readWith(true);
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      throw toFormatError(error, body(), header.line);
    }
  }
  return warnings;
}

/**
 * csv-parse over `text` from `from`, a piece at a time (CRLF read as LF, so it counts one line per
 * physical line; a bare CR stays a character of its field), each record handed to `onRecord`.
 * Throws csv-parse's error. Parser.api is csv-parse's synchronous core, the one its sync and
 * stream front-ends drive; driving it here reads piece by piece without a stream.
 */
function readRecords(source: DelimitedBody, options: ParserOptions, onRecord: (record: string[]) => void): void {
  const api = (new Parser(options) as unknown as { api: ParserApi }).api;
  // An error thrown by onRecord ends the reading at once (csv-parse does not catch it).
  const push = (record: unknown): void => onRecord(record as string[]);
  const close = (): void => undefined;
  const feed = (piece: Buffer | undefined, end: boolean): void => {
    const error = api.parse(piece, end, push, close);
    if (error !== undefined) throw error;
  };
  if ('text' in source) {
    const { text } = source;
    for (let at = source.from; at < text.length;) {
      let end = Math.min(at + CHUNK_CHARS, text.length);
      // Never split a surrogate pair (it would not encode) or a CRLF (it would not read as one LF).
      while (end < text.length && (isHighSurrogate(text.charCodeAt(end - 1)) || text.charCodeAt(end - 1) === 0x0d)) end++;
      feed(Buffer.from(text.slice(at, end).replace(/\r\n/g, '\n'), 'utf8'), false);
      at = end;
    }
  } else {
    // csv-parse reads bytes and joins a character split between two pieces; only a CRLF must not be split.
    const { utf8 } = source;
    for (let at = source.from; at < utf8.length;) {
      let end = Math.min(at + CHUNK_CHARS, utf8.length);
      while (end < utf8.length && utf8[end - 1] === 0x0d) end++;
      feed(crlfToLf(utf8.subarray(at, end)), false);
      at = end;
    }
  }
  feed(undefined, true);
}

/** The bytes with every CR LF read as LF (a copy only when there is one). */
function crlfToLf(bytes: Buffer): Buffer {
  let crlf = bytes.indexOf(CRLF);
  if (crlf < 0) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let used = 0;
  let from = 0;
  for (; crlf >= 0; crlf = bytes.indexOf(CRLF, from)) {
    used += bytes.copy(out, used, from, crlf);
    from = crlf + 1;
  }
  used += bytes.copy(out, used, from);
  return out.subarray(0, used);
}

const CRLF = Buffer.from('\r\n');

interface ParserApi {
  parse(piece: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** WoS: exactly one trailing empty cell after the last column. */
function isHarmlessPadding(record: string[], width: number, options: ReadOptions): boolean {
  return options.trailingDelimiter && record.length === width + 1 && record[width] === '';
}

function countNewlines(record: string[]): number {
  let n = 0;
  for (const cell of record) {
    for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++;
  }
  return n;
}

function toFormatError(error: unknown, body: string, headerLine: number): FormatError {
  const code = (error as { code?: string }).code;
  const reportedLine = (error as { lines?: number }).lines;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    const opened = unclosedQuoteLine(body);
    const line = headerLine + (opened ?? reportedLine ?? 1);
    return new FormatError(`unbalanced quotes: a quoted field opened on line ${line} never closes; re-export or fix the quote`, line);
  }
  const line = reportedLine !== undefined ? headerLine + reportedLine : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new FormatError(`unreadable delimited text${line ? ` near line ${line}` : ''}: ${message}`, line);
}

/** 1-based line (within `body`) of a field that opens a quote and never closes it, if any. */
function unclosedQuoteLine(body: string): number | undefined {
  let line = 1;
  let openedOn: number | undefined;
  let fieldStart = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (openedOn !== undefined) {
      if (c === '\n') line++;
      else if (c === '"') {
        if (body[i + 1] === '"') i++;
        else openedOn = undefined;
      }
      continue;
    }
    if (c === '\n') {
      line++;
      fieldStart = true;
    } else if (c === '"' && fieldStart) {
      openedOn = line;
    } else {
      fieldStart = c === ',' || c === ';' || c === '\t';
    }
  }
  return openedOn;
}
