/**
 * Publish or Perish CSV (Google Scholar and other sources). What Google Scholar shows is cut:
 * author lists end in "...", titles and sources in "…", abstracts are snippets starting with "…".
 * Cut values are kept as far as they go with a `truncated-value` warning; nothing is invented.
 * DOIs sometimes carry a landing-page suffix ("10.1638/2009-0160.1.short") that is stripped.
 */
import { cleanDoi, setOnce, squash, withoutEllipsis } from '../common/fields.js';
import { authors, type ColumnRule, type ColumnTable, pageRange, rawOnly, standardNumbers, text, url, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const LANDING_SUFFIX = /\.(?:short|full|pdf|abstract|full\.pdf|full-text|html?)$/i;

const popDoi: ColumnRule = (record, value) => setOnce(record, 'doi', cleanDoi(value)?.replace(LANDING_SUFFIX, ''));

/** A text field whose end Google Scholar may have cut with "…". */
function clipped(field: 'title' | 'journal', column: string): ColumnRule {
  return (record, value, row) => {
    const cell = squash(value);
    if (!cell.endsWith('…')) return setOnce(record, field, cell);
    row.warn('truncated-value', `${column} on line ${row.line} is cut short by Google Scholar ("…${cell.slice(-30)}"); kept as given`);
    setOnce(record, field, withoutEllipsis(cell) || undefined);
  };
}

const COLUMNS: ColumnTable = [
  ['Title', clipped('title', 'Title')],
  ['Authors', authors('comma')],
  ['Year', year],
  ['Source', clipped('journal', 'Source')],
  // Google Scholar's "publisher" is the host site ("int-res.com"), not a publisher.
  ['Publisher', rawOnly],
  ['ArticleURL', url],
  ['DOI', popDoi],
  ['ISSN', standardNumbers],
  ['Volume', text('volume')],
  ['Issue', text('issue')],
  ['StartPage', pageRange('EndPage')],
  ['Abstract', text('abstract')],
  // "Type" is Google Scholar's result kind (PDF, HTML, BOOK, CITATION), not a document type.
  ['Type', rawOnly],
];

export const popCsv = defineCsvProfile({
  id: 'pop-csv',
  label: 'Publish or Perish CSV',
  confidence: 0.9,
  matches: hasColumns('Cites', 'Authors', 'Title', 'GSRank', 'CitesPerYear'),
  columns: COLUMNS,
});
