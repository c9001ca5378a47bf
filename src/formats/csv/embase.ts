/**
 * Embase.com CSV: the old 20-column layout (volume, issue and pages only inside "Source") and the
 * 49-column layout with a "SEARCH QUERY" preamble, also as re-saved by Excel (BOM, ";", ";;;;" padding).
 */
import { setOnce, squash } from '../common/fields.js';
import {
  authors, splitCommasOutsideParens, type ColumnRule, type ColumnTable, doi, keywords, pageRange, pmid, recordType,
  standardNumbers, text, url, year,
} from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

/**
 * "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: 2014" or
 * "Nature Communications (2024) 15:1 Article Number: 4063. Date of Publication: 1 Dec 2024".
 */
const SOURCE = /^(.+?) \((\d{4})\)(?: ([^\s:()]+)(?::([^\s()]+))?)?(?: \(([^)]+)\))?(?: Article Number: ([^\s.]+))?\./;

const source: ColumnRule = (record, value) => {
  const m = SOURCE.exec(squash(value));
  if (!m) return setOnce(record, 'journal', squash(value));
  setOnce(record, 'journal', m[1]);
  setOnce(record, 'year', Number(m[2]));
  setOnce(record, 'volume', m[3]);
  setOnce(record, 'issue', m[4]);
  setOnce(record, 'pages', m[5] ?? m[6]);
};

const COLUMNS: ColumnTable = [
  ['Title', text('title')],
  ['Author Names', authors('comma')],
  ['Publication Year', year],
  ['Source title', text('journal')],
  ['Volume', text('volume')],
  ['Issue', text('issue')],
  ['First Page', pageRange('Last Page')],
  ['Source', source],
  ['DOI', doi],
  ['Medline PMID', pmid],
  ['PUI', text('accessionNumber')],
  [['ISSN', 'ISBN'], standardNumbers],
  ['Abstract', text('abstract')],
  ['Author Keywords', keywords(splitCommasOutsideParens)],
  [['Emtree Medical Index Terms (Major Focus)', 'Emtree Medical Index Terms', 'Emtree Drug Index Terms (Major Focus)', 'Emtree Drug Index Terms'], keywords(splitCommasOutsideParens)],
  ['Publication Type', recordType()],
  ['Article Language', text('language')],
  ['Book Publisher', text('publisher')],
  [['Full Text Link', 'Embase Link'], url],
];

export const embaseCsv = defineCsvProfile({
  id: 'embase-csv',
  label: 'Embase.com CSV',
  confidence: 0.9,
  matches: hasColumns('Title', 'Author Names', 'Source', 'Emtree Medical Index Terms'),
  columns: COLUMNS,
  finish: (record) => {
    record.database ??= 'Embase';
  },
});
