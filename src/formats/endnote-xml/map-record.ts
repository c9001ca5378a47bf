/**
 * EndNote XML leaves → a ParsedRecord. EndNote, Mendeley and Zotero write the same element names
 * but differ in details: Mendeley numbers "Journal Article" 0 (EndNote 17) and writes <issue> where
 * EndNote writes <number>; EndNote separates values inside one field with CR (`&#13;`).
 */
import type { RecordType } from '../../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, isCorporate, parseInvertedName, parseYear, pushAll, pushEachUnique, pushUnique, setOnce, squash,
} from '../common/fields.js';
import { setPmidFromUrls } from '../common/pubmed-url.js';
import { emptyRecord, type ParsedRecord } from '../types.js';
import type { Leaf } from './leaves.js';

/** Fields whose CR/LF are paragraph or line breaks inside one value, not separators between values. */
const PROSE = /(^|\/)(title|secondary-title|tertiary-title|alt-title|short-title|translated-title|full-title|abbr-[1-4]|abstract|orig-pub|research-notes)$/;

/** Split a field on the in-field separator (`&#13;`, also LF in hand-edited files). */
export function splitFieldValues(value: string): string[] {
  return value.split(/\r\n?|\n/).map((v) => v.trim()).filter((v) => v !== '');
}

/** Raw entries for one leaf: prose stays one entry, separated lists become one entry per value. */
export function rawEntries(leaf: Leaf): [string, string][] {
  if (PROSE.test(leaf.path) || leaf.path.includes('@')) return [[leaf.path, leaf.value.trim()]];
  return splitFieldValues(leaf.value).map((v) => [leaf.path, v]);
}

/** Reference types by EndNote's name (stable across versions; numbers are not: see case "Report" = 10 vs 27). */
const TYPE_BY_NAME: ReadonlyMap<string, RecordType> = new Map([
  ['journal article', 'article'], ['electronic article', 'article'], ['magazine article', 'article'], ['newspaper article', 'article'],
  ['book', 'book'], ['edited book', 'book'], ['electronic book', 'book'], ['classical work', 'book'],
  ['book section', 'chapter'], ['electronic book section', 'chapter'],
  ['conference proceedings', 'conference'], ['conference paper', 'conference'],
  ['thesis', 'thesis'], ['report', 'report'], ['government document', 'report'],
  ['web page', 'web'], ['blog', 'web'], ['online database', 'web'], ['patent', 'patent'], ['dataset', 'dataset'],
  ['generic', 'other'], ['unpublished work', 'other'], ['manuscript', 'other'],
]);

/** EndNote's default numbers, used only when a file gives no name. 0 is Mendeley's "Journal Article". */
const TYPE_BY_NUMBER: ReadonlyMap<string, RecordType> = new Map([
  ['0', 'article'], ['17', 'article'], ['43', 'article'], ['19', 'article'], ['23', 'article'],
  ['6', 'book'], ['28', 'book'], ['44', 'book'], ['5', 'chapter'], ['60', 'chapter'],
  ['10', 'conference'], ['47', 'conference'], ['32', 'thesis'], ['27', 'report'], ['46', 'report'],
  ['12', 'web'], ['56', 'web'], ['25', 'patent'], ['59', 'dataset'], ['13', 'other'],
]);

export function endnoteType(name: string | undefined, number: string | undefined): RecordType | undefined {
  if (name) return TYPE_BY_NAME.get(name.trim().toLowerCase()) ?? documentType(name);
  if (number) return TYPE_BY_NUMBER.get(number.trim()) ?? 'other';
  return undefined;
}

/** Leaves grouped by path, first-seen order kept; a Map so tag names never become object keys. */
function byPath(leaves: Leaf[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const leaf of leaves) {
    const list = map.get(leaf.path);
    if (list) list.push(leaf.value);
    else map.set(leaf.path, [leaf.value]);
  }
  return map;
}

function first(map: Map<string, string[]>, ...paths: string[]): string | undefined {
  for (const path of paths) {
    for (const value of map.get(path) ?? []) {
      const v = squash(value);
      if (v) return v;
    }
  }
  return undefined;
}

function all(map: Map<string, string[]>, ...paths: string[]): string[] {
  return paths.flatMap((p) => (map.get(p) ?? []).flatMap(splitFieldValues));
}

/** Abstracts keep paragraph breaks (CR from `&#13;` → LF); runs of spaces inside a line are squashed. */
function cleanAbstract(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.split(/\r\n?|\n/).map(squash).filter((l) => l !== '').join('\n');
  return text || undefined;
}

const PUBMED_PROVIDER = /\b(NLM|pubmed|medline)\b/i;
const NO_CONTAINER: ReadonlySet<RecordType> = new Set(['book', 'thesis', 'report', 'patent']);

export function mapRecord(leaves: Leaf[], line: number): ParsedRecord {
  const record = emptyRecord(line);
  for (const leaf of leaves) pushAll(record.raw, rawEntries(leaf));
  const f = byPath(leaves);

  const typeName = first(f, 'ref-type@name');
  const typeNumber = first(f, 'ref-type');
  record.type = endnoteType(typeName, typeNumber);
  setOnce(record, 'rawType', typeName ?? typeNumber);

  setOnce(record, 'title', first(f, 'titles/title'));
  for (const value of f.get('contributors/authors/author') ?? []) {
    const author = parseInvertedName(value);
    if (!author) continue;
    if (!author.given && isCorporate(author.family)) author.literal = true;
    record.authors.push(author);
  }
  setOnce(record, 'year', parseYear(first(f, 'dates/year')) ?? parseYear(first(f, 'dates/pub-dates/date')));
  // Secondary title is the journal (articles), the book (sections) or the conference; for a book it is a series.
  if (!record.type || !NO_CONTAINER.has(record.type)) {
    setOnce(record, 'journal', first(f, 'titles/secondary-title', 'periodical/full-title'));
  }
  setOnce(record, 'journalAbbrev', first(f, 'periodical/abbr-1', 'titles/alt-title', 'alt-periodical/abbr-1'));
  setOnce(record, 'volume', first(f, 'volume'));
  setOnce(record, 'issue', first(f, 'number', 'issue'));
  setOnce(record, 'pages', first(f, 'pages'));
  for (const value of all(f, 'electronic-resource-num')) setOnce(record, 'doi', cleanDoi(value));

  const provider = [first(f, 'remote-database-provider'), first(f, 'remote-database-name')].filter(Boolean).join(' ');
  const accession = first(f, 'accession-num');
  if (accession && PUBMED_PROVIDER.test(provider) && /^\d{1,9}$/.test(accession)) record.pmid = accession;
  else setOnce(record, 'accessionNumber', accession);
  setOnce(record, 'database', first(f, 'remote-database-name', 'remote-database-provider'));

  for (const value of all(f, 'isbn')) {
    const numbers = classifyStandardNumbers(value);
    pushEachUnique(record.issn, numbers.issn);
    pushEachUnique(record.isbn, numbers.isbn);
  }
  setOnce(record, 'abstract', cleanAbstract(f.get('abstract')?.[0]));
  pushEachUnique(record.keywords, all(f, 'keywords/keyword').map(squash));
  setOnce(record, 'language', first(f, 'language'));
  const urls = all(f, 'urls/related-urls/url', 'urls/web-urls/url').filter((u) => /^https?:\/\//i.test(u));
  setOnce(record, 'url', urls[0]);
  setPmidFromUrls(record, urls);
  setOnce(record, 'publisher', first(f, 'publisher'));
  // The record number is EndNote's own id; a citation key in <label> (EndNote 20.1) is the fallback.
  setOnce(record, 'sourceRecordId', first(f, 'rec-number', 'label'));
  return record;
}
