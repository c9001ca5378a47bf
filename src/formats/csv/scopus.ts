/**
 * Scopus CSV, all three layouts seen (41 columns without "Author full names", 45 and 46 with it).
 * "Author full names" ("Liu, Fengyuan (57218…)") is preferred to the abbreviated "Authors".
 */
import { authors, type ColumnTable, doi, keywords, pageRange, pmid, recordType, standardNumbers, text, url, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const COLUMNS: ColumnTable = [
  ['Title', text('title')],
  ['Author full names', authors('semicolon')],
  ['Authors', authors()],
  ['Year', year],
  ['Source title', text('journal')],
  ['Abbreviated Source Title', text('journalAbbrev')],
  ['Volume', text('volume')],
  ['Issue', text('issue')],
  ['Page start', pageRange('Page end')],
  // Electronic-only articles have an article number instead of pages.
  ['Art. No.', text('pages')],
  ['DOI', doi],
  ['Link', url],
  ['Abstract', text('abstract')],
  [['Author Keywords', 'Index Keywords'], keywords()],
  ['Document Type', recordType()],
  ['EID', text('accessionNumber')],
  ['PubMed ID', pmid],
  [['ISSN', 'ISBN'], standardNumbers],
  ['Language of Original Document', text('language')],
  ['Publisher', text('publisher')],
  ['Source', text('database')],
];

export const scopusCsv = defineCsvProfile({
  id: 'scopus-csv',
  label: 'Scopus CSV',
  confidence: 0.9,
  matches: hasColumns('Authors', 'Title', 'Source title', 'EID'),
  columns: COLUMNS,
});
