import { describe, expect, it } from 'vitest';
import type { SparseRows } from '../../../../src/stages/screen/rank/features.js';
import { scoreNaiveBayes, trainNaiveBayes } from '../../../../src/stages/screen/rank/naive-bayes.js';

/** Three rows over three features: row 0 = {f0: 0.6, f1: 0.8}, row 1 = {f1: 1}, row 2 = {f2: 1}. */
const x: SparseRows = {
  rows: 3,
  features: 3,
  offsets: Int32Array.from([0, 2, 3, 4]),
  indices: Int32Array.from([0, 1, 1, 2]),
  values: Float64Array.from([0.6, 0.8, 1, 1]),
};

describe('trainNaiveBayes', () => {
  it('gives the smoothed log-likelihood ratio of each feature, as computed by hand', () => {
    // Relevant: row 0 (mass f0 0.6, f1 0.8; total 1.4). Irrelevant: row 2 (f2 1; total 1). alpha 1, 3 features.
    const w = trainNaiveBayes(x, [0, 2], [true, false], 1);
    const rel = (m: number): number => Math.log((m + 1) / (1.4 + 3));
    const irr = (m: number): number => Math.log((m + 1) / (1 + 3));
    expect(w[0]).toBeCloseTo(rel(0.6) - irr(0), 12);
    expect(w[1]).toBeCloseTo(rel(0.8) - irr(0), 12);
    expect(w[2]).toBeCloseTo(rel(0) - irr(1), 12);
    // The unlabelled row 1 shares f1 with the relevant row: it scores w1 · 1.
    expect(scoreNaiveBayes(x, w, 1)).toBeCloseTo(w[1] as number, 12);
    expect(scoreNaiveBayes(x, w, 1)).toBeGreaterThan(scoreNaiveBayes(x, w, 2));
  });

  it('balances the classes: each weighs as its mean record, not its sum', () => {
    // Relevant: row 0 (mean = mass: f0 0.6, f1 0.8; total 1.4). Irrelevant: rows 1 and 2 (mean f1 0.5, f2 0.5; total 1).
    const w = trainNaiveBayes(x, [0, 1, 2], [true, false, false], 1);
    const rel = (m: number): number => Math.log((m + 1) / (1.4 + 3));
    const irr = (m: number): number => Math.log((m + 1) / (1 + 3));
    expect(w[0]).toBeCloseTo(rel(0.6) - irr(0), 12);
    expect(w[1]).toBeCloseTo(rel(0.8) - irr(0.5), 12);
    expect(w[2]).toBeCloseTo(rel(0) - irr(0.5), 12);
  });

  it('needs both classes and a positive alpha', () => {
    expect(() => trainNaiveBayes(x, [0, 1], [true, true])).toThrow(/both classes/);
    expect(() => trainNaiveBayes(x, [0, 2], [true, false], 0)).toThrow(/alpha/);
  });
});
