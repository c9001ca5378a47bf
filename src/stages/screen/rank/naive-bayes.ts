/**
 * Multinomial naive Bayes on the TF-IDF rows (Rennie et al. 2003 use it on such weighted counts; it is
 * one of ASReview's classifiers): per class, the share of the feature mass each feature holds in the
 * class's mean record (class-balanced, like the SVM), with additive (Laplace) smoothing `alpha`. A record's score is its log-likelihood ratio
 * Σ_f x_f · (ln θ_rel,f − ln θ_irr,f); the class prior is left out, as it shifts every score alike
 * and a ranking does not see it.
 *
 * Deterministic: every sum runs over the rows in the given order and a row's features in stored order.
 */
import type { SparseRows } from './features.js';

export const DEFAULT_NB_ALPHA = 1;

/** Per-feature log-likelihood ratios (relevant vs irrelevant); needs at least one row of each class. */
export function trainNaiveBayes(x: SparseRows, rows: readonly number[], y: readonly boolean[], alpha = DEFAULT_NB_ALPHA): Float64Array {
  if (!(alpha > 0)) throw new RangeError('trainNaiveBayes: alpha must be positive');
  if (!y.includes(true) || !y.includes(false)) throw new RangeError('trainNaiveBayes: needs both classes');
  const mass = [new Float64Array(x.features), new Float64Array(x.features)]; // [irrelevant, relevant]
  const totals = [0, 0];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const c = y[i] ? 1 : 0;
    const m = mass[c] as Float64Array;
    for (let p = x.offsets[r] as number; p < (x.offsets[r + 1] as number); p++) {
      const v = x.values[p] as number;
      const f = x.indices[p] as number;
      m[f] = (m[f] as number) + v;
      totals[c] = (totals[c] as number) + v;
    }
  }
  // Class-balanced, as the SVM is: each class's mass is that of its mean record, so the 30× more
  // irrelevant records do not make every feature they hold look irrelevant.
  const counts = [0, 0];
  for (const label of y) counts[label ? 1 : 0] = (counts[label ? 1 : 0] as number) + 1;
  const [irr, rel] = mass as [Float64Array, Float64Array];
  const [nIrr, nRel] = counts as [number, number];
  const normRel = Math.log((totals[1] as number) / nRel + alpha * x.features);
  const normIrr = Math.log((totals[0] as number) / nIrr + alpha * x.features);
  const w = new Float64Array(x.features);
  for (let f = 0; f < x.features; f++) w[f] = Math.log((rel[f] as number) / nRel + alpha) - normRel - (Math.log((irr[f] as number) / nIrr + alpha) - normIrr);
  return w;
}

/** Σ_f x_f · w_f for one row. */
export function scoreNaiveBayes(x: SparseRows, w: Float64Array, row: number): number {
  let dot = 0;
  for (let p = x.offsets[row] as number; p < (x.offsets[row + 1] as number); p++) dot += (w[x.indices[p] as number] as number) * (x.values[p] as number);
  return dot;
}
