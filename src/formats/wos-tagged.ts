/**
 * Web of Science plain-text ("tagged") export, also used by the WoS platform's other databases
 * (Zoological Record, BIOSIS, CABI, Derwent, Dissertation Abstracts): `FN`/`VR 1.0` header, 2-char
 * tag + space, 3-space continuation lines, `ER` closes a record and `EF` the file. In list fields
 * (AU, AF, CR…) every continuation line is the next item, so raw values keep their "\n".
 */
import type { Author, RecordType } from '../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, documentType, joinPages, parseMedlineName, parseYear, pushAll, pushEachUnique, pushUnique,
  setOnce, squash,
} from './common/fields.js';
import { tokenize } from './tagged/tokenizer.js';
import { emptyRecord, FormatError, type FormatPlugin, type FormatWarning, type ParsedRecord, type ParseResult } from './types.js';

const WOS_LINE = /^([A-Z][A-Z0-9])(?: ([^]*))?$/; // [^] not .: a title may hold U+2028

/**
 * Tags seen in WoS-platform exports. Only these start a field: some exports (Zotero case 7) have
 * unindented continuation lines, and a wrapped line such as "US Army ..." must not become a tag.
 */
const WOS_TAGS = new Set((
  'FN VR PT AU AF BA BF CA GP BE TI SO SE BS LA DT CT CY CL SP HO DE ID AB C1 C3 RP EM RI OI FU FP FX CR NR ' +
  'TC Z9 U1 U2 PU PI PA SN EI BN J9 JI PD PY VL IS PN SU SI MA BP EP AR DI DL D2 EA PG WC WE SC GA PM OA HC HP ' +
  'DA UT ER EF AN PS ZB ZR ZS Z8 ZA ZC TN ST OR BD CC MC MQ CN AE DG PC PL EY AW NT UR AD CH DS GE IN MI PR TA ' +
  'TM VN GS PE SA TR CI CD HI LT OL RE RT SS'
).split(' '));

export const wosTagged: FormatPlugin = {
  id: 'wos-tagged',
  label: 'Web of Science plain text (tagged)',
  sniff: sniffWos,
  parse: parseWos,
};

function sniffWos(text: string): number {
  const head = text.replace(/^\uFEFF/, '').slice(0, 16 * 1024);
  const header = /^FN [^\r\n]*(?:\r\n|\r|\n)VR \d/.test(head);
  if (header) return 0.98;
  // A file cut from a larger export may lose its header: PT/ER single-space tags still say WoS.
  if (/^PT [A-Z]\s*$/m.test(head) && /^(?:AU|TI|SO) \S/m.test(head) && /^ER\s*$/m.test(head)) return 0.8;
  if (/^FN (?:Thomson Reuters|Clarivate|ISI)/.test(head)) return 0.9;
  return 0;
}

interface Block {
  fields: [string, string][];
  line: number;
}

function parseWos(text: string): ParseResult {
  const warnings: FormatWarning[] = [];
  const blocks: Block[] = [];
  let current: Block | undefined;
  let sawTag = false;
  for (const t of tokenize(text.replace(/^\uFEFF/, ''), WOS_LINE)) {
    const tag = t.tag !== undefined && WOS_TAGS.has(t.tag) ? t.tag : undefined;
    if (tag !== undefined) {
      sawTag = true;
      if (tag === 'FN' || tag === 'VR' || tag === 'EF') {
        if (current) closeWithoutEnd(current, t.line, warnings);
        current = undefined;
        continue;
      }
      if (tag === 'ER') {
        if (!current) warnings.push({ code: 'other', message: 'ER without a record before it', line: t.line });
        current = undefined;
        continue;
      }
      if (current && tag === 'PT') {
        closeWithoutEnd(current, t.line, warnings);
        current = undefined;
      }
      if (!current) {
        current = { fields: [], line: t.line };
        blocks.push(current);
      }
      current.fields.push([tag, t.value]);
      continue;
    }
    if (t.value.trim() === '') continue;
    const last = current?.fields[current.fields.length - 1];
    if (!last) {
      warnings.push({ code: 'untagged-line', message: `line outside a record ignored: "${t.value.slice(0, 60)}"`, line: t.line });
      continue;
    }
    last[1] = last[1] ? `${last[1]}\n${t.value.trim()}` : t.value.trim();
  }
  if (current) closeWithoutEnd(current, undefined, warnings);
  if (!sawTag) throw new FormatError('no Web of Science tag found (expected "FN", "PT J", "AU …", "ER" lines)', 1);
  return { records: blocks.map(toRecord), warnings };
}

function closeWithoutEnd(block: Block, nextLine: number | undefined, warnings: FormatWarning[]): void {
  const where = nextLine ? `before line ${nextLine}` : 'at the end of the file';
  warnings.push({ code: 'missing-end', message: `record starting on line ${block.line} has no ER line (${where}); kept`, line: block.line });
}

const PT_TYPES: Record<string, RecordType> = { J: 'article', B: 'book', S: 'chapter', P: 'patent', C: 'conference' };

/** The Zoological Record and BIOSIS put the e-mail in the author value: "Stillman, A. N. (a@b.edu)". */
function withoutEmail(name: string): string {
  // `@` is checked outside the regex, which stays linear; a match starts where a space run starts.
  return name.replace(/(?<!\s)\s*[([][^()[\]]*[)\]]/g, (whole) => (whole.includes('@') ? '' : whole)).trim();
}

function splitItems(value: string): string[] {
  return value.split('\n').map((v) => v.trim()).filter(Boolean);
}

function databaseOf(accession: string | undefined): string {
  const prefix = accession?.split(':')[0]?.toUpperCase() ?? '';
  if (/^ZOOR/.test(accession ?? '')) return 'Zoological Record';
  const known: Record<string, string> = {
    WOS: 'Web of Science', BIOSIS: 'BIOSIS', BCI: 'BIOSIS', PREV: 'BIOSIS', MEDLINE: 'MEDLINE', CABI: 'CABI',
    DIIDW: 'Derwent Innovations Index', FSTA: 'FSTA', INSPEC: 'Inspec', ZOOREC: 'Zoological Record',
    KJD: 'KCI', RSCI: 'Russian Science Citation Index', SCIELO: 'SciELO', CCC: 'Current Contents Connect',
    PQDT: 'ProQuest Dissertations & Theses', DRCI: 'Data Citation Index', GRANTS: 'Grants Index',
  };
  return known[prefix] ?? 'Web of Science';
}

function toRecord(block: Block): ParsedRecord {
  const r = emptyRecord(block.line);
  r.raw = block.fields;
  const one = new Map<string, string>();
  const fullNames: string[] = [];
  const shortNames: string[] = [];
  const groups: string[] = [];
  for (const [tag, rawValue] of block.fields) {
    switch (tag) {
      case 'AF': pushAll(fullNames, splitItems(rawValue)); break;
      case 'AU': pushAll(shortNames, splitItems(rawValue)); break;
      case 'CA': pushAll(groups, splitItems(rawValue)); break;
      case 'DE':
      case 'ID':
        // Keywords are "; "-separated; a keyword may wrap onto the next line.
        pushEachUnique(r.keywords, squash(rawValue).split(/;\s*/));
        break;
      case 'SN':
      case 'EI':
      case 'BN': {
        const n = classifyStandardNumbers(rawValue);
        pushEachUnique(r.issn, n.issn);
        pushEachUnique(r.isbn, n.isbn);
        break;
      }
      default:
        if (!one.has(tag)) one.set(tag, rawValue);
    }
  }
  const useFull = fullNames.length > 0;
  const authors: Author[] = [];
  for (const name of (useFull ? fullNames : shortNames).map(withoutEmail)) {
    const a = parseMedlineName(name);
    // AU holds initials only: "Parkes-Loach, PS" → given "P S", as MEDLINE names are read.
    if (a?.given && !useFull && /^[A-Z]{2,4}$/.test(a.given)) a.given = a.given.split('').join(' ');
    if (a) authors.push(a);
  }
  for (const g of groups) authors.push({ family: g, literal: true });
  r.authors = authors;

  // Cited references and addresses are most of the bytes: only fields read here are cleaned.
  const get = (tag: string): string | undefined => squash(one.get(tag) ?? '') || undefined;
  setOnce(r, 'title', get('TI'));
  // A WoS book (PT B) repeats its own title in SO; that is no container.
  if (squash(get('SO') ?? '').replace(/\.$/, '').toLowerCase() !== squash(get('TI') ?? '').replace(/\.$/, '').toLowerCase()) {
    setOnce(r, 'journal', get('SO'));
  }
  setOnce(r, 'journalAbbrev', get('JI') ?? get('J9'));
  setOnce(r, 'year', parseYear(get('PY')) ?? parseYear(get('PD')));
  setOnce(r, 'volume', get('VL'));
  setOnce(r, 'issue', get('IS'));
  setOnce(r, 'pages', joinPages(get('BP'), get('EP')) ?? get('AR') ?? get('PS'));
  setOnce(r, 'doi', cleanDoi(get('DI')));
  const pmid = get('PM');
  if (pmid && /^\d+$/.test(pmid)) r.pmid = pmid;
  setOnce(r, 'abstract', get('AB'));
  setOnce(r, 'language', get('LA'));
  setOnce(r, 'accessionNumber', get('UT') ?? get('AN'));
  setOnce(r, 'publisher', get('PU'));
  setOnce(r, 'database', databaseOf(r.accessionNumber));

  const pt = get('PT')?.toUpperCase();
  const dt = get('DT');
  const fromDt = documentType(dt?.split(';')[0]);
  const fromPt = pt ? PT_TYPES[pt] ?? 'other' : undefined;
  // DT is the finer label ("Review", "Proceedings Paper"); PT decides for books, series and patents.
  r.type = pt === 'P' || pt === 'S' || !fromDt || fromDt === 'other' || (pt === 'B' && fromDt === 'article') ? fromPt : fromDt;
  if (r.type === undefined) delete r.type;
  setOnce(r, 'rawType', dt ?? pt);
  return r;
}
