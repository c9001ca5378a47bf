/**
 * Swepub bibliometrics CSV/TSV (libris/swepub-redux service/utils/bibliometrics_csv.py). Lists are
 * joined with the file's delimiter inside a cell; creators with ";", each creator's parts
 * (familyName, givenName, localId, localIdBy, ORCID, affiliation, freetext) with the delimiter.
 * No real export was available: the tests use a synthetic file built from that column list.
 */
import { setOnce, splitTrimmed, squash } from '../common/fields.js';
import { type ColumnRule, type ColumnTable, doi, keywords, pmid, standardNumbers, text, url, year } from './columns.js';
import { swepubOutputType } from '../swepub-json.js';
import { defineCsvProfile, hasColumns } from './profile.js';

/** A cell's list: items separated by commas or tabs (split in one pass; empty items dropped). */
const list = (value: string): string[] => splitTrimmed(value, ',\t').filter(Boolean);

const creators: ColumnRule = (record, value) => {
  if (record.authors.length > 0) return;
  for (const creator of value.split(';')) {
    const [family, given] = creator.split(/[,\t]/).map(squash);
    if (!family) continue;
    record.authors.push(given ? { family, given } : { family });
  }
};

/** Output types are id.kb.se URIs, mapped as in the Swepub JSON plug-in. */
const outputType: ColumnRule = (record, value) => {
  const first = list(value)[0];
  if (!first || record.type) return;
  record.rawType = first;
  record.type = swepubOutputType(first);
};

const firstDoi: ColumnRule = (record, value, row) => {
  for (const part of list(value)) doi(record, part, row);
};

const COLUMNS: ColumnTable = [
  ['record_id', text('accessionNumber')],
  ['title', text('title')],
  ['creators', creators],
  ['summary', text('abstract')],
  ['publication_year', year],
  ['output_types', outputType],
  ['DOI', firstDoi],
  [['ISBN', 'ISSN'], standardNumbers],
  ['pubmed_id', pmid],
  ['keywords', keywords(list)],
  ['languages', (record, value) => setOnce(record, 'language', list(value)[0] || undefined)],
  ['publication_channel', text('journal')],
  ['publisher', text('publisher')],
  [['electronic_locator', 'archive_URI'], url],
];

export const swepubCsv = defineCsvProfile({
  id: 'swepub-csv',
  label: 'Swepub bibliometrics CSV/TSV',
  confidence: 0.9,
  matches: hasColumns('record_id', 'creators', 'title', 'publication_year'),
  columns: COLUMNS,
  finish: (record) => {
    record.database ??= 'Swepub';
  },
});
