/** Zotero "Export Collection → CSV" (87 columns): Key, Item Type (camelCase), Author "Last, First; …". */
import type { RecordType } from '../../model/record.js';
import { documentType } from '../common/fields.js';
import { authors, type ColumnTable, doi, keywords, pages, recordType, standardNumbers, text, url, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const ITEM_TYPES: ReadonlyMap<string, RecordType> = new Map([
  ['journalArticle', 'article'], ['magazineArticle', 'article'], ['newspaperArticle', 'article'],
  ['book', 'book'], ['bookSection', 'chapter'], ['conferencePaper', 'conference'], ['thesis', 'thesis'],
  ['report', 'report'], ['webpage', 'web'], ['blogPost', 'web'], ['preprint', 'preprint'], ['patent', 'patent'],
  ['dataset', 'dataset'],
]);

const COLUMNS: ColumnTable = [
  ['Key', text('sourceRecordId')],
  ['Item Type', recordType((v) => ITEM_TYPES.get(v) ?? documentType(v))],
  ['Title', text('title')],
  ['Author', authors('semicolon')],
  ['Publication Year', year],
  ['Publication Title', text('journal')],
  ['Journal Abbreviation', text('journalAbbrev')],
  ['Volume', text('volume')],
  ['Issue', text('issue')],
  ['Pages', pages],
  ['DOI', doi],
  [['ISSN', 'ISBN'], standardNumbers],
  ['Url', url],
  ['Abstract Note', text('abstract')],
  [['Manual Tags', 'Automatic Tags'], keywords()],
  ['Language', text('language')],
  ['Publisher', text('publisher')],
  ['Library Catalog', text('database')],
];

export const zoteroCsv = defineCsvProfile({
  id: 'zotero-csv',
  label: 'Zotero CSV',
  confidence: 0.9,
  matches: hasColumns('Key', 'Item Type', 'Publication Title', 'Manual Tags'),
  columns: COLUMNS,
});
