/** Google Scholar "My library" CSV: 8 columns, authors "Last, First; Last, First; " with a trailing "; ". */
import { authors, type ColumnTable, pages, text, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const COLUMNS: ColumnTable = [
  ['Title', text('title')],
  ['Authors', authors('semicolon')],
  ['Publication', text('journal')],
  ['Volume', text('volume')],
  ['Number', text('issue')],
  ['Pages', pages],
  ['Year', year],
  ['Publisher', text('publisher')],
];

export const gscholarCsv = defineCsvProfile({
  id: 'gscholar-csv',
  label: 'Google Scholar CSV (My library)',
  confidence: 0.8,
  matches: (keys) => hasColumns('Authors', 'Title', 'Publication', 'Number', 'Publisher')(keys) && keys.size <= 10,
  columns: COLUMNS,
});
