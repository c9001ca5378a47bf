import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PairResult } from '../../../src/stages/dedupe/compare.js';
import { PairResults } from '../../../src/stages/dedupe/pair-results.js';

const flag = fc.option(fc.boolean(), { nil: undefined });
const share = fc.option(fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000), { nil: undefined });
const resultArb: fc.Arbitrary<PairResult> = fc.record({
  decision: fc.constantFrom('same' as const, 'different' as const, 'uncertain' as const),
  rule: fc.constantFrom('doi', 'title-exact', 'veto-year', 'title-far [set aside: issue]'),
  score: fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
  scores: fc.record({ doi: flag, year: fc.option(fc.nat({ max: 30 }), { nil: undefined }), firstAuthor: flag, authors: share, journal: flag, volume: flag, issue: flag, pages: flag, abstract: share, titleWords: share, title: share }),
}).map((r) => ({ ...r, scores: Object.fromEntries(Object.entries(r.scores).filter(([, v]) => v !== undefined)) }));

describe('PairResults (src/stages/dedupe/pair-results.ts)', () => {
  it('gives back every stored result as it was stored, keys in the same order, and nothing where none was stored', () => {
    fc.assert(fc.property(fc.array(fc.option(resultArb, { nil: undefined }), { minLength: 1, maxLength: 20 }), (results) => {
      const store = new PairResults(results.length);
      results.forEach((r, k) => { if (r) store.set(k, r); });
      results.forEach((r, k) => {
        expect(store.has(k)).toBe(r !== undefined);
        expect(JSON.stringify(store.get(k))).toBe(JSON.stringify(r));
      });
    }), { numRuns: 200 });
  });
});
