/**
 * PubMed "Save → CSV": volume, issue and pages exist only inside the Citation column
 * ("Eur J Med Genet. 2020 Feb;63(2):103640. doi: 10.1016/j.ejmg.2019.03.004. Epub 2019 Mar 25.").
 */
import { cleanDoi, setOnce, squash } from '../common/fields.js';
import { authors, type ColumnRule, type ColumnTable, doi, pmid, text, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

/** journal. date;volume(issue):pages. — each part after the date optional. */
const CITATION = /^(.+?)\. (\d{4}[^;.]*)(?:;([^(:.;]*))?(?:\(([^)]*)\))?(?::([^.;\s]+))?\./;

const citation: ColumnRule = (record, value) => {
  const cell = squash(value);
  const m = CITATION.exec(cell);
  if (m) {
    setOnce(record, 'journal', m[1]);
    setOnce(record, 'volume', m[3]?.trim() || undefined);
    setOnce(record, 'issue', m[4]?.trim() || undefined);
    setOnce(record, 'pages', m[5]);
  }
  const doiPart = /\bdoi: (\S+)/.exec(cell);
  setOnce(record, 'doi', cleanDoi(doiPart?.[1]));
};

const COLUMNS: ColumnTable = [
  ['PMID', pmid],
  ['Title', text('title')],
  ['Authors', authors('comma')],
  ['Publication Year', year],
  ['Journal/Book', text('journal')],
  ['Journal/Book', text('journalAbbrev')],
  ['DOI', doi],
  ['Citation', citation],
];

export const pubmedCsv = defineCsvProfile({
  id: 'pubmed-csv',
  label: 'PubMed CSV',
  confidence: 0.9,
  matches: hasColumns('PMID', 'Title', 'Authors', 'Citation'),
  columns: COLUMNS,
  finish: (record) => {
    record.database ??= 'PubMed';
  },
});
