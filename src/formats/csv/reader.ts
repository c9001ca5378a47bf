/**
 * The delimited-text reader every CSV/TSV profile shares: csv-parse over the body after the header,
 * with each row's physical start line (embedded newlines counted), ragged-row warnings and a
 * FormatError naming the line where an unclosed quoted field starts.
 */
import { parse } from 'csv-parse/sync';
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
  // CRLF → LF so csv-parse counts one line per physical line; a bare CR stays a character of its field.
  const body = text.slice(header.bodyOffset).replace(/\r\n/g, '\n');
  const warnings: FormatWarning[] = [];
  const parseWith = (relaxQuotes: boolean): string[][] =>
    parse(body, {
      delimiter: header.delimiter,
      record_delimiter: '\n',
      quote: options.quoted ? '"' : false,
      relax_quotes: relaxQuotes,
      relax_column_count: true,
      // Blank lines come back as [''] and are dropped below: counting them keeps line numbers exact
      // without csv-parse's `info` (which costs a third of the parse time).
      skip_empty_lines: false,
      columns: false,
    }) as string[][];
  let parsed: string[][];
  try {
    parsed = parseWith(false);
  } catch (strictError) {
    const code = (strictError as { code?: string }).code;
    // A quote inside an unquoted field (CINAHL's ="0123", 5" floppy) is ordinary text: read relaxed, silently.
    const harmless = code === 'INVALID_OPENING_QUOTE' || code === 'CSV_INVALID_OPENING_QUOTE';
    if (!harmless && code !== 'CSV_INVALID_CLOSING_QUOTE' && code !== 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') throw toFormatError(strictError, body, header.line);
    // A stray quote inside a quoted field: read the file relaxed (the cell keeps the quote literally) and say where.
    const reported = (strictError as { lines?: number }).lines;
    const line = header.line + (reported ?? 1);
    if (!harmless) warnings.push({
      code: 'unbalanced-quotes',
      line,
      message: `a quoted field near line ${line} has a stray quote inside it (a quote in a quoted field is written ""); that row was read leniently and may be split wrongly: check it`,
    });
    try {
      parsed = parseWith(true);
    } catch (error) {
      throw toFormatError(error, body, header.line);
    }
  }
  const rows: DelimitedRow[] = [];
  const width = header.cells.length;
  let line = header.line + 1;
  for (const record of parsed) {
    const start = line;
    line += 1 + countNewlines(record);
    if (record.every((cell) => cell.trim() === '')) continue;
    rows.push({ cells: record, line: start });
    if (record.length !== width && !isHarmlessPadding(record, width, options)) {
      warnings.push({
        code: 'ragged-row',
        line: start,
        message: `row on line ${start} has ${record.length} cells but the header has ${width}; cells were matched to columns by position`,
      });
    }
  }
  return { rows, warnings };
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
