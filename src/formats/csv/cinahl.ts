/** EBSCOhost CSV (CINAHL and other EBSCO databases); Excel-guarded cells like `="19326203"`. */
import { authors, type ColumnTable, doi, keywords, recordType, standardNumbers, text, url, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const COLUMNS: ColumnTable = [
  ['Article Title', text('title')],
  ['Author', authors('semicolon')],
  ['Journal Title', text('journal')],
  [['ISSN', 'ISBN'], standardNumbers],
  ['Publication Date', year],
  ['Volume', text('volume')],
  ['Issue', text('issue')],
  // Only the first page is given (with a page count), so pages hold the first page.
  ['First Page', text('pages')],
  ['Accession Number', text('accessionNumber')],
  ['DOI', doi],
  ['Publisher', text('publisher')],
  ['Doctype', recordType()],
  [['Subjects', 'Keywords'], keywords()],
  ['Abstract', text('abstract')],
  ['PLink', url],
];

export const cinahlCsv = defineCsvProfile({
  id: 'cinahl-csv',
  label: 'EBSCOhost (CINAHL) CSV',
  confidence: 0.85,
  matches: hasColumns('Article Title', 'Journal Title', 'Accession Number', 'PLink'),
  columns: COLUMNS,
});
