/**
 * A class-balanced linear SVM (L2-regularised squared hinge loss, with a bias feature), trained by
 * dual coordinate descent (Hsieh, Chang, Lin, Keerthi & Sundararajan, ICML 2008 — LIBLINEAR's default
 * solver). Each class gets the cost C·n / (2·n_class) (scikit-learn's class_weight="balanced"), so a
 * review with 3 % relevant records weighs its few relevant records as much as the many irrelevant.
 *
 * Deterministic: the coordinate order of each pass comes from the project's seeded PRNG, and every
 * dot product runs over a row's features in their stored order.
 */
import { Prng } from '../prng.js';
import type { SparseRows } from './features.js';

export interface SvmSettings {
  /** Regularisation: smaller C, smoother weights. */
  c: number;
  /** Stop when the projected gradient's spread falls below this (LIBLINEAR's default 0.1). */
  tolerance: number;
  maxPasses: number;
}

/**
 * C = 0.3: more regularisation than LIBLINEAR's default 1, because for most of a screening the labels
 * are few (tens to hundreds) against tens of thousands of features; one value for every review, chosen
 * among 0.1, 0.3 and 1 on the six shared benchmark sets (README "Screening in relevance order").
 */
export const DEFAULT_SVM: SvmSettings = { c: 0.3, tolerance: 0.1, maxPasses: 200 };

const BIAS = 1;

/**
 * Weights (features + 1, the last one the bias) of a linear SVM trained on the given rows of `x`
 * with labels `y` (true = relevant). Needs at least one row of each class.
 */
export function trainSvm(x: SparseRows, rows: readonly number[], y: readonly boolean[], seed: string, settings: SvmSettings = DEFAULT_SVM): Float64Array {
  const n = rows.length;
  let positives = 0;
  for (const label of y) if (label) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('trainSvm: needs both classes');
  const cPos = (settings.c * n) / (2 * positives);
  const cNeg = (settings.c * n) / (2 * negatives);

  const w = new Float64Array(x.features + 1);
  const alpha = new Float64Array(n);
  const diag = new Float64Array(n); // 1 / (2 C_i): the squared-hinge term of the dual
  const qii = new Float64Array(n);
  const sign = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as number;
    sign[i] = y[i] ? 1 : -1;
    diag[i] = 1 / (2 * (y[i] ? cPos : cNeg));
    let sq = BIAS * BIAS;
    for (let p = x.offsets[r] as number; p < (x.offsets[r + 1] as number); p++) sq += (x.values[p] as number) ** 2;
    qii[i] = sq + (diag[i] as number);
  }

  const prng = new Prng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let pass = 0; pass < settings.maxPasses; pass++) {
    const perm = prng.shuffle(order);
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (const i of perm) {
      const r = rows[i] as number;
      const start = x.offsets[r] as number;
      const end = x.offsets[r + 1] as number;
      let dot = (w[x.features] as number) * BIAS;
      for (let p = start; p < end; p++) dot += (w[x.indices[p] as number] as number) * (x.values[p] as number);
      const a = alpha[i] as number;
      const g = (sign[i] as number) * dot - 1 + (diag[i] as number) * a;
      const pg = a === 0 ? Math.min(g, 0) : g;
      if (pg > maxPg) maxPg = pg;
      if (pg < minPg) minPg = pg;
      if (pg === 0) continue;
      const next = Math.max(a - g / (qii[i] as number), 0);
      const step = (next - a) * (sign[i] as number);
      if (step === 0) continue;
      alpha[i] = next;
      for (let p = start; p < end; p++) {
        const f = x.indices[p] as number;
        w[f] = (w[f] as number) + step * (x.values[p] as number);
      }
      w[x.features] = (w[x.features] as number) + step * BIAS;
    }
    if (maxPg - minPg <= settings.tolerance) break;
  }
  return w;
}

/** w·x for one row (the bias included). */
export function score(x: SparseRows, w: Float64Array, row: number): number {
  let dot = (w[x.features] as number) * BIAS;
  for (let p = x.offsets[row] as number; p < (x.offsets[row + 1] as number); p++) dot += (w[x.indices[p] as number] as number) * (x.values[p] as number);
  return dot;
}
