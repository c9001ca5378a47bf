/**
 * One RIS block (raw tags in file order) → a ParsedRecord. Which tag wins when exporters disagree:
 * - title: TI, T1 (Primo, Ovid, RefMan), then CT, then BT unless the record is a chapter (BT = book).
 * - journal: JF, T2, JO, then the abbreviations; a BOOK's T2 is its series, not a journal.
 * - year: PY, DA, Y1 (Zotero's order: DA beats the deprecated Y1); "0000" is no year.
 * - abstract: the first AB, else the first N2. EBSCO's second AB is a "Copyright of … is the property
 *   of …" notice and PsycInfo's a translation, so later values stay in `raw` only.
 * A "\n" inside a value (continuation lines) separates list items for KW, AU/A1, SN, UR/L1–L3, DO, DB.
 */
import type { Author } from '../../model/record.js';
import {
  classifyStandardNumbers, cleanDoi, joinPages, parseInvertedName, parseNaturalName, parseTrailingInitialsName,
  parseYear, pushEachUnique, pushUnique, risType, squash, stripMarkup,
} from '../common/fields.js';
import { setPmidFromUrls } from '../common/pubmed-url.js';
import { emptyRecord, type FormatWarning, type ParsedRecord } from '../types.js';
import type { RisBlock } from './blocks.js';
import { LEAKED_TAG } from './lines.js';

/** First occurrence of each tag's value, after leak cutting; list tags collect every line. */
interface Collected {
  first: Map<string, string>;
  authors: Author[];
  authorKeys: Set<string>;
  keywords: string[];
  issn: string[];
  isbn: string[];
  databases: string[];
  dois: string[];
  doiFromLinks: string[];
  urls: string[];
  /** Every link of UR and L1–L3, where a PMID may hide (Ovid's MEDLINE link in L2). */
  links: string[];
}

const BOOK_TYPES = new Set(['BOOK', 'EBOOK', 'EDBOOK']);
const CHAPTER_TYPES = new Set(['CHAP', 'ECHAP']);

export function mapRecord(block: RisBlock, warnings: FormatWarning[]): ParsedRecord {
  const c: Collected = {
    first: new Map(), authors: [], authorKeys: new Set(), keywords: [], issn: [], isbn: [], databases: [],
    dois: [], doiFromLinks: [], urls: [], links: [],
  };
  const { fields, fieldLines, separatorInValue } = block;
  for (let i = 0; i < fields.count; i++) {
    if (fields.isEmpty(i)) continue;
    const tag = fields.tags[i] as string;
    if (separatorInValue?.has(i)) {
      for (const [t, v] of cutLeakedTags(tag, fields.value(i), fieldLines[i] as number, warnings)) collect(c, t, v);
    } else if (MAPPED_TAGS.has(tag)) {
      // Only the values a field is built from are decoded; the rest go to records.jsonl as bytes.
      collect(c, tag, fields.value(i));
    }
  }
  const r = emptyRecord(block.line);
  build(r, c);
  return r;
}

/** Every tag that collect() or build() reads; a value under any other tag is never looked at. */
const MAPPED_TAGS = new Set([
  'AU', 'A1', 'KW', 'SN', 'DB', 'DO', 'UR', 'L1', 'L2', 'L3',
  'TY', 'TI', 'T1', 'CT', 'BT', 'PY', 'DA', 'Y1', 'JF', 'T2', 'JO', 'JA', 'J2', 'J1', 'JI', 'NL',
  'VL', 'IS', 'SP', 'EP', 'PG', 'AB', 'N2', 'LA', 'AN', 'ID', 'PB', 'PMID', 'DP', 'C5', 'C3',
]);

/** Split "URL     U2  - L123" into [UR, URL] and [U2, L123]; `raw` keeps the line as the file has it. */
function cutLeakedTags(tag: string, value: string, line: number, warnings: FormatWarning[]): [string, string][] {
  const parts: [string, string][] = [];
  let currentTag = tag;
  let start = 0;
  LEAKED_TAG.lastIndex = 0;
  for (let m = LEAKED_TAG.exec(value); m; m = LEAKED_TAG.exec(value)) {
    parts.push([currentTag, value.slice(start, m.index)]);
    warnings.push({ code: 'leaked-tag', message: `${tag} value holds an embedded "${m[1] as string}  - " tag; the value is cut there`, line });
    currentTag = m[1] as string;
    start = m.index + m[0].length;
  }
  parts.push([currentTag, value.slice(start)]);
  return parts.filter(([, v]) => v.trim() !== '');
}

function lines(value: string): string[] {
  if (!value.includes('\n')) {
    const t = value.trim();
    return t ? [t] : [];
  }
  const out: string[] = [];
  for (const l of value.split('\n')) {
    const t = l.trim();
    if (t) out.push(t);
  }
  return out;
}

function collect(c: Collected, tag: string, value: string): void {
  switch (tag) {
    case 'AU':
    case 'A1':
      for (const l of lines(value)) addAuthor(c, l);
      return;
    case 'KW':
      // One keyword per line; "*" marks a major descriptor (PsycNet, Cochrane), not part of the term.
      for (const l of lines(value)) pushUnique(c.keywords, l.replace(/^\*\s*/, ''));
      return;
    case 'SN': {
      const n = classifyStandardNumbers(value);
      pushEachUnique(c.issn, n.issn);
      pushEachUnique(c.isbn, n.isbn);
      return;
    }
    case 'DB':
      pushEachUnique(c.databases, lines(value));
      break;
    case 'DO':
      for (const l of lines(value)) pushUnique(c.dois, cleanDoi(l));
      return;
    case 'UR':
    case 'L1':
    case 'L2':
    case 'L3':
      // EPPI-Reviewer puts several URLs on one UR line, separated by a space.
      for (const link of value.split(/\s+/)) {
        if (/doi\.org\//i.test(link)) pushUnique(c.doiFromLinks, cleanDoi(decodeURIComponentSafe(link)));
        // EBSCOhost (e.g. Sociology Source Ultimate) writes the bare DOI in L3.
        else if (tag === 'L3' && /^10\.\d{4,9}\/\S+$/.test(link)) pushUnique(c.doiFromLinks, cleanDoi(link));
        if (tag === 'UR' && /^(?:https?|ftp):\/\//i.test(link)) pushUnique(c.urls, link);
        c.links.push(link);
      }
      return;
    default:
      break;
  }
  if (!c.first.has(tag)) c.first.set(tag, value);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** RIS names are "Family, Given"; without a comma "Adler D.G." (Embase) or natural order "Given Family". */
function parseRisName(value: string): Author | undefined {
  if (value.includes(',')) return parseInvertedName(value);
  return parseTrailingInitialsName(value) ?? parseNaturalName(value);
}

/** Some exports give every author twice, as A1 and as AU: keep each name once, in first-seen order. */
function addAuthor(c: Collected, value: string): void {
  const author = parseRisName(value);
  if (!author) return;
  const key = `${author.family}|${author.given ?? ''}`.toLowerCase().replace(/[\s.]+/g, '');
  if (c.authorKeys.has(key)) return;
  c.authorKeys.add(key);
  c.authors.push(author);
}

function text(c: Collected, ...tags: string[]): string | undefined {
  for (const tag of tags) {
    const v = c.first.get(tag);
    if (v === undefined) continue;
    const s = tidy(v.includes('<') ? stripMarkup(v) : v);
    if (s) return s;
  }
  return undefined;
}

/** squash, skipped when there is nothing to squash (most values): abstracts are long and many. */
function tidy(value: string): string {
  if (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32) return squash(value);
  for (const s of SQUASHABLE) if (value.includes(s)) return squash(value);
  return value;
}
/** What squash would change inside a value; `includes` scans faster than one regex with alternatives. */
const SQUASHABLE = ['\n', '  ', '\t', '\r', '\u00a0', '\u2028', '\u2029'];

/** First line of a field (DB "Embase\nMedline" from EndNote is two databases). */
function firstLine(c: Collected, tag: string): string | undefined {
  const v = c.first.get(tag);
  return v === undefined ? undefined : lines(v)[0];
}

function build(r: ParsedRecord, c: Collected): void {
  const rawType = text(c, 'TY');
  const typeCode = rawType?.toUpperCase() ?? '';
  if (rawType) {
    r.rawType = rawType;
    r.type = risType(rawType);
  }

  const title = text(c, 'TI', 'T1', 'CT') ?? (CHAPTER_TYPES.has(typeCode) ? undefined : text(c, 'BT'));
  if (title) r.title = title;
  r.authors = c.authors;

  const year = yearOf(c, 'PY') ?? yearOf(c, 'DA') ?? yearOf(c, 'Y1');
  if (year !== undefined) r.year = year;

  // A book has no journal: its T2 is the series and its J2 that series' abbreviation.
  const isBook = BOOK_TYPES.has(typeCode);
  const fullJournal = isBook ? text(c, 'JF', 'JO') : text(c, 'JF', 'T2', 'JO');
  // JI is WoS's ISO abbreviation; NL the NLM abbreviation Ovid writes after ER.
  const abbrev = isBook ? undefined : text(c, 'JA', 'J2', 'J1', 'JI', 'NL');
  const journal = fullJournal ?? abbrev;
  if (journal) r.journal = journal;
  const journalAbbrev = abbrev ?? (text(c, 'JO') !== journal ? text(c, 'JO') : undefined);
  if (journalAbbrev && journalAbbrev !== journal) r.journalAbbrev = journalAbbrev;

  setText(r, 'volume', text(c, 'VL'));
  setText(r, 'issue', text(c, 'IS'));
  const start = text(c, 'SP');
  const end = text(c, 'EP');
  // SP sometimes already holds the range ("1-5", Rayyan); PG is Covidence's whole-range tag.
  // Ovid writes "SP - No / EP - Specified" for "no pagination specified".
  const unpaginated = start === 'No' && end === 'Specified';
  const pages = unpaginated ? undefined : start?.includes('-') ? start : joinPages(start, end) ?? text(c, 'PG');
  setText(r, 'pages', pages);

  const doi = c.dois[0] ?? c.doiFromLinks[0];
  if (doi) r.doi = doi;
  setText(r, 'pmid', pmidOf(c));
  setPmidFromUrls(r, c.links);
  r.issn = c.issn;
  r.isbn = c.isbn;

  const abstract = text(c, 'AB', 'N2');
  if (abstract) r.abstract = abstract;
  r.keywords = c.keywords;
  setText(r, 'language', text(c, 'LA'));
  if (c.urls[0]) r.url = c.urls[0];

  const accession = text(c, 'AN') ?? accessionFromId(text(c, 'ID'));
  setText(r, 'accessionNumber', accession);
  // Rayyan's AN is its own record key; it identifies the record when decisions come back.
  if (accession && /^rayyan-\d+$/.test(accession)) r.sourceRecordId = accession;
  setText(r, 'publisher', text(c, 'PB'));
  setText(r, 'database', c.databases[0]);
}

function setText(r: ParsedRecord, key: 'volume' | 'issue' | 'pages' | 'pmid' | 'language' | 'accessionNumber' | 'publisher' | 'database', value: string | undefined): void {
  if (value) r[key] = value;
}

function yearOf(c: Collected, tag: string): number | undefined {
  return parseYear(firstLine(c, tag));
}

/**
 * PMID: a `PMID` tag (APA PsycNet); AN of a PubMed/MEDLINE record; Embase.com's C5 (its "Medline
 * PMID" column); Cochrane's C3 "PUBMED 21314913". C2 holds PMCIDs, which are not PMIDs.
 */
function pmidOf(c: Collected): string | undefined {
  const tagged = firstLine(c, 'PMID');
  if (tagged && /^\d{1,9}$/.test(tagged)) return tagged;
  const provider = [...c.databases, firstLine(c, 'DP') ?? ''].join(' ');
  const an = firstLine(c, 'AN');
  if (an && /^\d{1,9}$/.test(an) && /pubmed|medline|\bNLM\b/i.test(provider)) return an;
  const c5 = firstLine(c, 'C5');
  if (c5 && /^\d{1,9}$/.test(c5) && c.databases.some((d) => /^(?:medline|embase)$/i.test(d))) return c5;
  const c3 = /^PUBMED\s+(\d{1,9})$/i.exec(firstLine(c, 'C3') ?? '');
  return c3?.[1];
}

/**
 * ID is an accession in Ovid ("2019-65183-001", "EJ389705"), EBSCO, Lens and Primo ("alma99…"),
 * but a running number in Zotero/Rayyan ("2") and a citation key in RefWorks ("RefID:888-…").
 */
function accessionFromId(id: string | undefined): string | undefined {
  if (!id || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) return undefined;
  const digits = id.replace(/\D/g, '').length;
  return digits >= 5 ? id : undefined;
}
