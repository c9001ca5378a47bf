/** Covidence CSV: "Covidence #" ("#1") is the record's id inside Covidence; authors "Last, F.; …". */
import { authors, type ColumnTable, doi, keywords, pages, text, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const COLUMNS: ColumnTable = [
  ['Covidence #', text('sourceRecordId')],
  ['Title', text('title')],
  ['Authors', authors('semicolon')],
  ['Abstract', text('abstract')],
  ['Published Year', year],
  ['Journal', text('journal')],
  ['Volume', text('volume')],
  ['Issue', text('issue')],
  ['Pages', pages],
  ['Accession Number', text('accessionNumber')],
  ['DOI', doi],
  ['Tags', keywords()],
];

export const covidenceCsv = defineCsvProfile({
  id: 'covidence-csv',
  label: 'Covidence CSV',
  confidence: 0.95,
  matches: hasColumns('Covidence #', 'Title'),
  columns: COLUMNS,
});
