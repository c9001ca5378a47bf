/**
 * Ovid "complete reference" tagged export (not Ovid RIS): each record opens with a `<1. >` marker
 * line, fields are `XX  - value` (PsycINFO sometimes `XX - `, Books@Ovid has `SCORE  - `), and
 * continuation lines are indented. PsycINFO exports indent every line by one space and put blank
 * lines inside a field, so only the next `<n. >` marker ends a record.
 */
import type { Author, RecordType } from '../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, parseInvertedName, parseYear, pushEachUnique, pushUnique, setOnce, squash, replaceBracketed, trimEndChars, trimEndWhere,
} from './common/fields.js';
import { setPmidFromUrls } from './common/pubmed-url.js';
import { tokenize } from './tagged/tokenizer.js';
import { emptyRecord, FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord, type ParseResult } from './types.js';

const OVID_LINE = /^ ?([A-Z][A-Z0-9]{1,4}) {1,2}-(?: ([^]*))?$/; // [^] not .: a title may hold U+2028
const RECORD_MARKER = /^\s*<\d+\.\s*>\s*$/;

export const ovidTagged: FormatPlugin = {
  id: 'ovid-tagged',
  label: 'Ovid tagged (complete reference)',
  sniff: sniffOvid,
  parse: parseOvid,
};

function sniffOvid(text: string): number {
  const head = text.replace(/^\uFEFF/, '').slice(0, 16 * 1024);
  // Ovid RIS numbers records "1." before `TY  - `; that file belongs to the RIS plug-in.
  if (/^TY {1,2}-/m.test(head)) return 0;
  const lines = head.split(/\r\n|\r|\n/, 300);
  const markers = lines.filter((l) => RECORD_MARKER.test(l)).length;
  const tagged = lines.filter((l) => OVID_LINE.test(l)).length;
  if (markers === 0 || tagged < 2) return 0;
  return /^ ?VN {1,2}- Ovid/m.test(head) ? 0.95 : 0.8;
}

interface Block {
  fields: [string, string][];
  line: number;
}

function parseOvid(text: string): ParseResult {
  const warnings: FormatWarning[] = [];
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const t of tokenize(text.replace(/^\uFEFF/, ''), OVID_LINE)) {
    if (t.tag === undefined && RECORD_MARKER.test(t.value)) {
      current = { fields: [], line: t.line };
      blocks.push(current);
      continue;
    }
    if (t.tag !== undefined) {
      if (!current) {
        // A file cut before its first marker: keep the fields as a record rather than lose them.
        current = { fields: [], line: t.line };
        blocks.push(current);
      }
      current.fields.push([t.tag, t.value]);
      continue;
    }
    const last = current?.fields[current.fields.length - 1];
    if (t.value.trim() === '') {
      // Blank lines inside a field (PsycINFO IN/GS) are kept as paragraph breaks.
      if (last && last[1] !== '') last[1] += '\n';
      continue;
    }
    if (!last) {
      warnings.push({ code: 'untagged-line', message: `line outside a record ignored: "${t.value.slice(0, 60)}"`, line: t.line });
      continue;
    }
    last[1] = last[1] ? `${last[1].replace(/\n$/, '')}\n${t.value.trim()}` : t.value.trim();
  }
  for (const b of blocks) for (const f of b.fields) f[1] = trimEndChars(f[1], '\n');
  const records = blocks.filter((b) => b.fields.length > 0).map(toRecord);
  if (records.length === 0) throw new FormatError('no Ovid record found (expected "<1. >" markers and lines like "TI  - A title")', 1);
  return { records, warnings };
}

/** "Walsdorf, Neill B. [Inventor, Reprint Author]", "Zhang, Weijia 1,2,+", "Gazic, Barbara MD, PhD *". */
function cleanOvidName(value: string): string {
  // Loops, not /\[[^\]]*\]/g and /[\s\d,+*]+$/: both are quadratic on long runs (see trimEndWhere).
  return trimEndWhere(replaceBracketed(value, '[', ']', ''), (c) => NAME_TAIL.test(c)).replace(/\.$/, '').trim();
}
const NAME_TAIL = /[\s\d,+*]/;

/** Ovid appends its own labels to titles: "… cancer.  [Article]", "… depression. [References]." */
function cleanOvidTitle(value: string): string {
  const t = withoutOvidLabels(value).trim();
  // The final period is Ovid's punctuation, not the title's (an ellipsis or "sp." abbreviation stays).
  return t.replace(/^"(.+)"\.?$/, '$1').replace(/(?<![.\s]|\b[a-z]{1,3})\.$/, '');
}

const OVID_LABEL = /^\[(?:References|Article|Miscellaneous|Report|Editorial|Letter|Review|Comment)\]$/i;

/** The value without trailing "[Article]."-style labels, taken off from the end one by one (linear). */
function withoutOvidLabels(value: string): string {
  let end = value.length;
  for (;;) {
    let close = end;
    if (value[close - 1] === '.') close--;
    if (value[close - 1] !== ']') break;
    const open = value.lastIndexOf('[', close - 1);
    if (open < 0 || !OVID_LABEL.test(value.slice(open, close))) break;
    end = open;
    while (end > 0 && /\s/.test(value[end - 1] as string)) end--;
  }
  return value.slice(0, end);
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?(?:/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)?';
/** Where the journal name in SO ends: ". 201(", ". Vol.", ", 2013(", ", Winter", " August 2011;", " 2019;". */
const SOURCE_END = new RegExp(`\\.\\s+(?:Vol\\.|\\d)|,\\s+(?:\\d|Winter|Spring|Summer|Fall|Autumn)|\\s+${MONTH}\\s+\\d{4}\\s*;|\\s+\\d{4}\\s*;`, 'i');

const SOURCE_TAIL = /[.,;:\s]/;

/** The container title inside SO; for chapters the book title after the editors "[Editor]. Book.:pages". */
function sourceTitle(so: string): string | undefined {
  if (/\[(?:Editor|Ed)\b/i.test(so)) {
    // After the last editor: an optional "(2012). ", then "[Translated title.]" or "Title.:pages" / "Title. (pp.".
    const m = /\]\.\s+(?:\(\d{4}\)\.\s+)?(?:(\[[^\]]+\])|([^\][]+?)(?:\.?:\d|\.\s+\(|\.\s))/.exec(so);
    return m ? (m[1] ?? m[2]) : undefined;
  }
  const end = SOURCE_END.exec(so);
  const title = trimEndWhere(end ? so.slice(0, end.index) : so, (c) => SOURCE_TAIL.test(c));
  return title || undefined;
}

/** Volume, issue and pages from "201(2-3):327-334", "Vol.43(5), Sep 2015, pp. 623-634" or "2011;43(8):647-653". */
function sourceNumbers(so: string): { volume?: string; issue?: string; pages?: string } {
  const m = /(?:Vol\.\s*)?(\d+)\(([^)]+)\)(?::(\d+(?:-\d+)?)|[^:]*?pp\.\s*(\d+(?:-\d+)?))?/.exec(so);
  if (!m) return {};
  const out: { volume?: string; issue?: string; pages?: string } = { volume: m[1] as string, issue: m[2] as string };
  const pages = m[3] ?? m[4];
  if (pages) out.pages = pages;
  return out;
}

function ovidType(dts: string[], pts: string[]): { type: RecordType; raw: string } | undefined {
  for (const v of [...dts, ...pts]) {
    const type = /dissertation/i.test(v) ? 'thesis' : documentType(v);
    if (type && type !== 'other') return { type, raw: v };
  }
  const first = dts[0] ?? pts[0];
  return first ? { type: 'other', raw: first } : undefined;
}

function toRecord(block: Block): ParsedRecord {
  const r = emptyRecord(block.line);
  r.raw = block.fields;
  const authors: Author[] = [];
  const editors: Author[] = [];
  const dts: string[] = [];
  const pts: string[] = [];
  let so: string | undefined;
  let jn: string | undefined;
  let bt: string | undefined;
  for (const [tag, rawValue] of block.fields) {
    const value = squash(rawValue);
    if (!value) continue;
    switch (tag) {
      case 'TI': setOnce(r, 'title', cleanOvidTitle(value)); break;
      case 'AU': {
        const a = parseInvertedName(cleanOvidName(value));
        if (a) authors.push(a);
        break;
      }
      case 'ED':
        for (const name of value.split(/;\s*/)) {
          const a = parseInvertedName(cleanOvidName(name));
          if (a) editors.push(a);
        }
        break;
      case 'YR': setOnce(r, 'year', parseYear(value)); break;
      case 'SO': so ??= value; break;
      case 'JN': jn ??= value; break;
      case 'BT': bt ??= value; break;
      case 'AB': setOnce(r, 'abstract', value); break;
      case 'DO':
      case 'DI': setOnce(r, 'doi', cleanDoi(value)); break;
      case 'PM': if (/^\d+$/.test(value)) setOnce(r, 'pmid', value); break;
      case 'IS':
      case 'IT':
      case 'IB': {
        const n = classifyStandardNumbers(value);
        pushEachUnique(r.issn, n.issn);
        pushEachUnique(r.isbn, n.isbn);
        break;
      }
      case 'PU': setOnce(r, 'publisher', value); break;
      case 'LG': setOnce(r, 'language', value); break;
      case 'AN': setOnce(r, 'accessionNumber', value.replace(/\.$/, '')); break;
      case 'DB': setOnce(r, 'database', value); break;
      case 'DT': dts.push(value); break;
      case 'PT': pts.push(value); break;
      case 'MH': pushUnique(r.keywords, value.replace(/^\*/, '')); break;
      case 'KW': pushUnique(r.keywords, value); break;
      case 'XL': if (/^https?:\/\//.test(value)) setOnce(r, 'url', value); break;
      default: break;
    }
  }
  r.authors = authors.length > 0 ? authors : editors;
  const kind = ovidType(dts, pts);
  if (kind) {
    r.type = kind.type;
    r.rawType = kind.raw;
  }
  // BT is the book of a chapter (Zoological Record); for a whole book it repeats the title.
  if (bt && r.type === 'chapter') setOnce(r, 'journal', sourceTitle(bt));
  if (so) {
    if (r.type !== 'patent') setOnce(r, 'journal', jn ?? sourceTitle(so));
    const n = sourceNumbers(so);
    setOnce(r, 'volume', n.volume);
    setOnce(r, 'issue', n.issue);
    setOnce(r, 'pages', n.pages);
    setOnce(r, 'year', parseYear(so));
  } else {
    setOnce(r, 'journal', jn);
  }
  setPmidFromUrls(r, block.fields.filter(([tag]) => tag === 'XL' || tag === 'UR').map(([, value]) => value));
  return r;
}
