/**
 * RefWorks tagged export (`RT Journal Article`, `A1 Family,Given`, `T1 …`): a tag, one space, the
 * value; records start at `RT` and are separated by blank lines. Files exported with the tag legend
 * carry a header ("Refworks Export Tagged Format", "RT=Reference Type", …) that ends at
 * "BEGIN EXPORTED REFERENCES"; everything before that line is skipped.
 */
import type { Author } from '../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, joinPages, parseInvertedName, parseYear, pushEachUnique, pushUnique, setOnce, squash,
} from './common/fields.js';
import { setPmidFromUrls } from './common/pubmed-url.js';
import { groupBlocks, type TaggedBlock } from './tagged/blocks.js';
import { tokenize } from './tagged/tokenizer.js';
import { emptyRecord, FormatError, type FormatPlugin, type ParsedRecord, type ParseResult } from './types.js';

// Two-letter tags plus RefWorks' longer ones (U10…U15, PMID, PMCID); [^] not .: a title may hold U+2028.
const REFWORKS_LINE = /^([A-Z][A-Z0-9]|U1[0-5]|PMC?ID) ([^]*)$/;
const LEGEND_END = /^BEGIN EXPORTED REFERENCES\s*$/m;

export const refworksTagged: FormatPlugin = {
  id: 'refworks-tagged',
  label: 'RefWorks tagged (RT, A1, T1)',
  sniff: sniffRefWorks,
  parse: parseRefWorks,
};

function sniffRefWorks(text: string): number {
  const head = text.replace(/^\uFEFF/, '').slice(0, 16 * 1024);
  if (/^Refworks Export Tagged Format/i.test(head) && LEGEND_END.test(head)) return 0.95;
  const lines = head.split(/\r\n|\r|\n/, 200).filter((l) => l.trim() !== '');
  const first = lines[0];
  // RIS writes "TY  - ", WoS "PT J", MEDLINE "PMID- ": only RefWorks opens a record with "RT ".
  if (!first?.startsWith('RT ')) return 0;
  const tagged = lines.filter((l) => REFWORKS_LINE.test(l)).length;
  if (tagged < lines.length * 0.5) return 0;
  const has = (tag: string): boolean => lines.some((l) => l.startsWith(`${tag} `));
  return has('T1') || has('A1') || has('SR') ? 0.9 : 0.4;
}

function parseRefWorks(input: string): ParseResult {
  let text = input.replace(/^\uFEFF/, '');
  let lineOffset = 0;
  const legend = LEGEND_END.exec(text);
  if (legend && /^Refworks Export Tagged Format/i.test(text)) {
    const cut = legend.index + legend[0].length;
    lineOffset = countLineBreaks(text.slice(0, cut));
    text = text.slice(cut);
  }
  // RT opens a record even when the blank line before it is missing.
  const { blocks, warnings } = groupBlocks(tokenize(text, REFWORKS_LINE), { startsRecord: (tag) => tag === 'RT', lineOffset });
  if (blocks.length === 0) throw new FormatError('no RefWorks record found (expected lines like "RT Journal Article")', 1);
  return { records: blocks.map(toRecord), warnings };
}

function countLineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

function toRecord(block: TaggedBlock): ParsedRecord {
  const r = emptyRecord(block.line);
  r.raw = block.fields;
  const authors: Author[] = [];
  let journalFull: string | undefined;
  let journalAbbrev: string | undefined;
  let secondaryTitle: string | undefined;
  let startPage: string | undefined;
  let otherPages: string | undefined;
  for (const [tag, rawValue] of block.fields) {
    const value = squash(rawValue);
    if (!value) continue;
    switch (tag) {
      case 'RT':
        setOnce(r, 'rawType', value);
        // "Book, Section" / "Book, Whole" / "Dissertation/Thesis": read without the comma.
        setOnce(r, 'type', documentType(value.replace(/,\s*/g, ' ')));
        break;
      case 'A1': {
        const a = parseInvertedName(value);
        if (a) authors.push(a);
        break;
      }
      case 'T1': setOnce(r, 'title', value); break;
      case 'JF': journalFull ??= value; break;
      case 'JO': journalAbbrev ??= value; break;
      case 'T2': secondaryTitle ??= value; break;
      case 'YR': setOnce(r, 'year', parseYear(value)); break;
      case 'FD': if (r.year === undefined) setOnce(r, 'year', parseYear(value)); break;
      case 'VO': setOnce(r, 'volume', value); break;
      case 'IS': setOnce(r, 'issue', value); break;
      case 'SP': startPage ??= value; break;
      case 'OP': otherPages ??= value; break;
      case 'AB': setOnce(r, 'abstract', value); break;
      case 'K1': pushEachUnique(r.keywords, rawValue.split(/\n|;\s*/).map(squash)); break;
      case 'DO': setOnce(r, 'doi', cleanDoi(value)); break;
      case 'UL':
      case 'LK':
        if (/doi\.org\//i.test(value)) setOnce(r, 'doi', cleanDoi(value));
        setOnce(r, 'url', value);
        break;
      case 'SN': {
        const n = classifyStandardNumbers(value);
        pushEachUnique(r.issn, n.issn);
        pushEachUnique(r.isbn, n.isbn);
        break;
      }
      case 'PMID': setOnce(r, 'pmid', /^\d+$/.test(value) ? value : undefined); break;
      case 'AN': setOnce(r, 'accessionNumber', value); break;
      case 'ID': setOnce(r, 'sourceRecordId', value); break;
      case 'PB': setOnce(r, 'publisher', value); break;
      case 'LA': setOnce(r, 'language', value); break;
      case 'DB': setOnce(r, 'database', value); break;
      default: break;
    }
  }
  r.authors = authors;
  // JF is the journal; T2 the book or series of a chapter; JO only when nothing fuller is given.
  setOnce(r, 'journal', journalFull ?? secondaryTitle ?? journalAbbrev);
  // OP is the end page of a range; a lone SP on a thesis or book is its page count, kept as given.
  setOnce(r, 'pages', joinPages(startPage, otherPages));
  setPmidFromUrls(r, block.fields.filter(([tag]) => tag === 'UL' || tag === 'LK').map(([, value]) => value));
  return r;
}
