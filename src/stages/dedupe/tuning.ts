/**
 * The dedupe limits that a person could have chosen otherwise, in one place. The defaults are what
 * `review dedupe` uses; the benchmark (`npm run bench:dedupe -- --robust`) chooses each of them on four
 * labelled sets and scores the fifth (leave one dataset out), so that none is fitted to the set it is
 * judged on. Nothing in review.json sets them.
 */
export interface DedupeTuning {
  /** A source needs this many values of a field before its distinctness or constancy means anything. */
  minProfiledValues: number;
  /** An issue or volume column distinct in at least this share of its values numbers the records. */
  counterDistinctShare: number;
  /** Confident matches a source needs before their disagreements on a field can set it aside. */
  minConfidentMatches: number;
  /**
   * A field is set aside for a source when confident matches disagree on it at least this share as
   * often as random pairs of records do (its disagreement weight, log(m/u), is then above log of this):
   * a disagreement that says so little is no evidence of two records.
   */
  matchDisagreementRatio: number;
  /** Title similarity (1 − edit distance / length) above which two titles are the same title. */
  sameTitle: number;
  /** Title similarity above which two titles are alike enough for a person to look at. */
  similarTitle: number;
  /** Share of the shorter title's words in the other below which titles are far apart. */
  titleWordsFloor: number;
  /** Words a title needs to be long enough that an identical one outweighs page numbers that disagree. */
  longTitleWords: number;
}

export const DEFAULT_TUNING: Readonly<DedupeTuning> = Object.freeze({
  minProfiledValues: 50,
  counterDistinctShare: 0.9,
  minConfidentMatches: 3,
  matchDisagreementRatio: 0.5,
  sameTitle: 0.92,
  similarTitle: 0.8,
  titleWordsFloor: 0.5,
  longTitleWords: 8,
});
