import { describe, expect, it } from 'vitest';
import { rankByRelevance, type RankableRecord } from '../../../../src/stages/screen/rank/index.js';
import { tfidf, tokenize } from '../../../../src/stages/screen/rank/features.js';
import { Prng } from '../../../../src/stages/screen/prng.js';
import { syntheticReview } from './fixtures.js';

const review = syntheticReview(120, 6);
const records: RankableRecord[] = review.map(({ relevant: _r, ...rest }) => rest);
const truth = new Map(review.map((r) => [r.id, r.relevant]));
const labelsOf = (ids: string[]): Map<string, boolean> => new Map(ids.map((id) => [id, truth.get(id) as boolean]));

describe('tokenize and tfidf', () => {
  it('keeps lower-cased runs of letters and digits of two or more characters', () => {
    expect(tokenize('Beta-blockers (β-Blocker) in 2 TRIALS; 12 weeks, Ödem')).toEqual(['beta', 'blockers', 'blocker', 'in', 'trials', '12', 'weeks', 'ödem']);
  });

  it('gives unit-length rows with words and word pairs, pairs not crossing fields', () => {
    const x = tfidf([{ id: 'a', title: 'heart failure', abstract: 'failure', keywords: '' }, { id: 'b', title: 'heart', abstract: '', keywords: '' }]);
    // Row a: heart, failure, "heart failure" (the abstract's "failure" adds tf, no pair across fields).
    expect((x.offsets[1] as number) - (x.offsets[0] as number)).toBe(3);
    expect((x.offsets[2] as number) - (x.offsets[1] as number)).toBe(1);
    for (let r = 0; r < 2; r++) {
      let norm = 0;
      for (let p = x.offsets[r] as number; p < (x.offsets[r + 1] as number); p++) norm += (x.values[p] as number) ** 2;
      expect(norm).toBeCloseTo(1, 12);
    }
  });
});

describe('rankByRelevance', () => {
  const labelled = ['r0000', 'r0001', 'r0002', 'r0006', 'r0013'];

  it('ranks the unlabelled records with the relevant ones first', () => {
    const order = rankByRelevance({ records, labels: labelsOf(labelled), seed: 1 });
    expect(order).toHaveLength(records.length - labelled.length);
    expect(new Set(order).size).toBe(order.length);
    for (const id of labelled) expect(order).not.toContain(id);
    const relevantLeft = [...truth].filter(([id, rel]) => rel && !labelled.includes(id)).length;
    expect(order.slice(0, relevantLeft).every((id) => truth.get(id))).toBe(true);
  });

  it('gives the same order byte for byte whatever the order of the records and labels', () => {
    const a = rankByRelevance({ records, labels: labelsOf(labelled), seed: 7 });
    const shuffled = new Prng('shuffle').shuffle(records);
    const b = rankByRelevance({ records: shuffled, labels: labelsOf([...labelled].reverse()), seed: 7 });
    expect(b.join('\n')).toBe(a.join('\n'));
  });

  it('breaks ties by record id', () => {
    // Identical texts score the same: their order is the ids' order.
    const twins: RankableRecord[] = ['z', 'b', 'm', 'a'].map((id) => ({ id, title: 'same text', abstract: 'same', keywords: '' }));
    const order = rankByRelevance({ records: [...twins, { id: 'yes', title: 'relevant words', abstract: '', keywords: '' }, { id: 'no', title: 'other things', abstract: '', keywords: '' }], labels: new Map([['yes', true], ['no', false]]), seed: 1 });
    expect(order).toEqual(['a', 'b', 'm', 'z']);
  });

  it('uses prior knowledge and ignores labels of ids it does not have', () => {
    const prior = new Map([['r0000', true], ['r0001', false], ['not-a-record', true]]);
    const order = rankByRelevance({ records, labels: prior, seed: 1 });
    expect(order).toHaveLength(records.length - 2);
    expect(truth.get(order[0] as string)).toBe(true);
  });

  it('falls back to a seeded random order until both classes are labelled', () => {
    const one = rankByRelevance({ records, labels: labelsOf(['r0000']), seed: 3 });
    expect(one).toEqual(rankByRelevance({ records, labels: labelsOf(['r0000']), seed: 3 }));
    expect(one).not.toEqual(rankByRelevance({ records, labels: labelsOf(['r0000']), seed: 4 }));
    expect([...one].sort()).toEqual(records.map((r) => r.id).filter((id) => id !== 'r0000'));
  });

  it('refuses two records with one id', () => {
    expect(() => rankByRelevance({ records: [...records, records[0] as RankableRecord], labels: new Map(), seed: 1 })).toThrow(/appears twice/);
  });
});
