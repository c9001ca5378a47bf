/**
 * Web of Science tab-delimited (UTF-8 or UTF-16, decoded before it gets here): WoS field tags as
 * the header, never quoted, "; "-joined lists, and one extra TAB at the end of every data row.
 */
import type { RecordType } from '../../model/record.js';
import { documentType } from '../common/fields.js';
import { authors, type ColumnTable, doi, keywords, pageRange, pmid, recordType, standardNumbers, text, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const PT_TYPES: Readonly<Record<string, RecordType>> = { J: 'article', B: 'book', S: 'chapter', P: 'patent', C: 'conference' };

const COLUMNS: ColumnTable = [
  ['TI', text('title')],
  // AF has full names; AU the abbreviated ones; a group author (CA/GP) only when neither is there.
  [['AF', 'AU', 'CA', 'GP'], authors('semicolon')],
  ['DT', recordType()],
  ['PT', recordType((v) => PT_TYPES[v.toUpperCase()] ?? documentType(v))],
  ['SO', text('journal')],
  [['JI', 'J9'], text('journalAbbrev')],
  ['PY', year],
  ['VL', text('volume')],
  ['IS', text('issue')],
  ['BP', pageRange('EP')],
  ['AR', text('pages')],
  ['DI', doi],
  ['PM', pmid],
  [['SN', 'EI', 'BN'], standardNumbers],
  ['AB', text('abstract')],
  [['DE', 'ID'], keywords()],
  ['LA', text('language')],
  ['PU', text('publisher')],
  ['UT', text('accessionNumber')],
];

export const wosTab = defineCsvProfile({
  id: 'wos-tab',
  label: 'Web of Science tab-delimited',
  confidence: 0.95,
  matches: hasColumns('PT', 'AU', 'TI', 'SO', 'UT'),
  columns: COLUMNS,
  unquoted: true,
  trailingDelimiter: true,
  finish: (record) => {
    if (record.accessionNumber?.startsWith('WOS:')) record.database ??= 'Web of Science';
  },
});
