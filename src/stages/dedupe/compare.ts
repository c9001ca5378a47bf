/**
 * The pair decision: compare two records field by field, apply the vetoes for the known traps,
 * then the positive rules. Every decision carries the rule that made it and the field scores, so
 * a reviewer can see why two records were (not) merged.
 */
import { distance } from 'fastest-levenshtein';
import { type RecordFeatures, intersectionSize } from './features.js';
import { type AuthorKey, venuesMatch, yearsCompatible } from './normalise.js';

export type PairDecision = 'same' | 'different' | 'uncertain';

export interface PairScores {
  /** Levenshtein similarity of the normalised titles (0–1). */
  title?: number;
  /** Share of the shorter title's words found in the other title. */
  titleWords?: number;
  /** Share of the shorter author list found in the other (family name + first initial). */
  authors?: number;
  firstAuthor?: boolean;
  year?: number;
  journal?: boolean;
  volume?: boolean;
  issue?: boolean;
  pages?: boolean;
  doi?: boolean;
  abstract?: number;
}

export interface PairResult {
  decision: PairDecision;
  rule: string;
  /** Overall similarity 0–1, for ordering the review queue and the `reviewThreshold` setting. */
  score: number;
  scores: PairScores;
}

const SAME_TITLE = 0.92;
const SIMILAR_TITLE = 0.8;

export function comparePair(a: RecordFeatures, b: RecordFeatures): PairResult {
  const scores: PairScores = {};
  const bothDoi = a.doi !== undefined && b.doi !== undefined;
  if (bothDoi) scores.doi = a.doi === b.doi;
  if (a.year !== undefined && b.year !== undefined) scores.year = Math.abs(a.year - b.year);
  const fields = compareBibliographic(a, b, scores);
  const bothTitles = a.title !== undefined && b.title !== undefined;
  if (bothTitles) {
    const shared = intersectionSize(a.titleTokens, b.titleTokens);
    const shorter = Math.min(a.titleTokens.length, b.titleTokens.length) || 1;
    scores.titleWords = round(shared / shorter);
  }
  const verdict = (decision: PairDecision, rule: string): PairResult => ({ decision, rule, score: overallScore(scores), scores });

  // Vetoes: the traps where near-identical metadata describes different records.
  if (bothDoi && a.doi !== b.doi) return verdict('different', 'veto-doi');
  if (a.titleKind !== b.titleKind && bothTitles) return verdict('different', 'veto-kind');
  if (!yearsCompatible(a.year, b.year) && scores.doi !== true) return verdict('different', 'veto-year');
  if (bothTitles && a.titleNumbers.length && b.titleNumbers.length && a.titleNumbers.join() !== b.titleNumbers.join()) {
    return verdict('different', 'veto-title-numbers');
  }
  if (isConferenceVsJournal(a, b) && scores.doi !== true) return verdict('different', 'veto-conference-journal');

  // Cheap filter before the edit distance: titles sharing few words are different unless the
  // bibliographic data says otherwise (translated titles).
  if (bothTitles && (scores.titleWords ?? 0) < 0.5) {
    // A translated title: every bibliographic field must agree, down to issue and last page.
    if (fields.strongBib && fields.conflicts === 0 && scores.journal === true && scores.issue !== undefined && a.pages?.last !== undefined && a.pages.last === b.pages?.last) {
      return verdict('same', 'bibliographic');
    }
    if (scores.doi === true) return verdict('uncertain', 'doi-title-differs');
    return verdict('different', 'title-far');
  }
  if (bothTitles) scores.title = titleSimilarity(a.title!, b.title!);

  if (scores.doi === true) {
    if (!bothTitles || (scores.title ?? 0) >= 0.7 || (scores.titleWords ?? 0) >= 0.9) return verdict('same', 'doi');
    return verdict('uncertain', 'doi-title-differs');
  }
  if (a.pmid && b.pmid) {
    if (a.pmid === b.pmid) return verdict('same', 'pmid');
    return verdict('different', 'veto-pmid');
  }
  if (!bothTitles) {
    if (fields.strongBib && fields.conflicts === 0) return verdict('same', 'bibliographic');
    if (fields.support >= 3 && fields.conflicts === 0 && scores.firstAuthor) return verdict('uncertain', 'bibliographic-partial');
    return verdict('different', 'title-missing');
  }
  const title = scores.title ?? 0;
  const numbersAgree = a.titleNumbers.join() === b.titleNumbers.join();
  const authorsOk = authorsAgree(scores);
  if (title === 1 && numbersAgree && authorsOk && fields.conflicts === 0) {
    const generic = Math.min(a.titleTokens.length, b.titleTokens.length) < 4;
    if (!generic || fields.support >= 2) return verdict('same', 'title-exact');
    return verdict('uncertain', 'title-exact-short');
  }
  if (title >= SAME_TITLE && numbersAgree && authorsOk && fields.conflicts === 0 && fields.support >= 1) {
    return verdict('same', 'title-close');
  }
  // A long title, identical word for word, by the same authors in the same venue and year: page
  // numbers that disagree are then a data-entry error (supplement pages, article numbers, "Suppl-29").
  const longTitle = Math.min(a.titleTokens.length, b.titleTokens.length) >= 8;
  if (title === 1 && longTitle && numbersAgree && authorsOk && scores.firstAuthor !== undefined && scores.year === 0
    && scores.journal === true && scores.volume !== false && fields.conflicts === fields.pageConflicts) {
    return verdict('same', 'title-exact-long');
  }
  const titleLike = title >= SIMILAR_TITLE || ((scores.titleWords ?? 0) >= 0.9 && Math.min(a.titleTokens.length, b.titleTokens.length) >= 4);
  if (titleLike && fields.strongBib && fields.conflicts === 0) return verdict('same', 'title-similar-bibliographic');
  if (titleLike && fields.conflicts <= 1 && (authorsOk || fields.support >= 2)) return verdict('uncertain', 'title-similar');
  return verdict('different', 'title-differs');
}

interface FieldEvidence {
  /** Fields that agree (each present in both): first author, author overlap, journal, volume, issue, pages, abstract. */
  support: number;
  /** Fields present in both that disagree. */
  conflicts: number;
  /** Of the conflicts, those from page numbers alone. */
  pageConflicts: number;
  /** First author, year, volume, first page and (journal or issue) all present and equal. */
  strongBib: boolean;
}

function compareBibliographic(a: RecordFeatures, b: RecordFeatures, scores: PairScores): FieldEvidence {
  let support = 0;
  let conflicts = 0;
  let pageConflicts = 0;
  if (a.authors.length && b.authors.length) {
    scores.firstAuthor = sameAuthor(a.authors[0]!, b.authors[0]!);
    const overlap = authorOverlap(a.authors, b.authors);
    scores.authors = round(overlap);
    if (scores.firstAuthor) support++;
    else if (overlap < 0.5) conflicts++;
    if (overlap >= 0.8 && Math.min(a.authors.length, b.authors.length) >= 2) support++;
  }
  if (a.journal.length && b.journal.length) {
    scores.journal = venuesMatch(a.journal, b.journal) || intersectionSize(a.issn, b.issn) > 0;
    if (scores.journal) support++;
  }
  if (a.volume && b.volume) {
    scores.volume = a.volume === b.volume;
    if (scores.volume) support++; else conflicts++;
  }
  if (a.issue && b.issue) {
    scores.issue = a.issue === b.issue;
    // Only plain issue numbers conflict: "S10" vs "SI" or "1, SI" vs "1" are spellings of supplements.
    if (scores.issue) support++; else if (/^\d+$/.test(a.issue) && /^\d+$/.test(b.issue)) conflicts++;
  }
  if (a.pages && b.pages) {
    scores.pages = a.pages.first === b.pages.first;
    // A first page that differs while the last page agrees is a typo ("2297-2108" vs "2097-2108").
    const lastAgrees = a.pages.last !== undefined && a.pages.last === b.pages.last;
    if (scores.pages) support++; else if (!lastAgrees) { conflicts++; pageConflicts++; }
  }
  if (a.abstractTokens.length >= 10 && b.abstractTokens.length >= 10) {
    const shared = intersectionSize(a.abstractTokens, b.abstractTokens);
    scores.abstract = round(shared / Math.min(a.abstractTokens.length, b.abstractTokens.length));
    if (scores.abstract >= 0.7) support++;
  }
  // Conference proceedings have no online-first version: a year apart means another meeting.
  // (unless the venue names agree: the proceedings may appear the year after the meeting).
  if (a.venue === 'conference' && b.venue === 'conference' && a.year !== undefined && b.year !== undefined && a.year !== b.year && scores.journal !== true) conflicts++;
  const lastPageAgrees = a.pages?.last !== undefined && a.pages.last === b.pages?.last;
  const strongBib = authorsAgree(scores) && scores.firstAuthor !== undefined && a.year !== undefined && a.year === b.year
    && scores.pages === true && (scores.volume === true || (lastPageAgrees && scores.journal === true))
    && (scores.journal === true || scores.issue === true);
  return { support, conflicts, pageConflicts, strongBib };
}

function isConferenceVsJournal(a: RecordFeatures, b: RecordFeatures): boolean {
  return (a.venue === 'conference' && b.venue === 'journal') || (a.venue === 'journal' && b.venue === 'conference');
}

/** Authors agree when the first authors match, or most authors match in another order. */
function authorsAgree(scores: PairScores): boolean {
  return scores.firstAuthor !== false || (scores.authors ?? 0) >= 0.6;
}

/**
 * Same person: family names equal (or one typo apart in a long name) with compatible first
 * initials, or the same name with family and given swapped ("Andrea, C." = "Carignani, Andrea").
 */
export function sameAuthor(a: AuthorKey, b: AuthorKey): boolean {
  const initialsOk = !a.initials || !b.initials || a.initials[0] === b.initials[0];
  if (a.family === b.family) return initialsOk;
  if (initialsOk && a.initials && b.initials && a.family.length >= 5 && b.family.length >= 5 && Math.abs(a.family.length - b.family.length) <= 1 && distance(a.family, b.family) <= 1) return true;
  return (a.family === b.given && !!a.initials && a.initials[0] === b.family[0]) || (b.family === a.given && !!b.initials && b.initials[0] === a.family[0]);
}

/** Share of the shorter list's authors that appear in the other list. */
export function authorOverlap(a: readonly AuthorKey[], b: readonly AuthorKey[]): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let hits = 0;
  for (const x of short) if (long.some((y) => sameAuthor(x, y))) hits++;
  return short.length ? hits / short.length : 0;
}

export function titleSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  return round(1 - distance(a, b) / longest);
}

function overallScore(s: PairScores): number {
  let score = 0.55 * (s.title ?? s.titleWords ?? 0.5);
  score += 0.15 * (s.authors ?? 0.5);
  score += 0.1 * (s.pages === undefined ? 0.5 : s.pages ? 1 : 0);
  score += 0.1 * (s.volume === undefined ? 0.5 : s.volume ? 1 : 0);
  score += 0.1 * (s.year === undefined ? 0.5 : s.year === 0 ? 1 : s.year === 1 ? 0.5 : 0);
  if (s.doi === true) score = Math.max(score, 0.99);
  return round(score);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
