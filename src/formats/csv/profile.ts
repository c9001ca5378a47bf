/**
 * Turns a profile description (header signature + column table) into a format plug-in. Every
 * delimited export goes through here, so header finding, row reading, raw cells and warnings work
 * the same way for all of them.
 *
 * Raw cells: every non-empty cell is kept as [header as written, value] in column order. Empty cells
 * are left out: they carry no information, and exports such as Zotero (87 columns) or WoS (59) are
 * mostly empty.
 */
import { emptyRecord, FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord, type ParseResult } from '../types.js';
import { setPmidFromUrls } from '../common/pubmed-url.js';
import type { ColumnRule, ColumnTable, RowView } from './columns.js';
import { findHeader, type HeaderLine, normalizeHeader } from './header.js';
import { type DelimitedRow, forEachRow } from './reader.js';

export interface CsvProfile {
  id: string;
  label: string;
  /** Confidence when the header matches (generic 0.4, specific exports 0.8–0.95). */
  confidence: number;
  /** Does this (normalised) header row belong to the export? */
  matches(keys: ReadonlySet<string>): boolean;
  columns: ColumnTable;
  /** Exports that never quote fields (WoS tab-delimited). */
  unquoted?: boolean;
  /** Every data row ends with one extra delimiter (WoS tab-delimited). */
  trailingDelimiter?: boolean;
  /** Cell values that mean "unknown" in this export (ignored for fields, kept in raw). */
  isPlaceholder?: (value: string) => boolean;
  /** Cross-column fix-ups and warnings once every column rule ran. */
  finish?: (record: ParsedRecord, row: RowView) => void;
}

/** Columns present in the header (normalised keys): all of `required`. */
export function hasColumns(...required: string[]): (keys: ReadonlySet<string>) => boolean {
  const wanted = required.map(normalizeHeader);
  return (keys) => wanted.every((k) => keys.has(k));
}

export function defineCsvProfile(profile: CsvProfile): FormatPlugin {
  const accept = (keys: string[]): boolean => profile.matches(new Set(keys));
  return {
    id: profile.id,
    label: profile.label,
    sniff: (text) => (cachedHeader(profile, text, accept) ? profile.confidence : 0),
    contentStart: (text) => cachedHeader(profile, text, accept)?.start,
    parse: (text) => {
      let records: ParsedRecord[] = [];
      const { warnings } = parseEachWithProfile(profile, { text }, accept, (record) => records.push(record), () => { records = []; });
      return { records, warnings };
    },
    // A UTF-8 file is read from its bytes: its text is never made whole.
    parseEach: (input, onRecord, onRestart) => parseEachWithProfile(profile, input.encoding === 'utf-8' ? { utf8: input.utf8(), head: input.head } : { text: input.text() }, accept, onRecord, onRestart),
  };
}

/** sniff() runs for every profile on the same head of a file: remember the last few header searches. */
const sniffCache = new Map<string, { text: string; header: HeaderLine | undefined }>();
function cachedHeader(profile: CsvProfile, text: string, accept: (keys: string[]) => boolean): HeaderLine | undefined {
  const hit = sniffCache.get(profile.id);
  if (hit && hit.text === text) return hit.header;
  const header = findHeader(text, accept);
  sniffCache.set(profile.id, { text, header });
  return header;
}

/** Each row mapped and handed over as it is read (see FormatPlugin.parseEach). */
function parseEachWithProfile(
  profile: CsvProfile, input: { text: string } | { utf8: Buffer; head: string }, accept: (keys: string[]) => boolean,
  onRecord: (record: ParsedRecord) => void, onRestart: () => void,
): { warnings: FormatWarning[]; records: number } {
  const header = findHeader('text' in input ? input.text : input.head, accept);
  // The header is looked for in the head sniffing read; one that ends past it is looked for in the whole text.
  if ('utf8' in input && (!header || header.bodyOffset >= input.head.length)) return parseEachWithProfile(profile, { text: input.utf8.toString('utf8') }, accept, onRecord, onRestart);
  if (!header) {
    throw new FormatError(`no ${profile.label} header row found in the first lines (expected columns such as ${describeColumns(profile)})`, 1);
  }
  const columnIndex = indexColumns(header.keys);
  const bound = bindRules(profile.columns, columnIndex);
  // Reading warnings come first, then the rows' own, each in file order (as when rows were read whole first).
  let rowWarnings: FormatWarning[] = [];
  let records = 0;
  const body = 'text' in input ? { text: input.text, from: header.bodyOffset } : { utf8: input.utf8, from: Buffer.byteLength(input.head.slice(0, header.bodyOffset), 'utf8') };
  const readWarnings = forEachRow(body, header, { quoted: !profile.unquoted, trailingDelimiter: profile.trailingDelimiter ?? false }, (row) => {
    onRecord(toRecord(profile, header, row, columnIndex, bound, rowWarnings));
    records++;
  }, () => {
    rowWarnings = [];
    records = 0;
    onRestart();
  });
  return { warnings: [...readWarnings, ...rowWarnings], records };
}

/** First position of each normalised column name. */
function indexColumns(keys: string[]): Map<string, number> {
  const index = new Map<string, number>();
  keys.forEach((key, i) => {
    if (key !== '' && !index.has(key)) index.set(key, i);
  });
  return index;
}

/** The table's rules in precedence order, each bound to the column position(s) present in this file. */
function bindRules(table: ColumnTable, columnIndex: Map<string, number>): [number, ColumnRule][] {
  const bound: [number, ColumnRule][] = [];
  for (const [names, rule] of table) {
    for (const name of typeof names === 'string' ? [names] : names) {
      const at = columnIndex.get(normalizeHeader(name));
      if (at !== undefined) bound.push([at, rule]);
    }
  }
  return bound;
}

function toRecord(
  profile: CsvProfile, header: HeaderLine, row: DelimitedRow, columnIndex: Map<string, number>,
  rules: [number, ColumnRule][], warnings: FormatWarning[],
): ParsedRecord {
  const record = emptyRecord(row.line);
  const { cells } = row;
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i] as string;
    if (value.trim() === '') continue;
    record.raw.push([header.cells[i] || `column ${i + 1}`, value]);
  }
  const usable = (value: string | undefined): value is string =>
    value !== undefined && value.trim() !== '' && !(profile.isPlaceholder?.(value.trim()) ?? false);
  const view: RowView = {
    line: row.line,
    get(column) {
      const at = columnIndex.get(normalizeHeader(column));
      const value = at === undefined ? undefined : cells[at];
      return usable(value) ? value : undefined;
    },
    warn(code, message) {
      warnings.push({ code, message, line: row.line });
    },
  };
  for (const [at, rule] of rules) {
    const value = cells[at];
    if (usable(value)) rule(record, value, view);
  }
  profile.finish?.(record, view);
  // A link column (url, link, Rayyan's url…) may name the PubMed record: any cell that is a link.
  if (record.pmid === undefined) setPmidFromUrls(record, cells.filter((cell) => /^\s*https?:\/\//i.test(cell)).map((cell) => cell.trim()));
  return record;
}

function describeColumns(profile: CsvProfile): string {
  const names = profile.columns.slice(0, 4).map(([n]) => `"${typeof n === 'string' ? n : n[0]}"`);
  return names.join(', ');
}
