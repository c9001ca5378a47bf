/**
 * Field-level helpers shared by the format plug-ins: cleaning values the way every export needs,
 * without any knowledge of stages. Kept small and pure so each rule can be tested on its own.
 */
import type { Author, RecordType } from '../../model/record.js';
import type { ParsedRecord } from '../types.js';

/** Collapse internal whitespace (incl. CR/LF/tabs) and trim. */
export function squash(value: string): string {
  // Same result as replacing every /\s+/ run by ' ', but single plain spaces (most of any text) are
  // not matched and rewritten: 3× faster on abstracts, which the tagged parsers clean per record.
  // Most short values have nothing to collapse: test first, and only build a new string when needed.
  return SQUASHABLE_RUN.test(value) ? value.replace(SQUASHABLE_RUNS, ' ').trim() : value.trim();
}
const SQUASHABLE_RUN = /\s{2,}|[^\S ]/;
const SQUASHABLE_RUNS = /\s{2,}|[^\S ]/g;

/** Strip URL/`doi:` prefixes and trailing punctuation; returns undefined when nothing DOI-like remains. */
export function cleanDoi(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let v = squash(value);
  const m = /10\.\d{4,9}\/\S+/.exec(v);
  if (!m) return undefined;
  v = m[0];
  v = trimEndChars(v, DOI_TRAILING);
  return v.length > 7 ? v : undefined;
}

/** A value cut with "…" (Google Scholar, Publish or Perish) without it and the spaces before it. */
export function withoutEllipsis(value: string): string {
  return value.endsWith('…') ? value.slice(0, -1).trimEnd() : value;
}

/** Punctuation that ends a sentence or a bracket around a DOI, never the DOI itself. */
export const DOI_TRAILING = `.,;:)]}>'"`;

/**
 * `value` without the trailing characters `drop` accepts. A loop, not `/[…]+$/`: an unanchored
 * trailing-class regex restarts at every character of a long run that does not reach the end of
 * the value, which is quadratic (150 KB of dots took a minute).
 */
export function trimEndWhere(value: string, drop: (char: string) => boolean): string {
  let end = value.length;
  while (end > 0 && drop(value[end - 1] as string)) end--;
  return end === value.length ? value : value.slice(0, end);
}

/** trimEndWhere for a set of characters given as a string. */
export function trimEndChars(value: string, chars: string): string {
  return trimEndWhere(value, (c) => chars.includes(c));
}

/**
 * `value` with every `open`…`close` stretch (no nesting, as `/\[[^\]]*\]/g` reads it) replaced.
 * A loop, not the regex: on a value with many openers and no closer, the regex scans to the end
 * from each opener.
 */
export function replaceBracketed(value: string, open: string, close: string, replacement: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = value.indexOf(open, from);
    if (start < 0) break;
    const end = value.indexOf(close, start + 1);
    // No closer after this opener: there is none after any later one either.
    if (end < 0) break;
    out += value.slice(from, start) + replacement;
    from = end + 1;
  }
  return from === 0 ? value : out + value.slice(from);
}

/**
 * Split on separator characters and trim the pieces: a split on "white space, `;`, white space",
 * without that regex's quadratic restarts inside long runs of spaces.
 */
export function splitTrimmed(value: string, separators: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    if (separators.includes(value[i] as string)) {
      pieces.push(value.slice(from, i).trim());
      from = i + 1;
    }
  }
  pieces.push(value.slice(from).trim());
  return pieces;
}

/** First plausible 4-digit year (1000–2199) in a date-ish string. */
export function parseYear(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /(?:^|[^0-9])(1[0-9]{3}|20[0-9]{2}|21[0-9]{2})(?![0-9])/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** "Family, Given" (the RIS/BibTeX/Scopus convention); no comma → treated as a natural-order or corporate name. */
export function parseInvertedName(value: string): Author | undefined {
  const v = squash(value).replace(/[;,]$/, '').trim();
  if (!v) return undefined;
  const comma = v.indexOf(',');
  if (comma > 0) {
    const family = v.slice(0, comma).trim();
    const given = v.slice(comma + 1).trim();
    return given ? { family, given } : { family };
  }
  return parseNaturalName(v);
}

/** "Given Family" or "J Smith"; a name with organisation words is kept whole as a corporate author. */
export function parseNaturalName(value: string): Author | undefined {
  const v = squash(value);
  if (!v) return undefined;
  if (isCorporate(v)) return { family: v, literal: true };
  const parts = v.split(' ');
  if (parts.length === 1) return { family: v };
  const family = parts.pop() as string;
  return { family, given: parts.join(' ') };
}

/** MEDLINE `AU` style: "Smith JA" → family Smith, given "J A"; falls back to inverted/natural parsing. */
export function parseMedlineName(value: string): Author | undefined {
  const v = squash(value);
  if (!v) return undefined;
  if (v.includes(',')) return parseInvertedName(v);
  const m = /^(.+?)\s+([A-Z]{1,4})$/.exec(v);
  if (m) return { family: m[1] as string, given: (m[2] as string).split('').join(' ') };
  if (isCorporate(v)) return { family: v, literal: true };
  return { family: v };
}

const CORPORATE = /\b(group|consortium|committee|collaborat\w*|association|organi[sz]ation|institute|council|society|network|investigators|agency|department|ministry|university|foundation|centre|center|trial|team)\b/i;
export function isCorporate(name: string): boolean {
  return CORPORATE.test(name);
}

/** ISSN-looking (8 chars with optional hyphen, X check digit). */
export function looksLikeIssn(value: string): boolean {
  return /^\d{4}-?\d{3}[\dXx]$/.test(value.trim());
}

/** Split a SN-style value into ISSNs and ISBNs (several may share one value: "1573-3602 1050-5350"). */
export function classifyStandardNumbers(value: string): { issn: string[]; isbn: string[] } {
  // PubMed's IS lines are one ISSN and its medium ("1879-1360 (Electronic)"): no need to tokenise.
  const single = SINGLE_ISSN.exec(value);
  if (single) return { issn: [`${single[1] as string}-${(single[2] as string).toUpperCase()}`], isbn: [] };
  const issn: string[] = [];
  const isbn: string[] = [];
  // Tokens are separated by white space or list punctuation; hyphens stay inside a number.
  for (const token of value.split(/[\s;,/()[\]]+/)) {
    const digits = token.replace(/[^0-9Xx]/g, '');
    if (!/^[0-9]/.test(digits) || token.replace(/[0-9Xx-]/g, '') !== '') continue;
    if (digits.length === 8) pushUnique(issn, formatIssn(digits));
    else if (digits.length === 10 || digits.length === 13) pushUnique(isbn, digits.toUpperCase());
  }
  return { issn, isbn };
}

const SINGLE_ISSN = /^\s*(\d{4})-?(\d{3}[\dXx])(?:\s+\((?:Print|Electronic|Linking)\))?\s*$/;

export function formatIssn(digits: string): string {
  const d = digits.replace(/[^0-9Xx]/g, '').toUpperCase();
  return d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4)}` : d;
}

/** Push unique, non-empty values (keeps first-seen order). For a list of values use pushEachUnique. */
export function pushUnique(list: string[], ...values: (string | undefined)[]): void {
  pushEachUnique(list, values);
}

/**
 * Push each unique, non-empty value (keeps first-seen order). Takes an array, not a spread: a
 * spread of 125,000 keywords into a call overflows the stack. A long list is checked against a Set
 * kept beside it (`includes` on every push would be quadratic); items pushed to the list by other
 * code are added to that Set before it is used.
 */
export function pushEachUnique(list: string[], values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (value === undefined) continue;
    const v = value.trim();
    if (!v) continue;
    if (list.length < SET_FROM) {
      if (!list.includes(v)) list.push(v);
      continue;
    }
    const seen = seenSet(list);
    if (!seen.has(v)) {
      list.push(v);
      seen.add(v);
      SEEN.set(list, { set: seen, covered: list.length });
    }
  }
}

/** Lists shorter than this are searched; longer ones get a Set. */
const SET_FROM = 32;
const SEEN = new WeakMap<string[], { set: Set<string>; covered: number }>();

function seenSet(list: string[]): Set<string> {
  let known = SEEN.get(list);
  // A list that shrank was rebuilt by other code: start again.
  if (!known || known.covered > list.length) known = { set: new Set(), covered: 0 };
  for (let i = known.covered; i < list.length; i++) known.set.add(list[i] as string);
  known.covered = list.length;
  SEEN.set(list, known);
  return known.set;
}

/** `target.push(...items)` without the spread: a spread of a huge list overflows the call stack. */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** Set a scalar field only if it is still empty (first value wins, as in most exports' intent). */
export function setOnce<K extends keyof ParsedRecord>(record: ParsedRecord, key: K, value: ParsedRecord[K] | undefined): void {
  if (value === undefined || value === '' || record[key] !== undefined) return;
  record[key] = value;
}

/** Join start/end pages into "123-130". */
export function joinPages(start?: string, end?: string): string | undefined {
  const s = start ? squash(start) : '';
  const e = end ? squash(end) : '';
  if (s && e && s !== e) return `${s}-${e}`;
  return s || e || undefined;
}

const RIS_TYPES: Record<string, RecordType> = {
  JOUR: 'article', JFULL: 'article', MGZN: 'article', NEWS: 'article', EJOUR: 'article', INPR: 'article',
  BOOK: 'book', EBOOK: 'book', EDBOOK: 'book', CHAP: 'chapter', ECHAP: 'chapter',
  CONF: 'conference', CPAPER: 'conference', PROC: 'conference',
  THES: 'thesis', RPRT: 'report', GOVDOC: 'report', STAND: 'report',
  DATA: 'dataset', DBASE: 'dataset', ELEC: 'web', ICOMM: 'web', BLOG: 'web', WEB: 'web',
  PAT: 'patent', UNPB: 'preprint', GEN: 'other',
};
export function risType(value: string | undefined): RecordType | undefined {
  if (!value) return undefined;
  return RIS_TYPES[value.trim().toUpperCase()] ?? 'other';
}

/** Map free-text document types (Scopus "Article", WoS "Journal Article", PubMed "Review"...). */
export function documentType(value: string | undefined): RecordType | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (/\breview\b/.test(v) && !/book review/.test(v)) return 'review';
  if (/conference|proceeding|congress|meeting|symposium/.test(v)) return 'conference';
  if (/chapter|book section|incollection|inbook/.test(v)) return 'chapter';
  if (/\bbook\b|monograph/.test(v)) return 'book';
  if (/thesis|dissertation/.test(v)) return 'thesis';
  if (/report|working paper|government/.test(v)) return 'report';
  if (/preprint/.test(v)) return 'preprint';
  if (/patent/.test(v)) return 'patent';
  if (/dataset|data set/.test(v)) return 'dataset';
  if (/web|electronic/.test(v)) return 'web';
  if (/article|journal|letter|editorial|note|erratum|comment|paper/.test(v)) return 'article';
  return 'other';
}

/**
 * "Adler D.G.", "Brownstein C D", "Smith JA": family name first, initials last, no comma (Embase A1,
 * EPPI-Reviewer, PubMed-style AU). Returns undefined when the value does not end in initials, so the
 * caller can fall back to another reading.
 */
export function parseTrailingInitialsName(value: string): Author | undefined {
  const v = squash(value);
  const m = /^(\S.*?)\s+((?:[A-Z]\.?-?\s?){1,4})$/.exec(v);
  if (!m || isCorporate(v)) return undefined;
  const initials = (m[2] as string).replace(/[\s.-]+/g, '').split('');
  const dotted = /\./.test(m[2] as string);
  return { family: m[1] as string, given: dotted ? initials.map((c) => `${c}.`).join('') : initials.join(' ') };
}

/** Tags of inline markup: removing them must not split a word ("CO<sub>2</sub>"). MathML is all inline. */
const INLINE_TAGS = new Set([
  'sub', 'sup', 'inf', 'i', 'it', 'em', 'italic', 'u', 'underline', 'sc', 'smallcaps', 'scp', 'small', 'span', 'font',
  'a', 'tt', 'code', 'var', 'mark', 's', 'strike', 'del', 'ins', 'abbr',
]);

/** `jats:sub` is `sub`; any `mml:` (MathML) tag is inline. */
function isInlineTag(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('mml:') || INLINE_TAGS.has(lower.slice(lower.lastIndexOf(':') + 1));
}

/**
 * Drop XML/HTML markup (JATS `<p>`, `<AbstractText …>`, `<i>`) that some exports leave in titles and
 * abstracts. Inline markup sits inside words and goes without a trace ("CO<sub>2</sub>" → "CO2",
 * Scopus "YBa<inf>2</inf>Cu" → "YBa2Cu", "δ<sup>13</sup>C"); any other tag (paragraphs, line breaks,
 * and bold, which exports use for the headings of structured abstracts glued to the sentence before:
 * "influence.<bold>Design") stands for a space.
 */
export function stripMarkup(value: string): string {
  if (!/<\/?[A-Za-z]/.test(value)) return value;
  return value
    .replace(/<\/?([A-Za-z][\w:.-]*)(?:\s[^<>]*)?\/?>/g, (_tag, name: string) => (isInlineTag(name) ? '' : ' '))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
}
