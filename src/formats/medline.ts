/**
 * PubMed MEDLINE / .nbib (and ERIC's nbib flavour): `TAG - value` with the tag left-aligned in four
 * columns, 6-space continuation lines, records separated by blank lines. ERIC records have no PMID,
 * so records are delimited by blank lines (and by a second PMID/OWN inside one block, as a safety).
 */
import type { Author, RecordType } from '../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, parseInvertedName, parseMedlineName, parseYear,
  pushUnique, setOnce, squash,
} from './common/fields.js';
import { forEachLineInChunks, internTag, scanTagName, trimEndFast, type TagLine } from './tagged/tokenizer.js';
import { collectRecords, emptyRecord, FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord } from './types.js';

/** Tag of 1–4 characters, padded with spaces, then "-" and a space (or nothing for an empty value). */
export const MEDLINE_LINE = /^([A-Z][A-Z0-9]{0,3}) {0,3}-(?: ([^]*))?$/; // [^]: "." would stop at U+2028 inside titles
const CONTINUATION = /^\s/;

/** Tags only MEDLINE/nbib uses; RIS and Ovid never write them. */
const MEDLINE_ONLY = /^(?:PMID- |OWN - |STAT- |FAU - |DCOM- |LID - |JID - |EDAT- |CRDT- |PHST- |PST - |MHDA- )/m;

export const medline: FormatPlugin = {
  id: 'medline',
  label: 'PubMed MEDLINE / nbib',
  sniff: sniffMedline,
  parse: (text) => collectRecords((onRecord) => parseMedline([text], onRecord)),
  parseEachChunk: parseMedline,
};

function sniffMedline(text: string): number {
  const head = text.slice(0, 16 * 1024);
  // RIS (`TY  - `) and Ovid tagged (`<1. >` markers) share the `XX  - ` shape: leave them to their plug-ins.
  if (/^TY {1,2}-/m.test(head) || /^\s*<\d+\. ?>\s*$/m.test(head)) return 0.05;
  const lines = head.split(/\r\n|\r|\n/, 200);
  let tagged = 0;
  let other = 0;
  for (const line of lines) {
    if (line.trim() === '' || CONTINUATION.test(line)) continue;
    if (MEDLINE_LINE.test(line)) tagged++;
    else other++;
  }
  if (tagged < 3 || tagged < other * 4) return 0.05;
  if (MEDLINE_ONLY.test(head)) return 0.95;
  if (/^(?:TI|DP|JT|TA)  - /m.test(head)) return 0.5;
  return 0.1;
}

interface Block {
  fields: [string, string][];
  line: number;
}

function parseMedline(chunks: readonly string[], onRecord: (record: ParsedRecord) => void): { warnings: FormatWarning[] } {
  const warnings: FormatWarning[] = [];
  // Each block is mapped as soon as it is complete (mapping adds no warnings, so their order is kept):
  // a large file's blocks and records are never all alive at once.
  const blocks = splitBlocks(chunks.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c)), warnings, (block) => onRecord(toRecord(block)));
  if (blocks === 0) {
    throw new FormatError('no MEDLINE tag found (expected lines like "PMID- 12345" or "TI  - A title")', 1);
  }
  return { warnings };
}

/**
 * Group tagged lines into blocks; continuation lines extend the previous tag's value with "\n".
 * Hands each block to `onBlock` once complete (a block is never reopened) and returns how many there were.
 */
function splitBlocks(chunks: readonly string[], warnings: FormatWarning[], onBlock: (block: Block) => void): number {
  let blocks = 0;
  let current: Block | undefined;
  // Only PMID and OWN are ever looked up: two flags instead of a set of every tag of the record.
  let sawPmid = false;
  let sawOwn = false;
  // Continuation lines of the last field, joined once when the field is complete: appending each
  // line to the value built ropes that every later regex had to flatten.
  let pending: string[] | undefined;
  const flush = (): void => {
    const last = current?.fields[current.fields.length - 1];
    if (pending && last) last[1] = pending.join('\n');
    pending = undefined;
  };
  const finish = (): void => {
    flush();
    if (current) onBlock(current);
    current = undefined;
  };
  // Visit lines as they are scanned (no token array): a 100k-record file has ~9M lines.
  forEachLineInChunks(chunks, (text, start, end, line) => {
    const t = matchMedlineLine(text, start, end);
    if (t) {
      flush();
      // A second PMID or OWN without a blank line in between means a new record started.
      if (current && ((t.tag === 'PMID' && sawPmid) || (t.tag === 'OWN' && sawOwn))) finish();
      if (!current) {
        current = { fields: [], line };
        blocks++;
        sawPmid = false;
        sawOwn = false;
      }
      if (t.tag === 'PMID') sawPmid = true;
      else if (t.tag === 'OWN') sawOwn = true;
      current.fields.push([t.tag, t.value]);
      return;
    }
    const lineText = text.slice(start, end);
    const value = lineText.trim();
    if (value === '') {
      finish();
      return;
    }
    const last = current?.fields[current.fields.length - 1];
    if (!last) {
      warnings.push({ code: 'untagged-line', message: `line outside a record ignored: "${lineText.slice(0, 60)}"`, line });
      return;
    }
    if (!CONTINUATION.test(lineText)) {
      warnings.push({ code: 'untagged-line', message: `untagged line kept as a continuation of ${last[0]}`, line });
    }
    if (pending) pending.push(value);
    else pending = last[1] ? [last[1], value] : [value];
  });
  finish();
  return blocks;
}

/**
 * MEDLINE_LINE without a regex (it runs on every line): the tag and the value with trailing white
 * space trimmed, or undefined where MEDLINE_LINE does not match.
 */
export function matchMedlineLine(text: string, start = 0, end = text.length): TagLine | undefined {
  if (end - start < 2) return undefined;
  const tagEnd = scanTagName(text, start, end, 4);
  if (tagEnd === start) return undefined;
  let i = tagEnd;
  while (i < end && i < tagEnd + 3 && text.charCodeAt(i) === 32) i++;
  if (i === end || text.charCodeAt(i) !== 45) return undefined; // "-"
  i++;
  if (i === end) return { tag: internTag(text, start, tagEnd), value: '' };
  if (text.charCodeAt(i) !== 32) return undefined;
  return { tag: internTag(text, start, tagEnd), value: trimEndFast(text.slice(i + 1, end)) };
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
  r.raw = block.fields;
  const pts: string[] = [];
  let pendingFullName = false;
  let bookTitle: string | undefined;
  let journalTitle: string | undefined;
  let owner: string | undefined;
  let url: string | undefined;
  const authors: Author[] = [];

  for (const [tag, rawValue] of block.fields) {
    // Addresses, history dates and the like are most of a record's bytes: clean only mapped tags.
    if (!MAPPED_TAGS.has(tag)) continue;
    const value = squash(rawValue);
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
        // AU repeats the preceding FAU in short form; only an AU without its FAU adds an author.
        if (pendingFullName) pendingFullName = false;
        else if (!/^et al\.?$/i.test(value)) {
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
        pushUnique(r.issn, ...n.issn);
        pushUnique(r.isbn, ...n.isbn);
        break;
      }
      case 'ISBN': pushUnique(r.isbn, ...classifyStandardNumbers(stripNumberLabel(value)).isbn); break;
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
