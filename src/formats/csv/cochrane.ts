/** Cochrane Library (CENTRAL) CSV: CENTRAL ID, Author(s) "Last, F; …", "PUBMED 21314913" ids. */
import { authors, type ColumnTable, doi, keywords, pmid, recordType, text, url, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const COLUMNS: ColumnTable = [
  ['Title', text('title')],
  ['Author(s)', authors('semicolon')],
  ['Source', text('journal')],
  ['Year', year],
  ['Abstract', text('abstract')],
  ['Volume', text('volume')],
  ['Issue', text('issue')],
  ['Pages', text('pages')],
  ['CENTRAL ID', text('accessionNumber')],
  ['Database Name', text('database')],
  ['PubMed ID', pmid],
  ['Publication Type', recordType()],
  ['Keywords', keywords()],
  ['DOI', doi],
  ['URL', url],
];

export const cochraneCsv = defineCsvProfile({
  id: 'cochrane-csv',
  label: 'Cochrane Library CSV',
  confidence: 0.9,
  matches: hasColumns('CENTRAL ID', 'Author(s)', 'Title'),
  columns: COLUMNS,
});
