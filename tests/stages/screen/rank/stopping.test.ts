import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateStopping, hypergeometricCdf, lnFactorial, missingUnderNull, stoppingTest } from '../../../../src/stages/screen/rank/stopping.js';

// Exact reference: binomial coefficients in BigInt, the CDF as an exact ratio.
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}
function exactCdf(k: number, N: number, K: number, n: number): number {
  let num = 0n;
  for (let x = 0; x <= k; x++) num += choose(K, x) * choose(N - K, n - x);
  const den = choose(N, n);
  // Scale so the division keeps 18 significant digits.
  const scale = 10n ** 30n;
  return Number((num * scale) / den) / 1e30;
}

describe('hypergeometricCdf', () => {
  it('matches hand-computed values', () => {
    // N = 10, K = 3, n = 4: P(X = 0) = C(7,4)/C(10,4) = 35/210; P(X ≤ 1) = (35 + 3·35)/210.
    expect(hypergeometricCdf(0, 10, 3, 4)).toBeCloseTo(1 / 6, 14);
    expect(hypergeometricCdf(1, 10, 3, 4)).toBeCloseTo(2 / 3, 14);
    expect(hypergeometricCdf(3, 10, 3, 4)).toBe(1);
    // Support starts above 0: N = 5, K = 4, n = 3 always draws ≥ 2 successes.
    expect(hypergeometricCdf(1, 5, 4, 3)).toBe(0);
    expect(hypergeometricCdf(2, 5, 4, 3)).toBeCloseTo(choose(4, 2) === 6n ? 6 / 10 : NaN, 14);
  });

  it('agrees with exact rational arithmetic, also far in the tail and in large urns', () => {
    const cases: [number, number, number, number][] = [[0, 2000, 40, 600], [3, 2000, 40, 600], [12, 5000, 300, 400], [0, 20000, 50, 6000], [25, 20000, 1000, 1000]];
    for (const [k, N, K, n] of cases) {
      const exact = exactCdf(k, N, K, n);
      const got = hypergeometricCdf(k, N, K, n);
      if (exact > 1e-290) expect(Math.abs(got - exact) / exact).toBeLessThan(1e-9);
    }
    // 0 of 40 relevant in 600 of 2000 is rare: ~6e-7 exactly.
    expect(hypergeometricCdf(0, 2000, 40, 600)).toBeGreaterThan(0);
  });

  it('refuses impossible parameters', () => {
    expect(() => hypergeometricCdf(0, 10, 11, 2)).toThrow(RangeError);
    expect(() => hypergeometricCdf(0.5, 10, 1, 2)).toThrow(RangeError);
  });

  it('lnFactorial is continuous where the table hands over to Stirling', () => {
    let sum = 0;
    for (let i = 2; i <= 300; i++) sum += Math.log(i);
    expect(Math.abs(lnFactorial(300) - sum) / sum).toBeLessThan(1e-14);
    expect(lnFactorial(256) - lnFactorial(255)).toBeCloseTo(Math.log(256), 10);
  });
});

describe('missingUnderNull', () => {
  it('is the fewest unscreened relevant records that keep recall below the target', () => {
    expect(missingUnderNull(19, 0.95)).toBe(2); // 19/20 = 0.95 meets the target; 19/21 does not
    expect(missingUnderNull(10, 0.95)).toBe(1); // 10/11 < 0.95
    expect(missingUnderNull(1, 0.5)).toBe(2); // 1/2 meets 0.5; 1/3 does not
    expect(missingUnderNull(0, 0.95)).toBe(1);
    expect(missingUnderNull(100, 1)).toBe(1);
    expect(missingUnderNull(14, 0.56)).toBe(12); // 14/25 = 0.56 exactly meets the target
  });
  it('always puts recall just below the target', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 100 }), (r, pct) => {
      const tau = pct / 100;
      const m = missingUnderNull(r, tau);
      // In whole numbers (τ = pct/100): r/(r+m) < τ ⇔ 100·r < pct·(r+m).
      expect(100 * r).toBeLessThan(pct * (r + m));
      if (m > 1) expect(100 * r).toBeGreaterThanOrEqual(pct * (r + m - 1));
    }));
  });
});

describe('evaluateStopping', () => {
  // 10 records, 4 screened: relevant, then 3 irrelevant. Target 0.5: H0 says ≥ 2 relevant remain.
  // Windows (last n, k relevant in them, urn n + 6): n=1: 5/7, n=2: C(6,2)/C(8,2) = 15/28,
  // n=3: C(7,3)/C(9,3) = 35/84, n=4 (k=1, K=3 in 10): (C(7,4) + 3·C(7,3))/C(10,4) = 140/210. Min 5/12.
  const seq = [true, false, false, false];

  it('gives the p-value, bound and estimate of a hand-computed case', () => {
    const r = evaluateStopping(seq, 10, { targetRecall: 0.5, confidence: 0.95, minScreened: 0 });
    expect(r.pValue).toBeCloseTo(5 / 12, 14);
    expect(r.met).toBe(false);
    expect(r.relevantFound).toBe(1);
    expect(r.unscreened).toBe(6);
    // p(m) falls with m; the n=3 window gives C(9-m,3)/84: m=4 → 10/84 ≥ 0.05, m=5 → 4/84 < 0.05.
    expect(r.maxUnscreenedRelevant).toBe(4);
    expect(r.recallLowerBound).toBeCloseTo(1 / 5, 14);
    // p(1) = 56/84 ≥ ½, p(2) = 5/12 < ½.
    expect(r.estimatedUnscreenedRelevant).toBe(1);
  });

  it('is met once a long run without relevant records makes the target credible', () => {
    // 20 relevant early, then 400 irrelevant, out of 1,000.
    const s = [...Array<boolean>(20).fill(true), ...Array<boolean>(400).fill(false)];
    const r = evaluateStopping(s, 1000, { targetRecall: 0.95, confidence: 0.95, minScreened: 0 });
    // H0: ≥ 2 remain (20/22 < 0.95). Window of the 400 irrelevant in an urn of 980 with 2 relevant:
    // P(none drawn) = (580·579)/(980·979).
    expect(r.pValue).toBeCloseTo((580 * 579) / (980 * 979), 12);
    expect(r.met).toBe(false);
    const longer = evaluateStopping([...s, ...Array<boolean>(400).fill(false)], 1000, { targetRecall: 0.95, confidence: 0.95, minScreened: 0 });
    expect(longer.pValue).toBeCloseTo((180 * 179) / (980 * 979), 12);
    expect(longer.met).toBe(true);
    expect(evaluateStopping([...s, ...Array<boolean>(400).fill(false)], 1000, { targetRecall: 0.95, confidence: 0.95, minScreened: 900 }).met).toBe(false);
  });

  it('takes the minimum over every window, as the paper does (checked against all of them)', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 50, max: 99 }), (s, extra, pct) => {
      const total = s.length + extra;
      const tau = pct / 100;
      const r = s.filter(Boolean).length;
      const m = missingUnderNull(r, tau);
      let brute = 1;
      if (m > extra) brute = 0;
      else {
        for (let n = 1; n <= s.length; n++) {
          const k = s.slice(s.length - n).filter(Boolean).length;
          brute = Math.min(brute, hypergeometricCdf(k, n + extra, k + m, n));
        }
      }
      const settings = { targetRecall: tau, confidence: 0.95, minScreened: 0 };
      const got = evaluateStopping(s, total, settings);
      expect(got.pValue).toBeCloseTo(brute, 12);
      expect(stoppingTest(s, total, settings).pValue).toBe(got.pValue);
      // The bound and the rule agree: met ⇔ the recall bound reaches the target.
      if (r > 0) expect(got.met).toBe(got.recallLowerBound >= tau);
      expect(got.estimatedUnscreenedRelevant).toBeLessThanOrEqual(got.maxUnscreenedRelevant);
    }), { numRuns: 300 });
  });

  it('is met trivially when nothing is left to screen, and refuses bad settings', () => {
    expect(evaluateStopping([true, false], 2).met).toBe(true);
    expect(() => evaluateStopping([true], 2, { targetRecall: 1.2, confidence: 0.95, minScreened: 0 })).toThrow(RangeError);
    expect(() => evaluateStopping([true, false], 1)).toThrow(RangeError);
  });
});
