/**
 * Column rules: small functions that move one cell into record fields. Each profile is a table of
 * [column names, rule] in precedence order, so the mapping lives in data, not in per-profile code.
 */
import type { RecordType } from '../../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, joinPages, parseYear, pushAll, pushEachUnique, pushUnique, setOnce, squash, stripMarkup,
} from '../common/fields.js';
import type { FormatWarning, ParsedRecord } from '../types.js';
import { type AuthorSeparator, parseAuthorList } from './authors.js';

/** What a rule may see besides its own cell: the other cells of the row by column name, and warnings. */
export interface RowView {
  /** Cell of another column (any alias, normalised name), undefined when absent or empty. */
  get(column: string): string | undefined;
  line: number;
  warn(code: FormatWarning['code'], message: string): void;
}

export type ColumnRule = (record: ParsedRecord, value: string, row: RowView) => void;

/** [column names (any case; the first one present in the header wins for scalar fields), rule]. */
export type ColumnTable = readonly (readonly [string | readonly string[], ColumnRule])[];

type TextField = 'title' | 'journal' | 'journalAbbrev' | 'volume' | 'issue' | 'abstract' | 'language' | 'publisher'
  | 'accessionNumber' | 'database' | 'sourceRecordId' | 'rawType' | 'url' | 'pages';

/** A plain text field (white space collapsed, markup dropped); the first non-empty column wins. */
export function text(field: TextField): ColumnRule {
  return (record, value) => setOnce(record, field, squash(stripMarkup(value)) || undefined);
}

export const year: ColumnRule = (record, value) => setOnce(record, 'year', parseYear(value));

export const doi: ColumnRule = (record, value) => setOnce(record, 'doi', cleanDoi(value));

/** A PubMed id, also Cochrane's "PUBMED 21314913". */
export const pmid: ColumnRule = (record, value) => setOnce(record, 'pmid', /^\s*(?:pubmed:?\s*)?(\d{1,9})\s*$/i.exec(value)?.[1]);

/** ISSN and ISBN cells often hold both kinds, and Excel-guarding `="…"` wrappers (EBSCO). */
export const standardNumbers: ColumnRule = (record, value) => {
  const { issn, isbn } = classifyStandardNumbers(value.replace(/[="]/g, ' '));
  pushEachUnique(record.issn, issn);
  pushEachUnique(record.isbn, isbn);
};

/** A page range in one cell; BibTeX's "376 -- 383" becomes "376-383". */
export const pages: ColumnRule = (record, value) => setOnce(record, 'pages', squash(value).replace(/\s*-+\s*/g, '-') || undefined);

/** A first-page column whose last page lives in `endColumn`. */
export function pageRange(endColumn: string): ColumnRule {
  return (record, value, row) => setOnce(record, 'pages', joinPages(value, row.get(endColumn)));
}

/** Authors, unless an earlier (preferred) column already gave them. */
export function authors(separator: AuthorSeparator = 'auto'): ColumnRule {
  return (record, value, row) => {
    if (record.authors.length > 0) return;
    const list = parseAuthorList(value, separator);
    pushAll(record.authors, list.authors);
    if (list.truncated) {
      row.warn('truncated-value', `author list on line ${row.line} ends in "..."; the export cut it after ${list.authors.length} names (the rest are not invented)`);
    }
  };
}

/**
 * Keywords split by `split` (default: on ";"); each is squashed, so spaces around separators go.
 * Every keyword column adds to the list.
 */
export function keywords(split: (value: string) => string[] = (value) => value.split(';')): ColumnRule {
  return (record, value) => pushEachUnique(record.keywords, split(stripMarkup(value)).map(squash));
}

/**
 * Embase's Emtree lists: commas separate terms, but not inside "(diagnosis, surgery)" qualifiers
 * (a comma followed by ")" before any "(" is inside one). One pass from the end; the regex that
 * looked ahead from every comma was quadratic on a long list.
 */
export function splitCommasOutsideParens(value: string): string[] {
  const pieces: string[] = [];
  let end = value.length;
  // Scanning backwards, the nearest paren to the right of each comma is known.
  let nextParen = '';
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value[i];
    if (c === '(' || c === ')') nextParen = c;
    else if (c === ',' && nextParen !== ')') {
      pieces.push(value.slice(i + 1, end));
      end = i;
    }
  }
  pieces.push(value.slice(0, end));
  return pieces.reverse();
}

/**
 * Rayyan re-exports flattened RIS: a cell may end in the next tags ("…&from=export     U2  - L2029880245").
 * The rule gets the value cut before the first leaked tag, and the record a `leaked-tag` warning.
 */
export function withoutLeakedTags(rule: ColumnRule, column: string): ColumnRule {
  return (record, value, row) => {
    const leak = /\s{2,}[A-Z][A-Z0-9] {1,2}- /.exec(value);
    if (!leak) return rule(record, value, row);
    row.warn('leaked-tag', `${column} on line ${row.line} holds flattened RIS tags ("${squash(value.slice(leak.index)).slice(0, 40)}"); cut them off`);
    rule(record, value.slice(0, leak.index), row);
  };
}

/** A document-type column mapped with `map` (default: free-text document types); the raw type is kept. */
export function recordType(map: (value: string) => RecordType | undefined = documentType): ColumnRule {
  return (record, value) => {
    const raw = squash(value);
    if (!raw || record.type !== undefined) return;
    record.type = map(raw);
    record.rawType = raw;
  };
}

/** A URL; cells with several (EBSCO, Scopus) keep the first. */
export const url: ColumnRule = (record, value) => setOnce(record, 'url', /https?:\/\/\S+/.exec(value)?.[0]);

/** Kept in `raw` only: listed so the intent (not forgotten, deliberately unmapped) is visible. */
export const rawOnly: ColumnRule = () => undefined;
