/**
 * A BibTeX entry → a ParsedRecord. Generic BibTeX plus what the databases add: WoS (`Unique-ID`
 * = WOS:…, `Type`, `Journal-ISO`, `Keywords-Plus`) and Scopus (`source = {Scopus}`,
 * `document_type`, `author_keywords`, `abbrev_source_title`).
 */
import type { RecordType } from '../../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, parseYear, pushAll, pushEachUnique, pushUnique, setOnce, squash, stripMarkup,
} from '../common/fields.js';
import { setPmidFromUrls } from '../common/pubmed-url.js';
import { emptyRecord, type ParsedRecord } from '../types.js';
import { decodeHtmlEntities, latexToUnicode, unescapeLatexVerbatim } from './latex.js';
import { parseBibtexNames } from './names.js';
import type { BibEntry } from './parser.js';

const ENTRY_TYPES: ReadonlyMap<string, RecordType> = new Map([
  ['article', 'article'], ['periodical', 'article'],
  ['inproceedings', 'conference'], ['conference', 'conference'],
  ['incollection', 'chapter'], ['inbook', 'chapter'], ['bookinbook', 'chapter'], ['suppbook', 'chapter'],
  ['book', 'book'], ['mvbook', 'book'], ['booklet', 'book'], ['collection', 'book'], ['mvcollection', 'book'], ['proceedings', 'book'],
  ['phdthesis', 'thesis'], ['mastersthesis', 'thesis'], ['thesis', 'thesis'],
  ['techreport', 'report'], ['report', 'report'],
  ['online', 'web'], ['electronic', 'web'], ['www', 'web'], ['webpage', 'web'],
  ['patent', 'patent'], ['dataset', 'dataset'], ['data', 'dataset'],
  ['misc', 'other'], ['unpublished', 'other'], ['manual', 'other'],
]);

/** Plain text of a field: LaTeX → Unicode, the HTML entities WoS leaves, white space squashed. */
export function bibText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // WoS writes HTML markup into BibTeX titles and abstracts ("δ<sup>13</sup>C").
  return squash(decodeHtmlEntities(stripMarkup(latexToUnicode(value)))) || undefined;
}

/** Pages: `--`, en and em dashes and spaced hyphens all become one hyphen. */
export function bibPages(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return squash(unescapeLatexVerbatim(value)).replace(/\s*(?:-{1,3}|[–—])\s*/g, '-') || undefined;
}

/** Keywords: split on ";" when present (WoS, Scopus), else on ",". */
export function bibKeywords(value: string): string[] {
  const text = bibText(value) ?? '';
  return text.split(text.includes(';') ? ';' : ',').map((k) => k.trim()).filter(Boolean);
}

export function mapEntry(entry: BibEntry): ParsedRecord {
  const record = emptyRecord(entry.line);
  const fields = new Map<string, string>();
  for (const [name, value] of entry.fields) {
    record.raw.push([name, value]);
    const key = name.toLowerCase();
    if (!fields.has(key)) fields.set(key, value);
  }
  const get = (...names: string[]): string | undefined => {
    for (const n of names) {
      const v = fields.get(n);
      if (v !== undefined && v.trim() !== '') return v;
    }
    return undefined;
  };

  const uniqueId = squash(get('unique-id') ?? '');
  const databaseType = get('document_type') ?? (uniqueId ? get('type') : undefined);
  record.type = databaseType ? documentType(bibText(databaseType)) : (ENTRY_TYPES.get(entry.type) ?? 'other');
  record.rawType = databaseType ? bibText(databaseType) : entry.type;

  setOnce(record, 'title', bibText(get('title')));
  const authors = get('author');
  if (authors) pushAll(record.authors, parseBibtexNames(authors));
  setOnce(record, 'year', parseYear(bibText(get('year', 'date'))));
  // `fjournal` (AMS/MathSciNet) is the full title when `journal` holds the abbreviation.
  const fullJournal = get('fjournal');
  // A book's `booktitle` is its own title (@proceedings), not a container.
  const container = record.type === 'book' || record.type === 'thesis' ? get('journal', 'journaltitle') : get('journal', 'journaltitle', 'booktitle');
  setOnce(record, 'journal', bibText(fullJournal ?? container));
  setOnce(record, 'journalAbbrev', bibText(fullJournal ? get('journal') : get('journal-iso', 'abbrev_source_title', 'shortjournal')));
  setOnce(record, 'volume', bibText(get('volume')));
  // A report's `number` is its report number, not an issue.
  if (record.type !== 'report') setOnce(record, 'issue', bibText(get('number', 'issue')));
  setOnce(record, 'pages', bibPages(get('pages')));
  setOnce(record, 'doi', cleanDoi(unescapeLatexVerbatim(get('doi') ?? '')));
  const pmid = squash(get('pmid') ?? '');
  if (/^\d{1,9}$/.test(pmid)) record.pmid = pmid;
  for (const name of ['issn', 'eissn', 'isbn']) {
    const numbers = classifyStandardNumbers(unescapeLatexVerbatim(get(name) ?? ''));
    pushEachUnique(record.issn, numbers.issn);
    pushEachUnique(record.isbn, numbers.isbn);
  }
  setOnce(record, 'abstract', bibText(get('abstract')));
  for (const name of ['keywords', 'author_keywords', 'keywords-plus']) {
    const value = get(name);
    if (value) pushEachUnique(record.keywords, bibKeywords(value));
  }
  const language = bibText(get('language'));
  if (language && language.toLowerCase() !== 'undefined') record.language = language;
  setOnce(record, 'url', squash(unescapeLatexVerbatim(get('url') ?? '')) || undefined);
  setPmidFromUrls(record, [record.url]);
  setOnce(record, 'publisher', bibText(get('publisher', 'institution', 'school', 'organization')));
  setOnce(record, 'accessionNumber', uniqueId || undefined);
  setOnce(record, 'database', bibText(get('source')) ?? (uniqueId.includes(':') ? uniqueId.slice(0, uniqueId.indexOf(':')) : undefined));
  setOnce(record, 'sourceRecordId', entry.key);
  return record;
}
