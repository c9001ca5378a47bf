import { describe, expect, it } from 'vitest';
import { agreement, agreementCategories, agreementRow, formatAgreement, type LabelPair } from '../../../src/stages/shared/agreement.js';

/** Pairs from a table of counts: [label a, label b, how many records]. */
function pairs(table: [string, string, number][]): LabelPair[] {
  const out: LabelPair[] = [];
  for (const [a, b, k] of table) for (let i = 0; i < k; i++) out.push({ record: `r${out.length + 1}`, a, b });
  return out;
}

describe('agreement (one implementation for screening and full text)', () => {
  it('two categories, hand-computed: 10 records, 1 I/I, 7 E/E, 1 I/E, 1 E/I', () => {
    // po = 0.8. Marginals: a I 0.2 E 0.8, b I 0.2 E 0.8 → pe = 0.04 + 0.64 = 0.68; kappa = 0.12/0.32 = 0.375.
    // SE = sqrt(0.8·0.2 / (10·0.32²)) = sqrt(0.15625) = 0.39528 → 0.375 ± 0.77476 = [−0.3998, 1.1498→1].
    // AC1 (q = 2): π = (0.2, 0.8) → peG = (0.16 + 0.16)/1 = 0.32 → (0.8 − 0.32)/0.68 = 0.7059. PABAK = 2·0.8 − 1 = 0.6.
    const p = pairs([['include', 'include', 1], ['exclude', 'exclude', 7], ['include', 'exclude', 1], ['exclude', 'include', 1]]);
    const expected = { categories: ['include', 'exclude'], votePairs: 10, records: 10, agreed: 8, percentAgreement: 80, kappa: 0.375, kappaLow: -0.3998, kappaHigh: 1, ac1: 0.7059, pabak: 0.6 };
    expect(agreement(p, ['include', 'exclude'])).toEqual(expected);
    // "maybe" offered but never chosen: the decision was two-way, so the same figures (over three
    // categories AC1 would be (0.8 − 0.16)/0.84 = 0.7619 and PABAK (3·0.8 − 1)/2 = 0.7).
    expect(agreement(p, ['include', 'exclude', 'maybe'])).toEqual(expected);
  });

  it('three categories, hand-computed: 3 I/I, 4 E/E, 1 M/M, 1 I/E, 1 M/E', () => {
    // po = 0.8. a: I 0.4 E 0.4 M 0.2; b: I 0.3 E 0.6 M 0.1 → pe = 0.12 + 0.24 + 0.02 = 0.38; kappa = 0.42/0.62 = 0.6774.
    // SE = sqrt(0.16 / (10·0.62²)) = 0.20402 → 0.67742 ± 0.39988 = [0.2775, 1.0773→1].
    // AC1: π = (0.35, 0.5, 0.15) → Σπ(1−π) = 0.2275 + 0.25 + 0.1275 = 0.605, /2 = 0.3025 → 0.4975/0.6975 = 0.7133.
    // PABAK = (3·0.8 − 1)/2 = 0.7.
    const p = pairs([['include', 'include', 3], ['exclude', 'exclude', 4], ['maybe', 'maybe', 1], ['include', 'exclude', 1], ['maybe', 'exclude', 1]]);
    expect(agreement(p, ['include', 'exclude', 'maybe'])).toEqual({
      categories: ['include', 'exclude', 'maybe'], votePairs: 10, records: 10, agreed: 8, percentAgreement: 80, kappa: 0.6774, kappaLow: 0.2775, kappaHigh: 1, ac1: 0.7133, pabak: 0.7,
    });
  });

  it('n says what it counts: vote pairs and the distinct records they are about', () => {
    // one record seen by three raters gives three pairs of votes
    const p: LabelPair[] = [{ record: 'r1', a: 'include', b: 'include' }, { record: 'r1', a: 'include', b: 'exclude' }, { record: 'r1', a: 'include', b: 'exclude' }, { record: 'r2', a: 'exclude', b: 'exclude' }];
    const s = agreement(p, ['include', 'exclude']);
    expect([s.votePairs, s.records, s.agreed]).toEqual([4, 2, 2]);
    expect(formatAgreement(agreementRow(s))).toMatch(/^4 vote pairs on 2 records, agree 50\.0% .*\(categories: include, exclude\)$/);
    expect(formatAgreement(agreementRow(agreement(p.slice(2), ['include', 'exclude'])))).toMatch(/^2 records, agree/);
  });

  it('undefined statistics are null, and the categories never fall below two', () => {
    expect(agreement([], ['include', 'exclude', 'maybe'])).toMatchObject({ votePairs: 0, records: 0, percentAgreement: null, kappa: null, ac1: null, pabak: null, categories: ['include', 'exclude'] });
    // everyone excluded everything: kappa is undefined (pe = 1), AC1 and PABAK are 1
    const allExcluded = agreement(pairs([['exclude', 'exclude', 5]]), ['include', 'exclude', 'maybe']);
    expect(allExcluded).toMatchObject({ categories: ['include', 'exclude'], kappa: null, kappaLow: null, ac1: 1, pabak: 1 });
    expect(agreementCategories(pairs([['maybe', 'exclude', 1]]), ['include', 'exclude', 'maybe'])).toEqual(['exclude', 'maybe']);
    // a label outside the offered list is kept, never dropped silently
    expect(agreementCategories(pairs([['include', 'other', 1]]), ['include', 'exclude'])).toEqual(['include', 'exclude', 'other']);
  });
});
