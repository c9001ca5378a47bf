/**
 * PubMed MEDLINE / .nbib (and ERIC's nbib flavour): `TAG - value` with the tag left-aligned in four
 * columns, 6-space continuation lines, records separated by blank lines. ERIC records have no PMID,
 * so records are delimited by blank lines (and by a second PMID/OWN inside one block, as a safety).
 */
import type { Author, RecordType } from '../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, parseInvertedName, parseMedlineName, parseYear,
  pushEachUnique, pushUnique, setOnce,
} from './common/fields.js';
import { forEachByteLine } from './tagged/byte-lines.js';
import { internTag, scanTagName, type TagRange } from './tagged/byte-tags.js';
import { FieldCounter, RawFieldBytes, type FieldSink } from './tagged/raw-fields.js';
import { trimEndBytes, trimStartBytes, type Utf8Text } from './tagged/utf8-text.js';
import { emptyRecord, FormatError, parseTextAsBytes, type BytesParse, type FormatPlugin, type FormatWarning, type ParsedRecord, type TextPart } from './types.js';

/** Tag of 1–4 characters, padded with spaces, then "-" and a space (or nothing for an empty value). */
export const MEDLINE_LINE = /^([A-Z][A-Z0-9]{0,3}) {0,3}-(?: ([^]*))?$/; // [^]: "." would stop at U+2028 inside titles
const CONTINUATION = /^\s/;

/** Tags only MEDLINE/nbib uses; RIS and Ovid never write them. */
const MEDLINE_ONLY = /^(?:PMID- |OWN - |STAT- |FAU - |DCOM- |LID - |JID - |EDAT- |CRDT- |PHST- |PST - |MHDA- )/m;

export const medline: FormatPlugin = {
  id: 'medline',
  label: 'PubMed MEDLINE / nbib',
  sniff: sniffMedline,
  parse: (text) => parseTextAsBytes(parseMedline, text),
  parseBytes: parseMedline,
  partStart: medlinePartStart,
};

export function sniffMedline(text: string): number {
  const head = text.slice(0, 16 * 1024);
  // RIS (`TY  - `) and Ovid tagged (`<1. >` markers) share the `XX  - ` shape: leave them to their plug-ins.
  // `[^\S\n]`, not `\s`: white space that can run across lines makes each line start rescan a long
  // run of blank lines (quadratic on 20,000 of them).
  if (/^TY {1,2}-/m.test(head) || /^[^\S\n]*<\d+\. ?>[^\S\n]*$/m.test(head)) return 0.05;
  const lines = head.split(/\r\n|\r|\n/, 200);
  let tagged = 0;
  let other = 0;
  for (const line of lines) {
    if (line.trim() === '' || CONTINUATION.test(line)) continue;
    if (MEDLINE_LINE.test(line)) tagged++;
    else other++;
  }
  // No MEDLINE line at all is no evidence (0), which the registry's table rule relies on.
  if (tagged === 0) return 0;
  if (tagged < 3 || tagged < other * 4) return 0.05;
  if (MEDLINE_ONLY.test(head)) return 0.95;
  if (/^(?:TI|DP|JT|TA)  - /m.test(head)) return 0.5;
  return 0.1;
}

interface Block<F extends FieldSink = RawFieldBytes> {
  fields: F;
  line: number;
}

function parseMedline(text: Utf8Text, onRecord: ((record: ParsedRecord, rawBytes: RawFieldBytes) => void) | undefined, part?: TextPart): BytesParse {
  const warnings: FormatWarning[] = [];
  // Each block is mapped as soon as it is complete (mapping adds no warnings, so their order is kept):
  // a large file's blocks and records are never all alive at once.
  const { blocks, nextLine } = onRecord
    ? splitBlocks(text, warnings, (block) => onRecord(toRecord(block), block.fields), part, () => new RawFieldBytes(text))
    : splitBlocks(text, [], () => undefined, part, () => new FieldCounter());
  if (blocks === 0 && !part) {
    throw new FormatError('no MEDLINE tag found (expected lines like "PMID- 12345" or "TI  - A title")', 1);
  }
  return { warnings, trailingWarnings: [], records: blocks, nextLine };
}

/** Where a part of a MEDLINE file may start: a tag line right after a blank line, where a block always begins. */
function medlinePartStart(text: Utf8Text, near: number): number {
  const bytes = text.bytes;
  const tagLine: TagRange = { tag: '', valueStart: 0, valueEnd: 0 };
  let previousBlank = false;
  for (let lf = bytes.indexOf(0x0a, Math.max(0, near - 1)); lf >= 0;) {
    const start = lf + 1;
    const next = bytes.indexOf(0x0a, start);
    const end = next < 0 ? bytes.length : next;
    if (previousBlank && matchMedlineLine(bytes, start, end, tagLine)) return start;
    previousBlank = trimStartBytes(bytes, start, end) === end;
    lf = next;
  }
  return bytes.length;
}

/**
 * Group tagged lines into blocks; continuation lines extend the previous tag's value with "\n".
 * Hands each block to `onBlock` once complete (a block is never reopened) and returns how many there were.
 */
function splitBlocks<F extends FieldSink>(
  text: Utf8Text,
  warnings: FormatWarning[],
  onBlock: (block: Block<F>) => void,
  part: TextPart | undefined,
  newFields: () => F,
): { blocks: number; nextLine: number } {
  const bytes = text.bytes;
  let blocks = 0;
  let current: Block<F> | undefined;
  // Only PMID and OWN are ever looked up: two flags instead of a set of every tag of the record.
  let sawPmid = false;
  let sawOwn = false;
  const finish = (): void => {
    if (current) onBlock(current);
    current = undefined;
  };
  const tagLine: TagRange = { tag: '', valueStart: 0, valueEnd: 0 };
  // Visit lines as they are scanned (no token array): a 100k-record file has ~9M lines.
  const nextLine = forEachByteLine(bytes, (start, end, line) => {
    if (matchMedlineLine(bytes, start, end, tagLine)) {
      const tag = tagLine.tag;
      // A second PMID or OWN without a blank line in between means a new record started.
      if (current && ((tag === 'PMID' && sawPmid) || (tag === 'OWN' && sawOwn))) finish();
      if (!current) {
        current = { fields: newFields(), line };
        blocks++;
        sawPmid = false;
        sawOwn = false;
      }
      if (tag === 'PMID') sawPmid = true;
      else if (tag === 'OWN') sawOwn = true;
      current.fields.add(tag, tagLine.valueStart, tagLine.valueEnd);
      return;
    }
    const from = trimStartBytes(bytes, start, end);
    const to = trimEndBytes(bytes, from, end);
    if (from === to) {
      finish();
      return;
    }
    if (!current) {
      warnings.push({ code: 'untagged-line', message: `line outside a record ignored: "${text.decode(start, end).slice(0, 60)}"`, line });
      return;
    }
    // A continuation line starts with white space (six spaces in PubMed's files).
    if (from === start) {
      warnings.push({ code: 'untagged-line', message: `untagged line kept as a continuation of ${current.fields.lastTag() as string}`, line });
    }
    current.fields.continueLast(from, to);
  }, part?.start, part?.end, part?.firstLine);
  finish();
  return { blocks, nextLine };
}

/**
 * MEDLINE_LINE without a regex (it runs on every line), on the UTF-8 line bytes[start, end): fills
 * `out` with the tag and the bounds of the value with trailing white space left out, and returns
 * true, or returns false where MEDLINE_LINE does not match.
 */
export function matchMedlineLine(bytes: Uint8Array, start: number, end: number, out: TagRange): boolean {
  if (end - start < 2) return false;
  const tagEnd = scanTagName(bytes, start, end, 4);
  if (tagEnd === start) return false;
  let i = tagEnd;
  while (i < end && i < tagEnd + 3 && bytes[i] === 32) i++;
  if (i === end || bytes[i] !== 45) return false; // "-"
  i++;
  if (i < end) {
    if (bytes[i] !== 32) return false;
    i++;
  }
  out.tag = internTag(bytes, start, tagEnd);
  out.valueStart = i;
  out.valueEnd = trimEndBytes(bytes, i, end);
  return true;
}

/** ERIC and NLM label standard numbers: "ISSN-1234-4567", "EISSN-2375-5636", "ISBN-978-…". */
function stripNumberLabel(value: string): string {
  return value.replace(/\b(?:E?ISSN|ISBN)-/gi, ' ');
}

const ERIC_TYPES: [RegExp, RecordType][] = [
  [/^journal articles?/i, 'article'],
  [/^books?$/i, 'book'],
  [/^dissertations/i, 'thesis'],
  [/^(?:reports|guides|opinion papers|information analyses|numerical\/quantitative data|legal|tests)/i, 'report'],
  [/^(?:speeches|collected works - proceedings)/i, 'conference'],
];

function ericType(pts: string[]): { type: RecordType; raw: string } | undefined {
  for (const [pattern, type] of ERIC_TYPES) {
    const raw = pts.find((pt) => pattern.test(pt));
    if (raw) return { type, raw };
  }
  return undefined;
}

/** PubMed: any review-like PT wins (it matters for screening); else the first PT with a meaning. */
function pubmedType(pts: string[]): { type: RecordType; raw: string } | undefined {
  const review = pts.find((pt) => /\b(?:review|meta-analysis)\b/i.test(pt));
  if (review) return { type: 'review', raw: review };
  for (const pt of pts) {
    const type = documentType(pt);
    if (type && type !== 'other') return { type, raw: pt };
  }
  const first = pts[0];
  return first ? { type: 'other', raw: first } : undefined;
}

const MAPPED_TAGS = new Set([
  'TI', 'BTI', 'AB', 'FAU', 'AU', 'CN', 'DP', 'TA', 'JT', 'VI', 'IP', 'PG', 'LID', 'AID', 'PMID', 'IS', 'ISSN', 'ISBN',
  'MH', 'OT', 'LA', 'PT', 'PB', 'OWN', 'AN', 'OID',
]);

function toRecord(block: Block): ParsedRecord {
  const r = emptyRecord(block.line);
  const { fields } = block;
  const pts: string[] = [];
  let pendingFullName = false;
  let bookTitle: string | undefined;
  let journalTitle: string | undefined;
  let owner: string | undefined;
  let url: string | undefined;
  const authors: Author[] = [];

  for (let i = 0; i < fields.count; i++) {
    const tag = fields.tags[i] as string;
    // Addresses, history dates and the like are most of a record's bytes: decode and clean only
    // mapped tags (the rest go to records.jsonl as bytes).
    if (!MAPPED_TAGS.has(tag)) continue;
    // AU repeats the preceding FAU in short form: no need to decode it (isEmpty is squash(value) === '').
    if (tag === 'AU' && pendingFullName && !fields.isEmpty(i)) {
      pendingFullName = false;
      continue;
    }
    const value = fields.squashedValue(i);
    if (!value) continue;
    switch (tag) {
      case 'TI': setOnce(r, 'title', value); break;
      case 'BTI': bookTitle ??= value; break;
      case 'AB': setOnce(r, 'abstract', value); break;
      case 'FAU': {
        const a = parseInvertedName(value);
        if (a) authors.push(a);
        pendingFullName = true;
        break;
      }
      case 'AU':
        // Only an AU without its FAU gets here (see above): it adds an author.
        if (!/^et al\.?$/i.test(value)) {
          const a = parseMedlineName(value);
          if (a) authors.push(a);
        }
        break;
      case 'CN': authors.push({ family: value, literal: true }); break;
      case 'DP': setOnce(r, 'year', parseYear(value)); break;
      case 'TA': setOnce(r, 'journalAbbrev', value); break;
      case 'JT': journalTitle ??= value; break;
      case 'VI': setOnce(r, 'volume', value); break;
      case 'IP': setOnce(r, 'issue', value); break;
      case 'PG': setOnce(r, 'pages', value); break;
      case 'LID':
      case 'AID':
        if (/\[doi\]$/i.test(value) || /doi\.org\//i.test(value)) setOnce(r, 'doi', cleanDoi(value));
        else if (/^https?:\/\//i.test(value)) url ??= value;
        break;
      case 'PMID': if (/^\d+$/.test(value)) r.pmid = value; break;
      case 'IS':
      case 'ISSN': {
        const n = classifyStandardNumbers(stripNumberLabel(value));
        pushEachUnique(r.issn, n.issn);
        pushEachUnique(r.isbn, n.isbn);
        break;
      }
      case 'ISBN': pushEachUnique(r.isbn, classifyStandardNumbers(stripNumberLabel(value)).isbn); break;
      case 'MH': pushUnique(r.keywords, value.replace(/^\*/, '')); break;
      case 'OT': pushUnique(r.keywords, value); break;
      case 'LA': setOnce(r, 'language', value); break;
      case 'PT': pts.push(value); break;
      case 'PB': setOnce(r, 'publisher', value); break;
      case 'OWN': owner ??= value; break;
      case 'AN':
      case 'OID':
        // ERIC numbers (EJ…/ED…) are the accession; PubMed's OID holds other ids ("NLM: PMC…").
        if (/^E[DJ]\d+$/.test(value) || tag === 'AN') setOnce(r, 'accessionNumber', value);
        break;
      default: break;
    }
  }
  r.authors = authors;
  const isEric = owner?.toUpperCase() === 'ERIC';
  // Every non-ERIC owner (NLM, PIP, KIE, NOTNLM…) is a PubMed record.
  setOnce(r, 'database', isEric ? 'ERIC' : owner || r.pmid ? 'PubMed' : undefined);
  // ERIC "EJ" numbers are journal articles whatever PT says ("Reports - Research" alone is common).
  const ejFirst = isEric && /^EJ/.test(r.accessionNumber ?? '') && pts[0] ? { type: 'article' as const, raw: pts[0] } : undefined;
  const kind = isEric ? ejFirst ?? ericType(pts) ?? pubmedType(pts) : pubmedType(pts);
  if (kind) {
    r.type = kind.type;
    r.rawType = kind.raw;
  }
  // A PubMed Bookshelf chapter has TI + BTI; a whole book has only BTI.
  if (bookTitle) {
    if (r.title) {
      r.type = 'chapter';
      setOnce(r, 'journal', bookTitle);
    } else {
      r.title = bookTitle;
      r.type = 'book';
    }
  }
  // ERIC writes the publisher in JT for books, reports and theses.
  if (journalTitle) {
    if (isEric && r.type !== undefined && r.type !== 'article') setOnce(r, 'publisher', journalTitle);
    else setOnce(r, 'journal', journalTitle);
  }
  if (!r.type && r.journal) r.type = 'article';
  setOnce(r, 'url', url);
  return r;
}
