/**
 * Swepub bibliometrics API response (libris/swepub-redux): {hits: [{recordId, title, creators[],
 * publicationYear (string), DOI/ISBN/ISSN arrays, keywords, summary, outputTypes (id.kb.se URIs)…}]}.
 * The output-type mapping is shared with the Swepub CSV/TSV profile.
 */
import type { RecordType } from '../model/record.js';
import { classifyStandardNumbers, cleanDoi, parseYear, pushEachUnique, pushUnique, setOnce, squash, stripMarkup } from './common/fields.js';
import { setPmidFromUrls } from './common/pubmed-url.js';
import { arrayElementLines, isJsonObject, ownText, ownTexts, ownValue, parseJson, rawPairs } from './common/json.js';
import { emptyRecord, FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord, type ParseResult } from './types.js';

/** Last path segment of an output-type URI → record type; first match wins. */
const OUTPUT_TYPES: readonly [RegExp, RecordType][] = [
  [/review/, 'review'],
  [/article|editorial|letter/, 'article'],
  [/chapter/, 'chapter'],
  [/book/, 'book'],
  [/conference|proceeding/, 'conference'],
  [/thesis|doctoral|licentiate/, 'thesis'],
  [/report/, 'report'],
  [/data/, 'dataset'],
  [/patent/, 'patent'],
];

/** "https://id.kb.se/term/swepub/output/publication/book-chapter" → chapter. */
export function swepubOutputType(uri: string): RecordType {
  const kind = uri.split('/').pop()?.toLowerCase() ?? '';
  return OUTPUT_TYPES.find(([pattern]) => pattern.test(kind))?.[1] ?? 'other';
}

export const swepubJson: FormatPlugin = {
  id: 'swepub-json',
  label: 'Swepub bibliometrics JSON',
  sniff: (text) => (/^\s*\{/.test(text.replace(/^\uFEFF/, '')) && /"hits"\s*:/.test(text) && /"recordId"\s*:/.test(text) ? 0.9 : 0),
  parse: parseSwepubJson,
};

function parseSwepubJson(text: string): ParseResult {
  const parsed = parseJson(text);
  if ('error' in parsed) throw new FormatError(`not valid JSON (line ${parsed.line}): ${parsed.error}`, parsed.line);
  const hits = isJsonObject(parsed.value) ? ownValue(parsed.value, 'hits') : undefined;
  if (!Array.isArray(hits)) throw new FormatError('Swepub JSON must be an object with a "hits" array', 1);
  const hitsKey = /"hits"\s*:/.exec(text);
  const lines = arrayElementLines(text, hitsKey ? hitsKey.index : 0);
  const warnings: FormatWarning[] = [];
  const records: ParsedRecord[] = [];
  hits.forEach((hit: unknown, index) => {
    const line = lines[index] ?? 1;
    if (!isJsonObject(hit)) {
      warnings.push({ code: 'empty-record', message: `hit ${index + 1} is not an object; skipped`, line });
      return;
    }
    records.push(toRecord(hit, line));
  });
  return { records, warnings };
}

function toRecord(hit: Record<string, unknown>, line: number): ParsedRecord {
  const record = emptyRecord(line);
  record.raw = rawPairs(hit);
  const creators = ownValue(hit, 'creators');
  for (const creator of Array.isArray(creators) ? creators : []) {
    if (!isJsonObject(creator)) continue;
    const family = ownText(creator, 'familyName');
    const given = ownText(creator, 'givenName');
    if (family) record.authors.push(given ? { family, given } : { family });
    else if (given) record.authors.push({ family: given });
  }
  const title = ownText(hit, 'title');
  setOnce(record, 'title', title ? squash(title) : undefined);
  setOnce(record, 'year', parseYear(ownText(hit, 'publicationYear')));
  for (const doi of ownTexts(hit, 'DOI')) setOnce(record, 'doi', cleanDoi(doi));
  const numbers = classifyStandardNumbers([...ownTexts(hit, 'ISSN'), ...ownTexts(hit, 'ISBN')].join(' '));
  pushEachUnique(record.issn, numbers.issn);
  pushEachUnique(record.isbn, numbers.isbn);
  setOnce(record, 'pmid', ownText(hit, 'PMID'));
  pushEachUnique(record.keywords, ownTexts(hit, 'keywords').map(squash));
  const summary = ownText(hit, 'summary');
  setOnce(record, 'abstract', summary ? squash(stripMarkup(summary)) : undefined);
  setOnce(record, 'language', ownTexts(hit, 'languages')[0]);
  setOnce(record, 'journal', ownText(hit, 'publicationChannel'));
  setOnce(record, 'publisher', ownText(hit, 'publisher'));
  setOnce(record, 'url', ownText(hit, 'electronicLocator') ?? ownText(hit, 'archiveURI'));
  setPmidFromUrls(record, [ownText(hit, 'electronicLocator'), ownText(hit, 'archiveURI')]);
  setOnce(record, 'accessionNumber', ownText(hit, 'recordId'));
  const outputType = ownTexts(hit, 'outputTypes')[0];
  if (outputType) {
    record.type = swepubOutputType(outputType);
    record.rawType = outputType;
  }
  record.database = 'Swepub';
  return record;
}
