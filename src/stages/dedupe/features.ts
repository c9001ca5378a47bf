/**
 * The comparable view of one record, computed once: every field normalised, title tokens for
 * blocking and the cheap token filter. Pure: built from an ImportedRecord alone.
 */
import type { ImportedRecord } from '../../model/record.js';
import {
  type AuthorKey, type NormalisedPages, type TitleKind,
  erratumCitation, erratumNotices, foldText, isRecurringHeading, normaliseAuthors, normaliseDoi, normaliseIssn, normaliseIssue, normaliseJournal, normalisePages, normaliseTitle, normaliseVolume,
} from './normalise.js';

export interface RecordFeatures {
  /** Position of the record in the input (the deterministic tie-breaker everywhere). */
  index: number;
  id: string;
  source: string;
  doi?: string;
  pmid?: string;
  title?: string;
  titleKind?: TitleKind;
  titleNumbers: string[];
  /** Distinct title words (length ≥ 2), sorted. */
  titleTokens: string[];
  /** A title in two languages ("Original = Translation", "Original; Translation", "Translation [Original]"): each part alone. */
  titleParts?: { title: string; tokens: string[] }[];
  authors: AuthorKey[];
  year?: number;
  journal: string[];
  /** A parallel title's parts ("Zhonghua yi xue za zhi = National medical journal of China"), when the journal has one. */
  journalParts?: string[][];
  issn: string[];
  volume?: string;
  issue?: string;
  pages?: NormalisedPages;
  /** An erratum's citation of the article it corrects (volume and first page), when its title gives one. */
  cites?: { volume: string; page: string };
  /** Where the record's own note says its erratum appeared (MEDLINE "[Erratum appears in …]"). */
  erratumAt?: { year: number; volume: string; issue: string; page: string }[];
  /**
   * Distinct words among the abstract's first 80 (of three letters or more), for a cheap similarity:
   * as word hashes (abstractWords), sorted, so 200,000 records hold 80 numbers each instead of 80 strings.
   */
  abstractTokens: Float64Array;
  /** Fields the field profile set aside for this record (its source's junk columns, a container's DOI): named in every decision's rule. */
  setAside?: string[];
  /** Embase's "(multiple letters)": one record for a letter and the replies printed with it. */
  letters?: true;
  /** A dissertation's abstract in Dissertation Abstracts International, or the thesis itself ("Ph.D." in the volume column). */
  dissertation?: 'abstract' | 'thesis';
  /** The title is an editor's recurring heading ("Editorial Introduction", "Introduction to the Minitrack on …"). */
  heading?: true;
  /** conference paper, journal article, or other: a conference paper and its journal version are different records. */
  venue: 'conference' | 'journal' | 'other';
}

const THESIS = /\b(?:ph\.?\s?d|doctoral|thesis|dissertation)\b/;
const MULTIPLE_LETTERS = /\(multiple letters\)/i;
const CONFERENCE_CONTAINER = /\b(?:proceedings|proc|conference|conf|symposium|workshop|congress|meeting)\b/;

export function recordFeatures(record: ImportedRecord, index: number): RecordFeatures {
  const title = normaliseTitle(record.title);
  const journalText = record.journal ?? record.journalAbbrev;
  const journal = normaliseJournal(journalText);
  // An electronic article number exported as the issue ("e1002345") where another export has it as the pages.
  const articleNumber = record.pages === undefined && /^\s*e\d{3,}\s*$/i.test(record.issue ?? '');
  const pages = normalisePages(articleNumber ? record.issue : record.pages);
  const doi = normaliseDoi(record.doi);
  const { volume, issue: volumeIssue, supplement } = normaliseVolume(record.volume);
  const issue = (articleNumber ? undefined : normaliseIssue(record.issue)) ?? volumeIssue ?? supplement;
  const cites = title?.kind === 'erratum' ? erratumCitation(record.title) : undefined;
  const pmid = record.pmid?.replace(/\D/g, '') || undefined;
  const container = foldText(journalText ?? '');
  const venue = record.type === 'conference' || (record.type !== 'article' && CONFERENCE_CONTAINER.test(container))
    ? 'conference'
    : record.type === 'article' || record.type === 'review' ? 'journal' : 'other';
  const features: RecordFeatures = {
    index,
    id: record.id,
    source: record.provenance.source,
    titleNumbers: title?.numbers ?? [],
    titleTokens: title ? titleTokens(title.text) : [],
    authors: normaliseAuthors(record.authors),
    journal,
    issn: uniqueSorted(record.issn.map(normaliseIssn).filter((x): x is string => !!x)),
    abstractTokens: record.abstract ? abstractWords(record.abstract) : NO_WORDS,
    venue,
  };
  if (doi) features.doi = doi;
  if (pmid) features.pmid = pmid;
  if (title) features.title = title.text;
  const titleParts = bilingualParts(record.title, true).map((p) => normaliseTitle(p)).filter((t) => t !== undefined)
    .map((t) => ({ title: t.text, tokens: titleTokens(t.text) }));
  if (titleParts.length >= 2) features.titleParts = titleParts;
  const journalParts = bilingualParts(journalText, false).map((p) => normaliseJournal(p)).filter((j) => j.length > 0);
  if (journalParts.length >= 2) features.journalParts = journalParts;
  if (title?.kind) features.titleKind = title.kind;
  if (title && isRecurringHeading(title.text)) features.heading = true;
  if (record.year !== undefined) features.year = record.year;
  if (volume) features.volume = volume;
  if (issue) features.issue = issue;
  if (pages) features.pages = pages;
  if (cites) features.cites = cites;
  if (record.title && MULTIPLE_LETTERS.test(record.title)) features.letters = true;
  if (/\bdissertation abstracts\b/.test(container)) features.dissertation = 'abstract';
  else if (record.type === 'thesis' || THESIS.test(foldText(`${container} ${record.volume ?? ''}`))) features.dissertation = 'thesis';
  const erratumAt = erratumNotices(record.title);
  if (erratumAt.length) features.erratumAt = erratumAt;
  return features;
}

function titleTokens(text: string): string[] {
  return uniqueSorted(text.split(' ').filter((w) => w.length >= 2)).map(interned);
}

const NO_WORDS = new Float64Array(0);
const ABSTRACT_CHARS = 800;
const ABSTRACT_WORDS = 80;
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

/**
 * The distinct words (three characters or more) among the first 80 words of an abstract's first 800
 * characters, folded, each as a 53-bit hash, sorted: two records' lists intersect as their word
 * lists do (two different words share a hash with odds of about 2^-53). Hashing instead of a table
 * of word numbers: on a large import the table's lookups were a third of reading the records, and
 * it held every distinct word for the whole run. Plain ASCII text (most abstracts) is split here
 * without making a string per word; other text by the Unicode letter and number classes.
 */
export function abstractWords(abstract: string): Float64Array {
  const text = foldText(abstract.slice(0, ABSTRACT_CHARS));
  const hashes = new Float64Array(ABSTRACT_WORDS);
  let count = 0;
  let ascii = true;
  let h1 = FNV_OFFSET;
  let h2 = SECOND_OFFSET;
  let length = 0;
  for (let i = 0; i <= text.length && count < ABSTRACT_WORDS; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (c >= 0x80) { ascii = false; break; }
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      h1 = Math.imul(h1 ^ c, FNV_PRIME);
      h2 = Math.imul(h2 ^ c, SECOND_PRIME) ^ (h2 >>> 15);
      length++;
      continue;
    }
    if (length >= 3) hashes[count++] = combine(h1, h2);
    h1 = FNV_OFFSET;
    h2 = SECOND_OFFSET;
    length = 0;
  }
  if (!ascii) {
    count = 0;
    for (const word of text.split(WORD_SPLIT)) {
      if (word.length < 3) continue;
      hashes[count++] = wordHash(word);
      if (count === ABSTRACT_WORDS) break;
    }
  }
  const sorted = hashes.subarray(0, count).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
  return sorted.slice(0, distinct);
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const SECOND_OFFSET = 0x9747b28c | 0;
const SECOND_PRIME = 0x5bd1e995;

/** The hash abstractWords gives a word: FNV-1a and a second multiplicative hash, 32 + 21 bits. */
export function wordHash(word: string): number {
  let h1 = FNV_OFFSET;
  let h2 = SECOND_OFFSET;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, FNV_PRIME);
    h2 = Math.imul(h2 ^ c, SECOND_PRIME) ^ (h2 >>> 15);
  }
  return combine(h1, h2);
}

function combine(h1: number, h2: number): number {
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

/** Title words are held by every record that has them: one copy of each word string. */
const TITLE_WORDS = new Map<string, string>();

function interned(word: string): string {
  const known = TITLE_WORDS.get(word);
  if (known !== undefined) return known;
  TITLE_WORDS.set(word, word);
  return word;
}

// A parallel title: " = " (library catalogues), "; " (a translation appended), or a bracketed translation
// after the original ("Original [Translation]"); each part needs three words to count as a title.
const PARALLEL_SEPARATOR = / = |; /;
// No lazy group before optional spaces: a long run of spaces must not make the match quadratic.
const BRACKETED_TRANSLATION = /^([^[\]]+)\[([^[\]]+)\]\s*\.?$/;

/** The two language versions in one title or journal field, or [] when it holds one. */
export function bilingualParts(value: string | undefined, bracketed: boolean): string[] {
  if (!value) return [];
  const words = (s: string): number => s.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const minWords = bracketed ? 3 : 1;
  const split = value.split(PARALLEL_SEPARATOR).map((s) => s.trim());
  if (split.length === 2 && split.every((s) => words(s) >= minWords)) return split;
  const m = bracketed ? BRACKETED_TRANSLATION.exec(value.trim()) : null;
  // "[Review]"-style tags are not a translation: both sides need three words.
  if (m && words(m[1]!) >= 3 && words(m[2]!) >= 3) return [m[1]!.trim(), m[2]!.trim()];
  return [];
}

export function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** |A ∩ B| for two sorted distinct lists (words, or word numbers). */
export function intersectionSize<T extends string | number>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) { n++; i++; j++; } else if (x < y) i++; else j++;
  }
  return n;
}
