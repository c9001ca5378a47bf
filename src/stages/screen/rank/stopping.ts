/**
 * The stopping rule: the hypergeometric test of Callaghan & Müller-Hansen, "Statistical stopping
 * criteria for automated screening in systematic reviews", Systematic Reviews 9:254 (2020),
 * doi:10.1186/s13643-020-01521-4.
 *
 * Null hypothesis: recall so far is below the target τ, i.e. at least m_τ relevant records are still
 * unscreened, where r found + m_τ is the smallest total with r / total < τ. Each window of the last n
 * screened records is treated as a sample drawn without replacement from the urn it came from (the
 * window plus everything still unscreened); it held k relevant records. Under H0 the urn held at least
 * k + m_τ relevant, and the chance of seeing k or fewer is the hypergeometric CDF. The p-value is the
 * smallest over all windows, as in the paper; the team may stop when p < 1 − confidence. Treating
 * records the model ranked first as a random sample is conservative: a ranked window holds more
 * relevant records than a random draw from the same urn would.
 *
 * The same test, run for every hypothetical number m of relevant records still unscreened, gives the
 * largest m it cannot reject at the chosen confidence (a one-sided upper bound, hence a lower bound on
 * recall r / (r + m)), and the m at which p crosses ½ (a median-type estimate).
 *
 * All probabilities are computed in log space (log-factorials, log-sum-exp), so tails of 1e-300 and
 * urns of millions of records keep their precision.
 */

export interface StoppingSettings {
  /** Recall the team wants to be sure of, e.g. 0.95. */
  targetRecall: number;
  /** Confidence of that statement, e.g. 0.95 (the rule is met when p < 1 − confidence). */
  confidence: number;
  /** The rule is never met before this many records have been screened. */
  minScreened: number;
}

export const DEFAULT_STOPPING: StoppingSettings = { targetRecall: 0.95, confidence: 0.95, minScreened: 0 };

export interface StoppingReport {
  settings: StoppingSettings;
  totalRecords: number;
  screened: number;
  unscreened: number;
  relevantFound: number;
  /** p-value of H0 "recall < targetRecall" (0 when the target holds whatever the unscreened records are). */
  pValue: number;
  /** p < 1 − confidence and at least minScreened records screened. */
  met: boolean;
  /** Median-type estimate of the relevant records still unscreened. */
  estimatedUnscreenedRelevant: number;
  /** One-sided upper bound (at `confidence`) on the relevant records still unscreened. */
  maxUnscreenedRelevant: number;
  /** One-sided lower bound (at `confidence`) on recall: found / (found + maxUnscreenedRelevant); 0 when none found. */
  recallLowerBound: number;
}

/**
 * The rule evaluated on the screening so far: `screened[i]` is whether the i-th record screened (in
 * the order screened) was relevant; `totalRecords` counts screened and unscreened records.
 */
export function evaluateStopping(screened: readonly boolean[], totalRecords: number, settings: StoppingSettings = DEFAULT_STOPPING): StoppingReport {
  checkSettings(settings);
  if (!Number.isInteger(totalRecords) || totalRecords < screened.length) throw new RangeError(`evaluateStopping: totalRecords ${totalRecords} is below the ${screened.length} screened`);
  const windows = windowsOf(screened);
  const relevantFound = windows.relevant;
  const unscreened = totalRecords - screened.length;
  const pValue = pMissing(windows, unscreened, missingUnderNull(relevantFound, settings.targetRecall));
  const alpha = 1 - settings.confidence;
  const maxUnscreenedRelevant = largestNotRejected(windows, unscreened, alpha);
  return {
    settings: { ...settings },
    totalRecords,
    screened: screened.length,
    unscreened,
    relevantFound,
    pValue,
    met: screened.length >= settings.minScreened && pValue < alpha,
    estimatedUnscreenedRelevant: largestNotRejected(windows, unscreened, 0.5),
    maxUnscreenedRelevant,
    recallLowerBound: relevantFound === 0 ? 0 : relevantFound / (relevantFound + maxUnscreenedRelevant),
  };
}

/** Only the test of the rule (no bounds): cheap enough to run after every record in a simulation. */
export function stoppingTest(screened: readonly boolean[], totalRecords: number, settings: StoppingSettings = DEFAULT_STOPPING): { pValue: number; met: boolean } {
  checkSettings(settings);
  const windows = windowsOf(screened);
  const pValue = pMissing(windows, totalRecords - screened.length, missingUnderNull(windows.relevant, settings.targetRecall));
  return { pValue, met: screened.length >= settings.minScreened && pValue < 1 - settings.confidence };
}

function checkSettings(s: StoppingSettings): void {
  if (!(s.targetRecall > 0 && s.targetRecall <= 1)) throw new RangeError(`targetRecall ${s.targetRecall}: expected a number in (0, 1]`);
  if (!(s.confidence > 0 && s.confidence < 1)) throw new RangeError(`confidence ${s.confidence}: expected a number in (0, 1)`);
  if (!(Number.isInteger(s.minScreened) && s.minScreened >= 0)) throw new RangeError(`minScreened ${s.minScreened}: expected a whole number ≥ 0`);
}

/**
 * m_τ: the fewest relevant records that must still be unscreened for recall r / (r + m) to be below τ,
 * i.e. the smallest whole total T with T > r / τ, minus r. τ is taken as a fraction of millionths and
 * the comparison made in whole numbers, so 14 / 0.56 = 25 exactly and recall 14/25 meets a 0.56 target.
 */
export function missingUnderNull(found: number, targetRecall: number): number {
  const perMillion = Math.round(targetRecall * 1e6);
  // Smallest T with T · perMillion > found · 1e6 (integers below 2^53 for up to 9 million records).
  const total = Math.floor((found * 1e6) / perMillion) + 1;
  return total - found;
}

/** The windows that can give the smallest p: for each k, the longest window of the last records holding k relevant ones. */
interface Windows {
  relevant: number;
  /** sizes[j], hits[j]: the window starting just after the (j+1)-th last relevant record, or the whole sequence. */
  sizes: number[];
  hits: number[];
}

function windowsOf(screened: readonly boolean[]): Windows {
  const sizes: number[] = [];
  const hits: number[] = [];
  let k = 0;
  // Walking back from the end: each relevant record closes the longest window holding the k after it.
  for (let i = screened.length - 1; i >= 0; i--) {
    if (screened[i]) {
      const n = screened.length - 1 - i;
      if (n > 0) {
        sizes.push(n);
        hits.push(k);
      }
      k++;
    }
  }
  if (screened.length > 0) {
    sizes.push(screened.length);
    hits.push(k);
  }
  return { relevant: k, sizes, hits };
}

/**
 * p-value of "at least m relevant records are still unscreened": the smallest over the windows of
 * P(X ≤ k), X ~ Hypergeometric(urn n + unscreened, k + m relevant in it, n drawn). For a fixed k a
 * longer window gives a smaller P, so the windows of windowsOf are the only ones that can give the minimum
 * (the unit tests check this against every window).
 */
function pMissing(w: Windows, unscreened: number, m: number): number {
  if (m <= 0) return 1;
  if (m > unscreened) return 0;
  let p = 1;
  for (let j = 0; j < w.sizes.length; j++) {
    const n = w.sizes[j] as number;
    const k = w.hits[j] as number;
    p = Math.min(p, hypergeometricCdf(k, n + unscreened, k + m, n));
    if (p === 0) break;
  }
  return p;
}

/** The largest m in [0, unscreened] with p(m) ≥ level (p falls as m grows, so bisection finds it). */
function largestNotRejected(w: Windows, unscreened: number, level: number): number {
  let lo = 0; // p(0) = 1 ≥ level
  let hi = unscreened;
  if (pMissing(w, unscreened, hi) >= level) return hi;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (pMissing(w, unscreened, mid) >= level) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** P(X ≤ k) for X ~ Hypergeometric(population N, K successes in it, n drawn): log-space first term, exact ratios after. */
export function hypergeometricCdf(k: number, population: number, successes: number, draws: number): number {
  for (const [name, v] of [['k', k], ['population', population], ['successes', successes], ['draws', draws]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`hypergeometricCdf: ${name} ${v} is not a whole number ≥ 0`);
  }
  if (successes > population || draws > population) throw new RangeError(`hypergeometricCdf: ${successes} successes or ${draws} draws exceed the population ${population}`);
  const lo = Math.max(0, draws + successes - population);
  const hi = Math.min(draws, successes);
  if (k < lo) return 0;
  if (k >= hi) return 1;
  const mode = Math.floor(((draws + 1) * (successes + 1)) / (population + 2));
  const logPmf = (x: number): number => lnChoose(successes, x) + lnChoose(population - successes, draws - x) - lnChoose(population, draws);
  const failures = population - successes;
  // Sum the tail that lies away from the mode, from its largest term outwards: each term is the last
  // times an exact ratio, and as the distribution is log-concave the ratios keep falling, so once
  // term·ratio/(1 − ratio) is below 1e-17 of the sum the rest cannot change it.
  if (k < mode) {
    let term = 1;
    let sum = 1;
    for (let x = k; x > lo; x--) {
      const ratio = (x * (failures - draws + x)) / ((successes - x + 1) * (draws - x + 1)); // p(x−1)/p(x)
      term *= ratio;
      sum += term;
      if (ratio < 1 && (term * ratio) / (1 - ratio) < 1e-17 * sum) break;
    }
    return Math.min(1, Math.exp(logPmf(k) + Math.log(sum)));
  }
  let term = 1;
  let sum = 1;
  for (let x = k + 1; x < hi; x++) {
    const ratio = ((successes - x) * (draws - x)) / ((x + 1) * (failures - draws + x + 1)); // p(x+1)/p(x)
    term *= ratio;
    sum += term;
    if (ratio < 1 && (term * ratio) / (1 - ratio) < 1e-17 * sum) break;
  }
  return Math.max(0, 1 - Math.exp(logPmf(k + 1) + Math.log(sum)));
}

function lnChoose(n: number, k: number): number {
  return lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);
}

const TABLE_SIZE = 256;
const LN_FACTORIAL = (() => {
  const t = new Float64Array(TABLE_SIZE);
  for (let i = 2; i < TABLE_SIZE; i++) t[i] = (t[i - 1] as number) + Math.log(i);
  return t;
})();

/** ln(n!): a table of summed logs below 256, Stirling's series above (error < 1e-16 relative there). */
export function lnFactorial(n: number): number {
  if (n < TABLE_SIZE) return LN_FACTORIAL[n] as number;
  const inv = 1 / n;
  const inv2 = inv * inv;
  // ln n! = n ln n − n + ½ ln(2πn) + 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷)
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}
