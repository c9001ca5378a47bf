/**
 * EndNote / Refer tagged export (`%0 Journal Article`, `%A`, `%T` …): one tag per line, records
 * separated by blank lines. `%0` is optional and need not come first (the AIS eLibrary writes `%T`
 * first and omits `%0` on most records), so blank lines delimit records.
 */
import type { Author } from '../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, parseInvertedName, parseYear, pushEachUnique, pushUnique, setOnce, squash,
} from './common/fields.js';
import { setPmidFromUrls } from './common/pubmed-url.js';
import { groupBlocks, type TaggedBlock } from './tagged/blocks.js';
import { tokenize } from './tagged/tokenizer.js';
import { emptyRecord, FormatError, type FormatPlugin, type ParsedRecord, type ParseResult } from './types.js';

const REFER_LINE = /^(%[0-9A-Za-z@!#$&()*+^|~?[\]<>=]) ?([^]*)$/; // [^] not .: a title may hold U+2028

export const endnoteTagged: FormatPlugin = {
  id: 'endnote-tagged',
  label: 'EndNote / Refer tagged (%0, %A, %T)',
  sniff: sniffRefer,
  parse: parseRefer,
};

function sniffRefer(text: string): number {
  const lines = text.replace(/^\uFEFF/, '').slice(0, 16 * 1024).split(/\r\n|\r|\n/, 200).filter((l) => l.trim() !== '');
  const tagged = lines.filter((l) => REFER_LINE.test(l)).length;
  if (tagged < 2 || tagged < lines.length * 0.5) return 0;
  const has = (tag: string): boolean => lines.some((l) => l.startsWith(`${tag} `));
  if (has('%0') || (has('%T') && (has('%A') || has('%D') || has('%J') || has('%B')))) return 0.9;
  return 0.3;
}

function parseRefer(text: string): ParseResult {
  // A second %0 in one block means the blank line between two records is missing.
  const startsRecord = (tag: string, current: TaggedBlock): boolean => tag === '%0' && current.fields.some(([k]) => k === '%0');
  const { blocks, warnings } = groupBlocks(tokenize(text.replace(/^\uFEFF/, ''), REFER_LINE), { startsRecord });
  if (blocks.length === 0) throw new FormatError('no EndNote/Refer tag found (expected lines like "%T A title")', 1);
  return { records: blocks.map(toRecord), warnings };
}

function toRecord(block: TaggedBlock): ParsedRecord {
  const r = emptyRecord(block.line);
  r.raw = block.fields;
  const authors: Author[] = [];
  let journal: string | undefined;
  let secondary: string | undefined;
  for (const [tag, rawValue] of block.fields) {
    const value = squash(rawValue);
    if (!value) continue;
    switch (tag) {
      case '%0': setOnce(r, 'rawType', value); setOnce(r, 'type', documentType(value)); break;
      case '%A': {
        const a = parseInvertedName(value);
        if (a) authors.push(a);
        break;
      }
      case '%Q': authors.push({ family: value, literal: true }); break;
      case '%T': setOnce(r, 'title', value); break;
      case '%J': journal ??= value; break;
      case '%B': secondary ??= value; break;
      case '%D': setOnce(r, 'year', parseYear(value)); break;
      case '%8': setOnce(r, 'year', parseYear(value)); break;
      case '%V': setOnce(r, 'volume', value); break;
      case '%N': setOnce(r, 'issue', value); break;
      case '%P': setOnce(r, 'pages', value); break;
      case '%R': setOnce(r, 'doi', cleanDoi(value)); break;
      case '%X': setOnce(r, 'abstract', value); break;
      case '%K': pushEachUnique(r.keywords, rawValue.split(/\n|;\s*/).map(squash)); break;
      case '%U':
        if (/doi\.org\//i.test(value)) setOnce(r, 'doi', cleanDoi(value));
        setOnce(r, 'url', value);
        break;
      case '%@': {
        const n = classifyStandardNumbers(value);
        pushEachUnique(r.issn, n.issn);
        pushEachUnique(r.isbn, n.isbn);
        break;
      }
      case '%M': setOnce(r, 'accessionNumber', value); break;
      case '%I': setOnce(r, 'publisher', value); break;
      case '%G': setOnce(r, 'language', value); break;
      case '%~': setOnce(r, 'database', value); break;
      default: break;
    }
  }
  r.authors = authors;
  // %J is the journal; %B (secondary title) is the book, proceedings or, for AIS, the journal.
  setOnce(r, 'journal', journal ?? secondary);
  setPmidFromUrls(r, block.fields.filter(([tag]) => tag === '%U').map(([, value]) => value));
  return r;
}
