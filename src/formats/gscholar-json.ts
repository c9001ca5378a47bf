/**
 * Google Scholar results as JSON (CoLRev's scraper/API output, not a Scholar export): an array of
 * {uid, title, authors[], source, publisher, year, volume, issue, startpage, endpage, article_url,
 * abstract, doi…}. Scholar writes 0 for unknown numbers and cuts long titles/sources with "…";
 * its `publisher` is the host site ("search.ebscohost.com"), so it stays in raw only.
 */
import { cleanDoi, joinPages, parseNaturalName, parseYear, setOnce, squash, withoutEllipsis } from './common/fields.js';
import { setPmidFromUrls } from './common/pubmed-url.js';
import { arrayElementLines, isJsonObject, ownText, ownTexts, parseJson, rawPairs } from './common/json.js';
import { emptyRecord, FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord, type ParseResult } from './types.js';

export const gscholarJson: FormatPlugin = {
  id: 'gscholar-json',
  label: 'Google Scholar JSON',
  sniff: (text) => {
    const head = text.replace(/^\uFEFF/, '').trimStart();
    if (!head.startsWith('[')) return 0;
    return /"uid"\s*:\s*"GS:/.test(head) || (/"cites_url"\s*:/.test(head) && /"article_url"\s*:/.test(head)) ? 0.9 : 0;
  },
  parse: parseGscholarJson,
};

function parseGscholarJson(text: string): ParseResult {
  const parsed = parseJson(text);
  if ('error' in parsed) throw new FormatError(`not valid JSON (line ${parsed.line}): ${parsed.error}`, parsed.line);
  if (!Array.isArray(parsed.value)) throw new FormatError('Google Scholar JSON must be an array of results', 1);
  const lines = arrayElementLines(text);
  const warnings: FormatWarning[] = [];
  const records: ParsedRecord[] = [];
  parsed.value.forEach((item: unknown, index) => {
    const line = lines[index] ?? 1;
    if (!isJsonObject(item)) {
      warnings.push({ code: 'empty-record', message: `array element ${index + 1} is not an object; skipped`, line });
      return;
    }
    records.push(toRecord(item, line, warnings));
  });
  return { records, warnings };
}

/** Scholar's 0 means "unknown". */
function known(value: string | undefined): string | undefined {
  return value === '0' ? undefined : value;
}

function toRecord(item: Record<string, unknown>, line: number, warnings: FormatWarning[]): ParsedRecord {
  const record = emptyRecord(line);
  record.raw = rawPairs(item);
  for (const name of ownTexts(item, 'authors')) {
    const author = parseNaturalName(name);
    if (author) record.authors.push(author);
  }
  for (const [field, key] of [['title', 'title'], ['journal', 'source']] as const) {
    const value = ownText(item, key);
    if (value?.endsWith('…')) {
      warnings.push({ code: 'truncated-value', message: `${key} of the record on line ${line} is cut short by Google Scholar; kept as given`, line });
    }
    setOnce(record, field, value ? squash(withoutEllipsis(value)) || undefined : undefined);
  }
  setOnce(record, 'year', parseYear(ownText(item, 'year')));
  setOnce(record, 'volume', known(ownText(item, 'volume')));
  setOnce(record, 'issue', known(ownText(item, 'issue')));
  setOnce(record, 'pages', joinPages(known(ownText(item, 'startpage')), known(ownText(item, 'endpage'))));
  setOnce(record, 'doi', cleanDoi(ownText(item, 'doi')));
  setOnce(record, 'url', ownText(item, 'article_url'));
  setPmidFromUrls(record, [record.url]);
  setOnce(record, 'abstract', ownText(item, 'abstract'));
  setOnce(record, 'accessionNumber', ownText(item, 'uid'));
  record.database = 'Google Scholar';
  return record;
}
