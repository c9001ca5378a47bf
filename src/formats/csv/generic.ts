/**
 * Generic CSV/TSV: any header row with a title-like column, names matched case-insensitively with
 * common aliases. Serves the dedupe benchmarks (CoLRev's BibTeX-like `ID, ENTRYTYPE, title, author…`)
 * and hand-search lists (`title, authors, year, …` with an optional `id`).
 */
import type { RecordType } from '../../model/record.js';
import { documentType } from '../common/fields.js';
import {
  authors, type ColumnTable, doi, keywords, pages, pmid, recordType, standardNumbers, text, url, year,
} from './columns.js';
import { defineCsvProfile } from './profile.js';

const TITLE_COLUMNS = ['title', 'article title', 'document title', 'primary title'];

const BIBTEX_TYPES: ReadonlyMap<string, RecordType> = new Map([
  ['article', 'article'], ['inproceedings', 'conference'], ['conference', 'conference'], ['proceedings', 'book'],
  ['incollection', 'chapter'], ['inbook', 'chapter'], ['book', 'book'], ['phdthesis', 'thesis'],
  ['mastersthesis', 'thesis'], ['thesis', 'thesis'], ['techreport', 'report'], ['report', 'report'],
  ['online', 'web'], ['misc', 'other'], ['unpublished', 'other'],
]);

/** ENTRYTYPE holds BibTeX entry types; a `type` column may hold free text ("Journal Article"). */
function entryType(value: string) {
  return BIBTEX_TYPES.get(value.toLowerCase()) ?? documentType(value);
}

const COLUMNS: ColumnTable = [
  [['id', 'key', 'record id', 'record_id'], text('sourceRecordId')],
  [TITLE_COLUMNS, text('title')],
  [['author', 'authors', 'author(s)', 'author names', 'creators'], authors()],
  [['year', 'publication year', 'pubyear', 'date', 'publication date'], year],
  [['journal', 'source', 'source title', 'journal title', 'publication', 'publication title', 'booktitle', 'book title'], text('journal')],
  [['journal abbreviation', 'journal_abbrev', 'abbreviated source title'], text('journalAbbrev')],
  [['volume'], text('volume')],
  [['number', 'issue'], text('issue')],
  [['pages', 'page', 'page range'], pages],
  [['doi'], doi],
  [['pmid', 'pubmed id', 'pubmed_id'], pmid],
  [['abstract', 'summary'], text('abstract')],
  [['isbn', 'issn'], standardNumbers],
  [['url', 'link'], url],
  [['keywords', 'keyword', 'tags'], keywords()],
  [['language', 'lang'], text('language')],
  [['entrytype', 'type', 'document type', 'item type'], recordType(entryType)],
  [['publisher'], text('publisher')],
  [['database', 'source database'], text('database')],
];

export const genericCsv = defineCsvProfile({
  id: 'generic-csv',
  label: 'Generic CSV/TSV (header row with a title column)',
  confidence: 0.4,
  matches: (keys) => TITLE_COLUMNS.some((k) => keys.has(k)),
  columns: COLUMNS,
  // CoLRev fills unknown fields with "UNKNOWN": not a volume or journal name.
  isPlaceholder: (value) => value === 'UNKNOWN',
});
