/**
 * The pair decision: compare two records field by field, apply the vetoes for the known traps,
 * then the positive rules. Every decision carries the rule that made it and the field scores, so
 * a reviewer can see why two records were (not) merged.
 */
import { distance } from 'fastest-levenshtein';
import { type RecordFeatures, intersectionSize } from './features.js';
import { type AuthorKey, familiesMatchLost, venuesMatch, yearsCompatible } from './normalise.js';
import { DEFAULT_TUNING, type DedupeTuning } from './tuning.js';

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

export function comparePair(x: RecordFeatures, y: RecordFeatures, tuning: Readonly<DedupeTuning> = DEFAULT_TUNING): PairResult {
  const { sameTitle, similarTitle } = tuning;
  const [a, b] = closestTitleParts(x, y);
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
  // The field decisions that applied to this pair are part of its explanation ("title-exact [set aside: issue]").
  const setAside = a.setAside || b.setAside ? ` [set aside: ${[...new Set([...(a.setAside ?? []), ...(b.setAside ?? [])])].sort().join(', ')}]` : '';
  const verdict = (decision: PairDecision, rule: string): PairResult => ({ decision, rule: rule + setAside, score: overallScore(scores), scores });

  // An erratum notice and the article it corrects: the same bibliographic record for some reviews
  // (a "corrected version"), a separate notice for others, and labelled both ways in the benchmarks,
  // so a person decides, also when the notice has a DOI of its own. Comments and replies stay vetoed.
  // The article's own record names the erratum's place (MEDLINE "[Erratum appears in … 2010;85(11):911]"):
  // a record there under the article's title is that notice, which the database itself attached to the article.
  if (bothTitles && (isCitedErratum(a, b, scores) || isCitedErratum(b, a, scores))) return verdict('same', 'erratum-cited');
  if (bothTitles && isErratumOf(a, b, scores)) return verdict('uncertain', 'erratum-of');

  // Embase indexes a letter and the replies printed with it as one "(multiple letters)" record: a reply
  // (or the letter) on its pages is part of it.
  if (bothTitles && (inLettersRecord(a, b, scores) || inLettersRecord(b, a, scores))) return verdict('same', 'multiple-letters');

  // Vetoes: the traps where near-identical metadata describes different records.
  if (bothDoi && a.doi !== b.doi) return verdict('different', 'veto-doi');
  if (a.titleKind !== b.titleKind && bothTitles) return verdict('different', 'veto-kind');
  if (!yearsCompatible(a.year, b.year) && scores.doi !== true) return verdict('different', 'veto-year');
  // Both ends of the page range in the same journal volume and year: not two parts of a series.
  const samePlace = fields.placeAgrees && a.pages?.last !== undefined && b.pages?.last !== undefined
    && samePage(a.pages.first, b.pages.first) && samePage(a.pages.last, b.pages.last);
  if (bothTitles && a.titleNumbers.length && b.titleNumbers.length && a.titleNumbers.join() !== b.titleNumbers.join() && !samePlace) {
    return verdict('different', 'veto-title-numbers');
  }
  if (isConferenceVsJournal(a, b) && scores.doi !== true) return verdict('different', 'veto-conference-journal');

  // Cheap filter before the edit distance: titles sharing few words are different unless the
  // bibliographic data says otherwise (translated titles).
  if (bothTitles && (scores.titleWords ?? 0) < tuning.titleWordsFloor) {
    // A translated title: every bibliographic field must agree, down to issue and last page, and the
    // first author too (a translation keeps it; two abstracts of one supplement share co-authors and pages).
    if (fields.strongBib && scores.firstAuthor === true && fields.conflicts === 0 && scores.journal === true && scores.issue !== undefined && a.pages?.last !== undefined && a.pages.last === b.pages?.last) {
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
  const shorterTitle = Math.min(a.titleTokens.length, b.titleTokens.length);
  // The issue set aside for a source (a record counter) may have been the only field that told two printings apart.
  const issueUnusable = (a.setAside ?? []).includes('issue') || (b.setAside ?? []).includes('issue');
  const singlePage = (a.pages !== undefined && a.pages.last === undefined) || (b.pages !== undefined && b.pages.last === undefined);
  // An editor's recurring heading ("Editorial Introduction", "Introduction to the Minitrack on …") is printed
  // again in every issue, volume or meeting under the same title by the same editors: two records of it are
  // one only at one place. Another year, volume or issue, or another page range, is another printing.
  const bothRanges = a.pages?.last !== undefined && b.pages?.last !== undefined;
  const heading = a.heading === true && b.heading === true;
  if (heading && ((scores.year ?? 0) !== 0 || scores.volume === false || fields.issueConflicts > 0
    || (bothRanges && !(samePage(a.pages!.first, b.pages!.first) && samePage(a.pages!.last!, b.pages!.last!))))) {
    return verdict('different', 'heading-other-place');
  }
  if (title === 1 && numbersAgree && authorsOk && fields.conflicts === 0) {
    const generic = Math.min(a.titleTokens.length, b.titleTokens.length) < 4 || heading;
    // A short title or a heading ("Editor's Comments") recurs in every issue: with the issue set aside for a
    // source (a record counter), only a page match or an agreeing issue still shows the place.
    const placeShown = scores.pages === true || scores.issue === true;
    if (!generic || (fields.support >= 2 && (placeShown || !issueUnusable))) return verdict('same', 'title-exact');
    return verdict('uncertain', 'title-exact-short');
  }
  if (title >= sameTitle && numbersAgree && authorsOk && fields.conflicts === 0 && fields.support >= 1) {
    return verdict('same', 'title-close');
  }
  // The same title (or one title inside the other, "Subject: title") at the same place in the same
  // journal volume: the authors (group vs person, name order) and issue may be exported wrongly.
  // A title inside a longer one needs two page ranges, not a single page: a comment or response
  // printed on the article's last page repeats its title with a word added ("… Editorial Comment").
  const titleMatches = (title >= sameTitle && shorterTitle >= 4) || ((scores.titleWords ?? 0) === 1 && shorterTitle >= 5 && bothRanges);
  if (titleMatches && (numbersAgree || samePlace) && fields.placeAgrees) return verdict('same', 'title-place');
  // A long title, identical word for word, by the same authors in the same venue and year: page
  // numbers that disagree are then a data-entry error (supplement pages, article numbers, "Suppl-29").
  // With the issue set aside and one record a single page, the issue that could have shown a reprint
  // elsewhere in the volume is unknown: the rule below lets a person decide, as for a conflicting issue.
  const longTitle = Math.min(a.titleTokens.length, b.titleTokens.length) >= tuning.longTitleWords;
  if (title === 1 && longTitle && numbersAgree && authorsOk && scores.firstAuthor !== undefined && scores.year === 0
    && scores.journal === true && scores.volume !== false && fields.conflicts === fields.pageConflicts && !(singlePage && issueUnusable && fields.pageConflicts > 0 && (scores.firstAuthor !== true || (scores.authors ?? 0) < 1))) {
    return verdict('same', 'title-exact-long');
  }
  // The same, but in another issue of the volume as well, one record a single page: the title printed
  // again later in the volume (a correction notice under the article's title) or a reprint; labelled
  // both ways in the benchmarks, so a person decides.
  if (title === 1 && longTitle && numbersAgree && authorsOk && scores.firstAuthor !== undefined && scores.year === 0 && singlePage
    && scores.journal === true && scores.volume === true && fields.conflicts === fields.pageConflicts + fields.issueConflicts) {
    return verdict('uncertain', 'title-exact-other-issue');
  }
  // A magazine's section heading written before the title in one export ("How did it ... Upwork's CEO
  // on …"): the whole shorter title (six words or more) ends the longer one, by the same authors in the
  // same journal and year, nothing in conflict. Words added after a title (": 4 case reports", "… in the
  // Information Age") make another paper and do not count.
  if (a.titleKind === undefined && numbersAgree && shorterTitle >= 6 && headedTitle(a.title!, b.title!) && scores.journal === true && scores.year === 0
    && scores.firstAuthor === true && authorsOk && fields.conflicts === 0) {
    return verdict('same', 'title-heading');
  }
  // Without page numbers, the issue is the place: the whole shorter title (four words or more) in the
  // other ("MEDICAL PROGRESS Atypical …", "… N Engl J Med. 2009"), by the same first author in the same
  // journal, year, volume and issue, nothing in conflict.
  if ((scores.titleWords ?? 0) === 1 && shorterTitle >= 4 && numbersAgree && scores.firstAuthor === true && scores.journal === true
    && scores.year === 0 && scores.volume === true && scores.issue === true && scores.pages === undefined && fields.conflicts === 0) {
    return verdict('same', 'title-issue');
  }
  const titleLike = title >= similarTitle || ((scores.titleWords ?? 0) >= 0.9 && Math.min(a.titleTokens.length, b.titleTokens.length) >= 4);
  if (titleLike && fields.strongBib && fields.conflicts === 0) return verdict('same', 'title-similar-bibliographic');
  // Another journal and another volume: a meeting abstract and the paper, or one abstract printed in two
  // journals' supplements, are two printings, whatever their titles (the benchmarks label them both ways).
  const otherVenue = scores.journal === false && scores.volume === false;
  if (titleLike && fields.conflicts <= 1 && (authorsOk || fields.support >= 2) && !otherVenue) return verdict('uncertain', 'title-similar');
  // A dissertation's abstract (Dissertation Abstracts International) and the thesis itself: the same
  // work for some reviews, two records for others (labelled both ways), so a person decides.
  if (title === 1 && shorterTitle >= 5 && scores.firstAuthor === true && a.dissertation !== undefined && b.dissertation !== undefined && a.dissertation !== b.dissertation) {
    return verdict('uncertain', 'dissertation-thesis');
  }
  // A title translated or reworded ("[Indications and contraindications of living-donor kidney
  // transplantation]" / "… for living kidney donations") that keeps half its words: the same authors
  // at exactly the same page range, both ends, in the same journal, volume and year.
  const sameRange = a.pages?.last !== undefined && b.pages?.last !== undefined && samePage(a.pages.last, b.pages.last);
  if (fields.strongBib && scores.firstAuthor === true && fields.conflicts === 0 && scores.journal === true && scores.volume === true && sameRange) return verdict('same', 'title-reworded-place');
  return verdict('different', 'title-differs');
}

/**
 * A title in two languages compared with a title in one: the part of each that shares the most
 * words with the other stands for the title ("Original = Translation" vs "Translation").
 */
function closestTitleParts(a: RecordFeatures, b: RecordFeatures): [RecordFeatures, RecordFeatures] {
  if (!a.titleParts && !b.titleParts) return [a, b];
  const partsA = [{ title: a.title!, tokens: a.titleTokens }, ...(a.titleParts ?? [])];
  const partsB = [{ title: b.title!, tokens: b.titleTokens }, ...(b.titleParts ?? [])];
  let best: [number, number] = [0, 0];
  let bestShare = -1;
  partsA.forEach((pa, i) => partsB.forEach((pb, j) => {
    const share = intersectionSize(pa.tokens, pb.tokens) / (Math.max(pa.tokens.length, pb.tokens.length) || 1);
    if (share > bestShare) { bestShare = share; best = [i, j]; }
  }));
  const [i, j] = best;
  const pick = (f: RecordFeatures, k: number, parts: typeof partsA): RecordFeatures => (k === 0 ? f : { ...f, title: parts[k]!.title, titleTokens: parts[k]!.tokens });
  return [pick(a, i, partsA), pick(b, j, partsB)];
}

interface FieldEvidence {
  /** Fields that agree (each present in both): first author, author overlap, journal, volume, issue, pages, abstract. */
  support: number;
  /** Fields present in both that disagree. */
  conflicts: number;
  /** Of the conflicts, those from page numbers alone. */
  pageConflicts: number;
  /** Of the conflicts, those from issue numbers alone. */
  issueConflicts: number;
  /**
   * The article's place in the journal agrees: same journal, volume and year, and page ranges that
   * agree (equal, or one page inside the other's range, or a typo in one end). No two articles of
   * one volume share their pages, so this identifies the article whatever the authors and issue say.
   */
  placeAgrees: boolean;
  /** First author, year, volume, first page and (journal or issue) all present and equal. */
  strongBib: boolean;
}

function compareBibliographic(a: RecordFeatures, b: RecordFeatures, scores: PairScores): FieldEvidence {
  let support = 0;
  let conflicts = 0;
  let pageConflicts = 0;
  let issueConflicts = 0;
  const shifted = shiftedColumns(a, b) || shiftedColumns(b, a);
  if (a.authors.length && b.authors.length) {
    scores.firstAuthor = sameAuthor(a.authors[0]!, b.authors[0]!);
    const overlap = authorOverlap(a.authors, b.authors);
    scores.authors = round(overlap);
    if (scores.firstAuthor) support++;
    else if (overlap < 0.5) conflicts++;
    if (overlap >= 0.8 && Math.min(a.authors.length, b.authors.length) >= 2) support++;
  }
  if (a.journal.length && b.journal.length) {
    scores.journal = venuesMatch(a.journal, b.journal) || intersectionSize(a.issn, b.issn) > 0
      || (a.journalParts ?? [a.journal]).some((ja) => (b.journalParts ?? [b.journal]).some((jb) => venuesMatch(ja, jb)));
    if (scores.journal) support++;
  }
  if (shifted) {
    // Volume, issue and pages moved one column along in one export: volume and issue agree.
    scores.volume = true;
    scores.issue = true;
    support += 2;
  } else {
    if (a.volume && b.volume) {
      scores.volume = a.volume === b.volume;
      // A volume that is the year ("2016", magazines) is not another volume number.
      if (scores.volume) support++; else if (a.volume !== String(a.year) && b.volume !== String(b.year)) conflicts++;
    }
    if (a.issue && b.issue) {
      scores.issue = a.issue === b.issue;
      // Only plain issue numbers conflict: "S10" vs "SI" or "1, SI" vs "1" are spellings of supplements.
      if (scores.issue) support++; else if (/^\d+$/.test(a.issue) && /^\d+$/.test(b.issue)) { conflicts++; issueConflicts++; }
    }
  }
  if (a.pages && b.pages && !shifted) {
    scores.pages = samePage(a.pages.first, b.pages.first);
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
  const lastPageAgrees = a.pages?.last !== undefined && b.pages?.last !== undefined && samePage(a.pages.last, b.pages.last);
  const placeAgrees = scores.journal === true && scores.volume === true && !shifted && a.year !== undefined && a.year === b.year
    && a.pages !== undefined && b.pages !== undefined && pagesCompatible(a.pages, b.pages);
  const strongBib = authorsAgree(scores) && scores.firstAuthor !== undefined && a.year !== undefined && a.year === b.year
    && scores.pages === true && (scores.volume === true || (lastPageAgrees && scores.journal === true))
    && (scores.journal === true || scores.issue === true);
  return { support, conflicts, pageConflicts, issueConflicts, placeAgrees, strongBib };
}

// A page's prefix: an electronic or section letter ("c37", "S12"), or a supplement's roman number ("viii108": supplement 8).
const PAGE_PREFIX = /^(?:[ivx]{1,5}(?=\d)|[a-z])/;

/** Same page, also when one side writes the prefix and the other not ("c37" = "37", "viii108" = "108"). */
export function samePage(x: string, y: string): boolean {
  if (x === y) return true;
  const bx = x.replace(PAGE_PREFIX, '');
  const by = y.replace(PAGE_PREFIX, '');
  return bx === by && /^\d+$/.test(bx) && (bx === x || by === y);
}

/**
 * Page ranges of one article: both ends agree, or only one end differs (a typo), or a single page
 * lies inside the other range ("488" vs "487-488", "240" vs "240-245"). At least one side must be a range.
 */
function pagesCompatible(a: { first: string; last?: string }, b: { first: string; last?: string }): boolean {
  if (a.last === undefined && b.last === undefined) return false;
  // Roman-numbered front matter ("iii-xi") restarts in every issue: it does not place an article.
  for (const p of [a.first, a.last, b.first, b.last]) if (p !== undefined && !/^(?:[ivx]{1,5}|[a-z])?\d+$/.test(p)) return false;
  const firstOk = samePage(a.first, b.first);
  if (a.last !== undefined && b.last !== undefined) return firstOk || samePage(a.last, b.last);
  const [single, range] = a.last === undefined ? [a, b] : [b, a];
  if (firstOk || samePage(single.first, range.last!)) return true;
  const p = Number(single.first);
  return /^\d+$/.test(single.first) && /^\d+$/.test(range.first) && /^\d+$/.test(range.last!) && p >= Number(range.first) && p <= Number(range.last);
}

/** Volume, issue and first page shifted one column along: `a` has no volume, its issue is b's volume and its page b's issue. */
function shiftedColumns(a: RecordFeatures, b: RecordFeatures): boolean {
  return a.volume === undefined && a.issue !== undefined && a.issue === b.volume && b.issue !== undefined
    && a.pages !== undefined && a.pages.last === undefined && a.pages.first === b.issue;
}

/**
 * One record is an erratum notice of the other: the notice's title (without "Erratum:" and its
 * citation) has the article's words, both are in the same journal volume, a year apart at most, and
 * the authors agree or the notice cites the article's volume and first page. An erratum in another
 * volume is left apart (a correction years later is a record of its own).
 */
function isErratumOf(a: RecordFeatures, b: RecordFeatures, scores: PairScores): boolean {
  const [notice, article] = a.titleKind === 'erratum' && b.titleKind === undefined ? [a, b]
    : b.titleKind === 'erratum' && a.titleKind === undefined ? [b, a] : [undefined, undefined];
  if (!notice || !article) return false;
  if (scores.journal !== true || !notice.volume || notice.volume !== article.volume || !yearsCompatible(a.year, b.year)) return false;
  if (Math.min(a.titleTokens.length, b.titleTokens.length) < 5 || (scores.titleWords ?? 0) < 0.9) return false;
  const cited = notice.cites;
  if (cited && (cited.volume !== article.volume || !article.pages || !samePage(cited.page, article.pages.first))) return false;
  return cited !== undefined || scores.firstAuthor === true || (scores.authors ?? 0) >= 0.6;
}

/**
 * `notice` is the erratum that `article`'s note cites: same journal and volume, the cited year, volume and issue,
 * and the cited first page (or a single page, as databases index a notice's page loosely), with the
 * article's title (at least five words, nine in ten shared) and no title of a comment or reply.
 */
function isCitedErratum(article: RecordFeatures, notice: RecordFeatures, scores: PairScores): boolean {
  if (!article.erratumAt || article.titleKind !== undefined || (notice.titleKind !== undefined && notice.titleKind !== 'erratum')) return false;
  // A correction in a later volume is a record of its own (as in isErratumOf).
  // An issue set aside for the notice's source (a record counter) cannot be checked: the cited page must then match exactly.
  const issueUnknown = notice.issue === undefined && (notice.setAside ?? []).includes('issue');
  if (scores.journal !== true || !notice.volume || notice.volume !== article.volume || (!notice.issue && !issueUnknown) || !notice.pages) return false;
  if (Math.min(article.titleTokens.length, notice.titleTokens.length) < 5 || (scores.titleWords ?? 0) < 0.9) return false;
  const pages = notice.pages;
  return article.erratumAt.some((e) => e.volume === notice.volume && (issueUnknown || e.issue === notice.issue) && (notice.year === undefined || notice.year === e.year)
    && (samePage(e.page, pages.first) || (pages.last === undefined && !issueUnknown)));
}

/**
 * `part` is a letter or reply inside the "(multiple letters)" record `letters`: same journal, volume and
 * year, its pages within the record's range, the title's words (at least five) and its first author there.
 */
function inLettersRecord(letters: RecordFeatures, part: RecordFeatures, scores: PairScores): boolean {
  if (!letters.letters || part.letters || (part.titleKind !== undefined && part.titleKind !== 'reply') || letters.titleKind !== undefined) return false;
  if (scores.journal !== true || !part.volume || part.volume !== letters.volume || part.year === undefined || part.year !== letters.year) return false;
  if (!letters.pages?.last || !part.pages || !pagesWithin(part.pages, letters.pages)) return false;
  if (Math.min(letters.titleTokens.length, part.titleTokens.length) < 5 || (scores.titleWords ?? 0) < 0.9) return false;
  const first = part.authors[0];
  return first !== undefined && letters.authors.some((x) => sameAuthor(x, first));
}

/** Both ends of `inner` within `outer` (plain page numbers). */
function pagesWithin(inner: { first: string; last?: string }, outer: { first: string; last?: string }): boolean {
  const nums = [inner.first, inner.last ?? inner.first, outer.first, outer.last ?? outer.first];
  if (!nums.every((p) => /^\d+$/.test(p))) return false;
  const [i1, i2, o1, o2] = nums.map(Number) as [number, number, number, number];
  return i1 >= o1 && i2 <= o2;
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
  if (a.family === b.family || familiesMatchLost(a.family, b.family)) return initialsOk;
  // "Fernandes Brenna, S. M." = "Brenna, S. M.": one database keeps only the last of two family names.
  if (initialsOk && a.initials && b.initials && ((a.last !== undefined && a.last === b.family) || (b.last !== undefined && b.last === a.family))) return true;
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

/** One normalised title is the other with words before it. */
function headedTitle(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.length > short.length && long.endsWith(` ${short}`);
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
