/**
 * Field normalisation for duplicate detection. Each rule is a small pure function so it can be
 * tested on its own; none of them knows about records, blocks or clusters.
 */
import { DOI_TRAILING, replaceBracketed, trimEndChars } from '../../formats/common/fields.js';
import type { Author } from '../../model/record.js';

const ASCII = /^[\x00-\x7f]*$/;

/** Lower-case ASCII-folded text: NFKD, combining marks dropped, ligatures and sharp s expanded. */
export function foldText(value: string): string {
  // Most metadata is plain ASCII: skip the Unicode decomposition for it (a third of the stage's time).
  if (ASCII.test(value)) return value.toLowerCase();
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æ]/gi, 'ae')
    .replace(/[œ]/gi, 'oe')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
}

/** Remove HTML/XML/MathML tags and decode the entities databases leave in titles. */
export function stripMarkupTags(value: string): string {
  return value
    .replace(/<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>/g, ' ')
    .replace(/&lt;/gi, '<').replace(/&gt;/gi, '>').replace(/&quot;/gi, '"').replace(/&#0*39;|&apos;/gi, "'")
    .replace(/&nbsp;/gi, ' ').replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/gi, '&');
}

/** A DOI as a comparable key: no resolver prefix or `doi:`, lower case, URL-decoded, no trailing punctuation. */
export function normaliseDoi(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let v = value.trim();
  try { if (/%[0-9a-f]{2}/i.test(v)) v = decodeURIComponent(v); } catch { /* keep as is */ }
  const m = /10\.\d{4,9}\/\S+/i.exec(v);
  if (!m) return undefined;
  const doi = trimEndChars(m[0].toLowerCase(), DOI_TRAILING);
  return doi.length > 7 ? doi : undefined;
}

/** What kind of publication a title announces: an erratum, comment or reply is never the article itself. */
export type TitleKind = 'erratum' | 'comment' | 'reply' | 'retraction';

export interface NormalisedTitle {
  /** Folded words joined by single spaces. */
  text: string;
  kind?: TitleKind;
  /** Digit runs in the title, sorted: "Part 1" and "Part 2" are different papers. */
  numbers: string[];
}

// "Title (vol 12, pg 345, 2010)": Web of Science marks errata and comments this way.
const WOS_ERRATUM_SUFFIX = /\s*\(\s*vol\.?\s*\d+[^()]*\b(?:pg|page|p)\.?\s*[^()]*\)\s*\.?\s*$/i;
// Embase cites the corrected article: "Title (New England Journal of Medicine (2009) 360 (542-544))".
const CITED_ARTICLE_SUFFIX = /\s*\([^()]*\(\s*(?:1[89]|20)\d\d\s*\)\s*\d+\s*(?:\(\s*\d+\s*\)\s*)?\(\s*[\d\s\-–]+\)\s*\)\s*\.?\s*$/;
// MEDLINE notes about other records: "Title.[Erratum appears in J Pediatr. 2003 Jun;…]", "[Comment in: …]".
// They annotate the article itself, so they are removed before the kind of the title is judged.
const LINKED_RECORD_NOTE = /\s*\.{0,3}\s*\[(?:corrected\]|(?:published\s+)?(?:erratum|comment|retraction|update|republished|expression of concern)[^\]]*\bin\b).*$/i;
// Trailing tags databases add: "[Review]", "[Chinese]", "[Article in German]", "[Editorial]".
const TRAILING_TAG = /\s*\[[^\][]{1,60}\]\s*\.?\s*$/;

/** Remove brackets around a whole translated title ("[Title in English]." from MEDLINE). */
export function unwrapTranslatedTitle(value: string): string {
  const m = /^\s*\[(.+)\]\s*\.?\s*$/s.exec(value);
  return m && !m[1]!.includes(']') ? m[1]! : value;
}

// A review database's note on its own record, in parentheses after the title (CRD's DARE / NHS EED:
// "(Structured abstract)", "(Provisional abstract)", "(Brief record)"): it says what the database wrote, not what was published.
const TRAILING_RECORD_NOTE = /\s*\((?:(?:structured|provisional)\s+abstract|brief\s+record|abstract)\)\s*\.?\s*$/i;

/** Remove trailing "[Review]"-style tags and "(Structured abstract)"-style record notes, keeping the title when nothing else is left. */
export function stripTrailingTags(value: string): string {
  let v = value;
  for (;;) {
    const next = v.replace(TRAILING_TAG, '').replace(TRAILING_RECORD_NOTE, '');
    if (next === v || !/\p{L}/u.test(next)) return v;
    v = next;
  }
}

export function titleKind(title: string): TitleKind | undefined {
  const raw = title.replace(LINKED_RECORD_NOTE, '');
  const t = foldText(raw).trim();
  if ((WOS_ERRATUM_SUFFIX.test(raw) && /\b(?:vol)\b/i.test(raw)) || CITED_ARTICLE_SUFFIX.test(raw)) return 'erratum';
  if (/^(?:erratum|errata|corrigendum|correction|addendum)\b/.test(t) || /\b(?:erratum|corrigendum)\b/.test(t)) return 'erratum';
  if (/^(?:retraction|retracted|withdrawn|notice of retraction)\b/.test(t)) return 'retraction';
  if (/^(?:reply|response|in reply|author'?s'? reply|authors'? response|rebuttal)\b/.test(t) || /\breply to\b|[-:]\s*(?:author'?s'?\s*)?reply\.?$/.test(t)) return 'reply';
  if (/^(?:comment|comments|commentary|re:)\b|^re\s*:/.test(t) || /\[comment\]|\(comment\)/.test(t)) return 'comment';
  return undefined;
}

// "Erratum: Title", "Erratum to - Title", "Corrigendum to: Title": the notice's own label, not the article's title.
const ERRATUM_PREFIX = /^\s*(?:erratum|errata|corrigendum|correction|addendum)\b(?:\s+(?:to|for|on|of|in))?\s*[:\-–—.]*\s*/i;
// A citation cut off by a field length limit: "Title (Proceeding of the National Academy of Science (Januar".
const TRUNCATED_CITATION = /\s*\([^()]*\([^()]*$/;

/** What an erratum title cites of the corrected article: "(vol 85, pg 553, 2010)" or "(Journal (2009) 360 (542-544))". */
export function erratumCitation(value: string | undefined): { volume: string; page: string } | undefined {
  if (!value) return undefined;
  const wos = /\(\s*vol\.?\s*(\d+)[^()]*?\b(?:pg|page|p)\.?\s*([a-z]?\d+)[^()]*\)\s*\.?\s*$/i.exec(value);
  if (wos) return { volume: wos[1]!, page: wos[2]!.toLowerCase() };
  const embase = /\(\s*(?:1[89]|20)\d\d\s*\)\s*(\d+)\s*(?:\(\s*\d+\s*\)\s*)?\(\s*([a-z]?\d+)[\d\s\-–]*\)\s*\)\s*\.?\s*$/i.exec(value);
  if (embase) return { volume: embase[1]!, page: embase[2]!.toLowerCase() };
  return undefined;
}

// MEDLINE's note on an article that an erratum was published: "[Erratum appears in Am J Hematol. 2010 Nov;85(11):911]".
const ERRATUM_NOTE = /\[\s*(?:published\s+)?erratum appears in\b[^\]]*?\b((?:1[89]|20)\d\d)\b[^;\]]*;\s*(\d+)\s*\(\s*([^()\]]+?)\s*\)\s*:\s*([a-z]?\d+)/gi;

/** Where an article's own record says its erratum appeared: year, volume, issue and first page of each notice. */
export function erratumNotices(value: string | undefined): { year: number; volume: string; issue: string; page: string }[] {
  if (!value || !/erratum appears in/i.test(value)) return [];
  const out: { year: number; volume: string; issue: string; page: string }[] = [];
  for (const m of value.matchAll(ERRATUM_NOTE)) {
    const issue = normaliseIssue(m[3]);
    if (issue) out.push({ year: Number(m[1]), volume: m[2]!.replace(/^0+(?=\d)/, ''), issue, page: m[4]!.toLowerCase() });
  }
  return out;
}

export function normaliseTitle(value: string | undefined): NormalisedTitle | undefined {
  if (!value) return undefined;
  const kind = titleKind(value);
  let v = stripMarkupTags(value).replace(LINKED_RECORD_NOTE, '');
  v = unwrapTranslatedTitle(v);
  v = v.replace(WOS_ERRATUM_SUFFIX, '').replace(CITED_ARTICLE_SUFFIX, '');
  if (kind === 'erratum') {
    const bare = v.replace(ERRATUM_PREFIX, '').replace(TRUNCATED_CITATION, '');
    if (/\p{L}/u.test(bare)) v = bare;
  }
  v = stripTrailingTags(v);
  const text = joinDigitGroups(foldText(v).replace(/['’‘`´]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
  if (!text) return undefined;
  const numbers = (text.match(/\d+/g) ?? []).map((n) => n.replace(/^0+(?=\d)/, '')).sort();
  return { text, numbers, ...(kind ? { kind } : {}) };
}

// An editor's front matter, printed again under the same title in every issue, volume or meeting: "Editorial",
// "Editorial Introduction", "Guest editorial", "Editor's Comments", "From the editor", "… - Editor's Comments",
// "Introduction to the Minitrack on …", "Introduction to the special issue …" (normalised: folded, no punctuation).
const HEADING_WHOLE = /^(?:guest )?(?:editorial|editors?)(?: (?:notes?|introduction|comments?|statement|preface|letter|note))?$|^from the editors?$/;
const HEADING_START = /^(?:an )?introduction to (?:the |this )?(?:mini ?track|track|special (?:issue|section)|symposium|focus issue)\b/;
const HEADING_END = / editors? (?:comments?|notes?)$/;

/** A normalised title that is an editor's recurring heading rather than the title of one article. */
export function isRecurringHeading(text: string): boolean {
  return HEADING_WHOLE.test(text) || HEADING_START.test(text) || HEADING_END.test(text);
}

/** "10 000" / "10,000" (after punctuation became spaces) → "10000": thousands separators are not two numbers. */
export function joinDigitGroups(text: string): string {
  return text.replace(/\b\d{1,3}(?: \d{3})+\b/g, (m) => m.replace(/ /g, ''));
}

/** "Family initials" key of one author, e.g. { family: "Le Quintrec", given: "M." } → "lequintrec m". */
export interface AuthorKey {
  family: string;
  initials: string;
  /** First given name, folded (empty for initials only): lets "Andrea, C." match "Carignani, Andrea" (name order swapped). */
  given: string;
  /** Last word of a family name of several words ("Fernandes Brenna" → "brenna"): databases drop the first of two surnames. */
  last?: string;
}

// Generational suffixes written into the family or given field ("Wright Jr.", "Wright, Jr").
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

export function authorInitials(given: string | undefined): string {
  if (!given) return '';
  const g = foldText(given).trim();
  const raw = given.trim();
  // "JA" / "RE" (MEDLINE style): every capital is an initial.
  if (/^[A-Z]{1,4}$/.test(raw)) return raw.toLowerCase();
  return g.split(/[\s.\-‐]+/).filter(Boolean).map((p) => p[0]!).filter((c) => /[a-z\p{L}]/u.test(c)).join('');
}

export function normaliseAuthor(author: Author): AuthorKey | undefined {
  if (author.literal) {
    const family = foldText(author.family).replace(/[^\p{L}\p{N}]+/gu, '');
    return family ? { family, initials: '', given: '' } : undefined;
  }
  let family = author.family.trim().split(/\s+/).filter((w, i, all) => i === 0 || i < all.length - 1 || !NAME_SUFFIX.test(w.replace(/,$/, ''))).join(' ');
  let given = author.given && NAME_SUFFIX.test(author.given.trim()) ? undefined : author.given;
  // "Smith J" or "J. Smith" left whole in `family` by a lenient exporter.
  if (!given) {
    const trailing = /^(\S.*?)\s+((?:[A-Z]\.?\s?){1,3})$/.exec(family.trim());
    const leading = /^((?:[A-Z]\.\s?){1,3})\s*(\S.*)$/.exec(family.trim());
    if (trailing) { family = trailing[1]!; given = trailing[2]!; }
    else if (leading) { family = leading[2]!; given = leading[1]!; }
  }
  const key = familyKey(family);
  if (!key || key === 'etal' || key === 'anonymous' || key === 'anon') return undefined;
  const firstGiven = foldText(given ?? '').split(/[\s.\-‐]+/).find((p) => p.length > 1) ?? '';
  const out: AuthorKey = { family: key, initials: authorInitials(given), given: firstGiven.replace(/[^\p{L}]+/gu, '') };
  const words = foldText(family).split(/[^\p{L}]+/u).filter((w) => w && !PARTICLES.has(w));
  if (words.length >= 2 && words[words.length - 1]!.length >= 4) out.last = words[words.length - 1]!;
  return out;
}

// Name particles are written, dropped or moved by different databases ("van der Graaf" / "Van Graaf" / "Graaf").
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'le', 'la', 'dos', 'das', 'ter', 'ten', 'af', 'zu']);

/** Family name as a key: folded letters only, leading particles dropped ("Le Quintrec" → "quintrec"). */
// An accented letter that a lossy export wrote as "?" ("Mu?oz" for "Muñoz", "Syrj?nen"): it stands for one
// letter, kept in the key as "?" (a private-use mark while folding, which would otherwise drop it).
const LOST_LETTER = /(?<=\p{L})\?(?=\p{L})/gu;
const LOST_MARK = '\uE000';

export function familyKey(family: string): string {
  const words = foldText(family.replace(LOST_LETTER, LOST_MARK)).split(/[^\p{L}\uE000]+/u).filter(Boolean);
  let start = 0;
  while (start < words.length - 1 && PARTICLES.has(words[start]!)) start++;
  return words.slice(start).join('').replaceAll(LOST_MARK, '?');
}

/** Family keys equal but for letters lost to "?" on either side ("mu?oz" = "munoz"). */
export function familiesMatchLost(a: string, b: string): boolean {
  if (a.length !== b.length || (!a.includes('?') && !b.includes('?'))) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i] !== '?' && b[i] !== '?') return false;
  return true;
}

// Author overlap is judged on the first authors; consortium papers list hundreds.
const MAX_AUTHORS = 30;

export function normaliseAuthors(authors: readonly Author[]): AuthorKey[] {
  const out: AuthorKey[] = [];
  for (const a of authors.slice(0, MAX_AUTHORS)) {
    const k = normaliseAuthor(a);
    if (k) out.push(k);
  }
  return out;
}

const JOURNAL_STOPWORDS = new Set(['the', 'of', 'and', 'for', 'in', 'on', 'de', 'la', 'le', 'des', 'der', 'und', 'fur', 'du', 'et', 'a', 'an']);

/** Journal name as comparable words: folded, `&` as and, stop words and punctuation dropped. */
export function normaliseJournal(value: string | undefined): string[] {
  if (!value) return [];
  // "(London)", "[Electronic Resource]": qualifiers of the medium or place, not the name. Loops, as
  // /\(.*?\)/g is quadratic on many "(".
  const folded = foldText(stripMarkupTags(value)).replace(/&/g, ' and ');
  const v = replaceBracketed(replaceBracketed(folded, '(', ')', ' '), '[', ']', ' ');
  return v.split(/[^\p{L}\p{N}]+/u).filter((w) => w && !JOURNAL_STOPWORDS.has(w));
}

/**
 * Do two journal names name the same journal? Equal words, or one is the other's ISO-style
 * abbreviation: each word of the shorter is a prefix of the word in the same place of the longer
 * ("Nat Rev Nephrol" = "Nature Reviews Nephrology", "Semin Thromb Hemost" = "Seminars in Thrombosis & Hemostasis").
 */
export function journalsMatch(a: readonly string[], b: readonly string[]): boolean {
  if (!a.length || !b.length) return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const [short, long] = x.length <= y.length ? [x, y] : [y, x];
    if (!long.startsWith(short) && !isContractedAbbrev(short, long)) return false;
  }
  return true;
}

/**
 * Do two venue names name the same venue? As journals, or one is the other's acronym ("ICIS" =
 * "International Conference on Information Systems"), or every word of the shorter name is in the
 * longer one ("Americas Conference on Information Systems" ⊂ "…, AMCIS"). Numbers and years are ignored.
 */
export function venuesMatch(a: readonly string[], b: readonly string[]): boolean {
  if (journalsMatch(a, b)) return true;
  const wa = a.filter((w) => !/\d/.test(w));
  const wb = b.filter((w) => !/\d/.test(w));
  if (!wa.length || !wb.length) return false;
  if (isAcronymOf(wa, wb) || isAcronymOf(wb, wa)) return true;
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  const set = new Set(long);
  return short.length >= 2 && short.every((w) => set.has(w));
}

function isAcronymOf(words: readonly string[], full: readonly string[]): boolean {
  const initials = full.map((w) => w[0]).join('');
  return initials.length >= 3 && words.some((w) => w.length >= 3 && w === initials);
}

// "jrnl"/"mgmt"-style contractions: the short word's letters appear in order in the long word, same first letter.
function isContractedAbbrev(short: string, long: string): boolean {
  if (short.length < 2 || short[0] !== long[0]) return false;
  let j = 0;
  for (const c of long) if (c === short[j]) j++;
  return j === short.length;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

export interface NormalisedPages {
  first: string;
  last?: string;
}

/**
 * Page ranges as first/last page: "123-9" → 123–129, "376 -- 383", "e1234", and Excel's date
 * mangling of "8-11" into "08-Nov" or "11-Aug" (read back as the two numbers, smaller first).
 */
export function normalisePages(value: string | undefined): NormalisedPages | undefined {
  if (!value) return undefined;
  // "P63 [tp 104]": a note in brackets (the page in another numbering) is not the page.
  const v = foldText(value).replace(/\[[^[\]]*\]|\([^()]*\)/g, '').trim().replace(/\s+/g, '');
  if (!v) return undefined;
  const excel = /^(\d{1,2})-([a-z]{3})$|^([a-z]{3})-(\d{1,2})$/.exec(v);
  if (excel) {
    const month = MONTHS[(excel[2] ?? excel[3])!];
    const day = Number(excel[1] ?? excel[4]);
    if (month) return { first: String(Math.min(day, month)), last: String(Math.max(day, month)) };
  }
  // "532, 534-536, 538-540": the first range counts.
  const parts = v.split(/[,;]/)[0]!.split(/[-–—‐]+|to/).filter(Boolean);
  const first = stripPageZeros(parts[0] ?? '');
  if (!first || /^(?:na|n\/a|unknown|none)$/.test(first)) return undefined;
  let last = parts[1] ? stripPageZeros(parts[1]) : undefined;
  const prefix = /^([a-z]+)\d+$/.exec(first)?.[1];
  if (last && prefix && /^\d+$/.test(last)) last = prefix + last;
  if (last && /^\d+$/.test(first) && /^\d+$/.test(last) && last.length < first.length) {
    last = first.slice(0, first.length - last.length) + last;
  }
  return last && last !== first ? { first, last } : { first };
}

function stripPageZeros(p: string): string {
  return p.replace(/^([a-z]*)0+(?=\d)/, '$1').replace(/[^a-z0-9]/g, '');
}

/** Volume or issue as a comparable key: "Vol. 07" → "7"; placeholders like "UNKNOWN" are absent. */
export function normaliseNumber(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = foldText(value).replace(/^(?:vol(?:ume)?|no|issue|iss|n)\.?\s*/, '').replace(/[^a-z0-9]+/g, '').replace(/^0+(?=\d)/, '');
  if (!v || /^(?:unknown|na|none|null|undefined)$/.test(v)) return undefined;
  return v;
}

const MONTH_NAME = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*$/;

/**
 * Volume field as volume plus a supplement it may carry: "24 Suppl 3" → 24 + "suppl3", "174 AISC"
 * (a series acronym) → 174, "Drug Discovery. 9" (the end of the journal name shifted into the
 * volume column) → 9, a month name ("(Jul)") → no volume.
 */
export function normaliseVolume(value: string | undefined): { volume?: string; issue?: string; supplement?: string } {
  if (!value) return {};
  const v = foldText(value).trim();
  // The issue written into the volume column: "33 (3)", "68 (18 Supplement 1)", "11 (3) (no pagination)", "35 ( Pt 1)".
  const withIssue = /^(?:vol(?:ume)?\.?\s*)?(\d+)\s*\(([^()]*)\)(?:\s*\([^()]*\))*$/.exec(v);
  if (withIssue) {
    const volume = withIssue[1]!.replace(/^0+(?=\d)/, '');
    const inner = withIssue[2]!.trim();
    const issueSuppl = /^(\d*)\s*(?:suppl(?:ement)?|supp)\.?\s*(\w*)$/.exec(inner);
    if (issueSuppl) return { volume, ...(issueSuppl[1] ? { issue: issueSuppl[1].replace(/^0+(?=\d)/, '') } : {}), supplement: `suppl${issueSuppl[2] ?? ''}` };
    const issue = /^(?:no\.?\s*)?(\d+)$/.exec(inner);
    return issue ? { volume, issue: issue[1]!.replace(/^0+(?=\d)/, '') } : { volume };
  }
  // A leftover of a split that went wrong ("1)", "A)"): no volume.
  if (/^[a-z0-9]{1,2}\)$/.test(v)) return {};
  // A volume range ("96-98", a combined issue of several volumes): its first volume.
  const range = /^(\d+)\s*[-–]\s*\d+$/.exec(v);
  if (range) return { volume: range[1]!.replace(/^0+(?=\d)/, '') };
  const suppl = /^(?:vol(?:ume)?\.?\s*)?(\d+)\s*[,(]?\s*(suppl(?:ement)?|supp|s)\.?\s*(\w*)\)?$/.exec(v);
  if (suppl && (suppl[2] !== 's' || suppl[3])) return { volume: suppl[1]!.replace(/^0+(?=\d)/, ''), supplement: `suppl${suppl[3] ?? ''}` };
  const series = /^(\d+)\s+[a-z]{2,}$/.exec(v);
  if (series) return { volume: series[1]!.replace(/^0+(?=\d)/, '') };
  const shifted = /^([a-z]{3,}(?:[\s.,:&]+[a-z]+)*)[\s.,:]+(\d+)$/.exec(v);
  if (shifted && !/^(?:vol|volume|no|issue|suppl|supplement|supp|pt|part|n)$/.test(shifted[1]!.split(/[\s.,:]+/)[0]!)) return { volume: shifted[2]!.replace(/^0+(?=\d)/, '') };
  const n = normaliseNumber(value);
  if (!n || MONTH_NAME.test(n)) return {};
  return { volume: n };
}

/** Issue as a key; a month name ("May") is a date, not an issue number. */
export function normaliseIssue(value: string | undefined): string | undefined {
  const n = normaliseNumber(value);
  return n && !MONTH_NAME.test(n) ? n : undefined;
}

/** Years further apart than one (online-first vs print) mean different records. */
export function yearsCompatible(a: number | undefined, b: number | undefined): boolean {
  return a === undefined || b === undefined || Math.abs(a - b) <= 1;
}

export function normaliseIssn(value: string): string | undefined {
  const d = value.toUpperCase().replace(/[^0-9X]/g, '');
  return d.length === 8 ? d : undefined;
}
