/**
 * Screening in rounds: which records a round takes (file, random, relevance), and the allocation
 * invariants of the seed review over rounds in relevance order (every record exactly
 * reviewsPerRecord distinct screeners, each screener's share exact within one record).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScreeningConfigSchema, type ReviewConfig } from '../../../src/model/config.js';
import type { ScreenAssignment } from '../../../src/model/screen.js';
import type { UniqueRecord } from '../../../src/model/unique.js';
import { apportion } from '../../../src/stages/screen/allocation.js';
import { planAssignments } from '../../../src/stages/screen/assign.js';
import { screenersByRecord } from '../../../src/stages/screen/assignments.js';
import { checkInvariants } from '../../../src/stages/screen/invariants.js';
import { resolvePlan, type ScreeningPlan } from '../../../src/stages/screen/plan.js';
import { rankByRelevance } from '../../../src/stages/screen/rank/index.js';
import { chooseRound, roundDue, roundState, type Ranker } from '../../../src/stages/screen/rounds.js';
import { seedConfig, uniqueRecord } from './fixtures.js';

const TOPICS = ['outreach street youth', 'hospital cardiology trial', 'soil nitrogen crops', 'school mathematics teaching'];

/** Records on four topics; the first topic is the relevant one. */
function records(n: number): UniqueRecord[] {
  return Array.from({ length: n }, (_, i) => uniqueRecord(i, {
    title: `${TOPICS[i % 4]} study ${i}`,
    abstract: `A study about ${TOPICS[i % 4]}, number ${i}.`,
    keywords: [TOPICS[i % 4]!.split(' ')[0]!],
  }));
}
const relevant = (id: string, all: readonly UniqueRecord[]): boolean => all.findIndex((r) => r.id === id) % 4 === 0;

function planOf(over: Partial<NonNullable<ReviewConfig['screening']>>): ScreeningPlan {
  return resolvePlan(seedConfig(over));
}

/** Hand out every round as `review screen assign` would, every record decided (by the truth) before the next. */
function screenInRounds(plan: ScreeningPlan, all: readonly UniqueRecord[], rank: Ranker, after?: (rows: ScreenAssignment[], round: number) => void): ScreenAssignment[] {
  let rows: ScreenAssignment[] = [];
  for (let round = 1; rows.length < all.length * plan.reviewsPerRecord; round++) {
    const handedOut = new Set(rows.map((r) => r.record_id));
    const labels = new Map([...handedOut].map((id) => [id, relevant(id, all)]));
    const ids = chooseRound({ plan, screened: all, handedOut, round, labels, prior: new Map(), rank });
    expect(ids.length).toBe(Math.min(plan.batchSize ?? all.length, all.length - handedOut.size));
    rows = planAssignments(plan, all, rows, { ids, ordered: plan.order !== 'file' });
    after?.(rows, round);
    if (round > all.length) throw new Error('rounds do not end');
  }
  return rows;
}

describe('rounds: which records a round takes', () => {
  const all = records(40);

  it('file: the next records in unique.jsonl order; random: a seeded order, the same on every call, another per round', () => {
    const file = chooseRound({ plan: planOf({ order: 'file', batchSize: 7 }), screened: all, handedOut: new Set([all[0]!.id]), round: 2, labels: new Map(), prior: new Map(), rank: rankByRelevance });
    expect(file).toEqual(all.slice(1, 8).map((r) => r.id));
    const plan = planOf({ order: 'random', batchSize: 7 });
    const input = { plan, screened: all, handedOut: new Set<string>(), round: 1, labels: new Map(), prior: new Map(), rank: rankByRelevance };
    const a = chooseRound(input);
    expect(chooseRound(input)).toEqual(a);
    expect(chooseRound({ ...input, screened: [...all].reverse() })).toEqual(a);
    expect(chooseRound({ ...input, round: 2 })).not.toEqual(a);
    expect(a).not.toEqual(file);
  });

  it('relevance: the model\'s order on the decisions so far; prior knowledge first (relevant) and last (irrelevant); no record lost', () => {
    const plan = planOf({ order: 'relevance', batchSize: 40 });
    const decided = all.slice(0, 8);
    const labels = new Map(decided.map((r) => [r.id, relevant(r.id, all)]));
    const handedOut = new Set(decided.map((r) => r.id));
    const order = chooseRound({ plan, screened: all, handedOut, round: 2, labels, prior: new Map(), rank: rankByRelevance });
    expect(order.length).toBe(32);
    expect(new Set(order)).toEqual(new Set(all.slice(8).map((r) => r.id)));
    // The relevant topic's records come first once one relevant and one irrelevant decision exist.
    expect(order.slice(0, 8).every((id) => relevant(id, all))).toBe(true);
    const prior = new Map([[all[9]!.id, true], [all[12]!.id, false]]);
    const withPrior = chooseRound({ plan, screened: all, handedOut, round: 2, labels: new Map([...labels, ...prior]), prior, rank: rankByRelevance });
    expect(withPrior[0]).toBe(all[9]!.id);
    expect(withPrior.at(-1)).toBe(all[12]!.id);
    expect(new Set(withPrior)).toEqual(new Set(order));
  });

  it('a round is due on request when the last one is decided, or now; never in a rebuild, after a stop, or with nothing left', () => {
    const plan = planOf({ order: 'relevance', batchSize: 5 });
    const rows = planAssignments(plan, all, [], { ids: all.slice(0, 5).map((r) => r.id), ordered: true });
    const none = roundState(plan, all, rows, new Map());
    expect(none).toEqual({ handedOut: 5, round: 1, openInLastRound: 5, notHandedOut: 35 });
    expect(roundDue(plan, none, 'when-done', false).due).toBe(false);
    expect(roundDue(plan, none, 'when-done', false).why).toMatch(/round 1 still has 5 records without 2 votes.*--next-round/);
    expect(roundDue(plan, none, 'now', false).due).toBe(true);
    const done = roundState(plan, all, rows, new Map(all.slice(0, 5).map((r) => [r.id, 2])));
    expect(roundDue(plan, done, 'when-done', false).due).toBe(true);
    expect(roundDue(plan, done, 'rebuild', false).due).toBe(false);
    expect(roundDue(plan, done, 'now', true).due).toBe(false);
    expect(roundDue(plan, { ...done, notHandedOut: 0 }, 'now', false).due).toBe(false);
    // Without a batch size one round hands out every record, as before rounds existed (a rebuild allocates new records too).
    expect(roundDue(planOf({ order: 'relevance' }), done, 'rebuild', false).due).toBe(true);
  });
});

/** A random valid allocation plan with screening in rounds (the generator of allocation.test.ts, with order and batch size). */
const roundsPlanArb: fc.Arbitrary<ScreeningPlan> = fc
  .record({
    reviews: fc.integer({ min: 1, max: 3 }),
    cuts: fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 0, maxLength: 4 }),
    poolSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
    seed: fc.string({ minLength: 1, maxLength: 8 }),
    order: fc.constantFrom('relevance', 'random', 'file') as fc.Arbitrary<'relevance' | 'random' | 'file'>,
    batchSize: fc.integer({ min: 1, max: 60 }),
  })
  .map(({ reviews, cuts, poolSizes, seed, order, batchSize }) => {
    const allocation: NonNullable<ReviewConfig['screening']>['allocation'] = [{ screener: 'A0', share: 1 }];
    const pieces = [...new Set(cuts.map((c) => c / 100))].sort();
    let id = 1;
    for (let u = 0; u < reviews - 1; u++) {
      const bounds = [0, ...pieces, 1];
      for (let k = 0; k + 1 < bounds.length; k++) {
        const size = poolSizes[(u + k) % poolSizes.length] as number;
        const members = Array.from({ length: size }, () => `S${id++}`);
        const share = (bounds[k + 1] as number) - (bounds[k] as number);
        allocation.push(size === 1 ? { screener: members[0] as string, share } : { pool: members, share });
      }
    }
    const screenerIds = allocation.flatMap((r) => ('screener' in r ? [r.screener] : r.pool));
    const config: ReviewConfig = {
      schemaVersion: 1, title: 't', sources: [], screeners: screenerIds.map((s) => ({ id: s, name: s })),
      screening: ScreeningConfigSchema.parse({ reviewsPerRecord: reviews, seed, allocation, order, batchSize }),
    };
    return resolvePlan(config);
  })
  .filter((plan) => plan.screeners.length >= plan.reviewsPerRecord);

describe('rounds keep the allocation exact (property)', () => {
  it('a later batch gives a screener at the cap every record even when others are ahead of their share', () => {
    // A0 screens everything (quota 3 of 3 new records); S1 is one ahead (quota -1); S2, S3 are behind.
    // Scaling the clamped quotas (3 + 0 + 2 + 2 = 7 for 6 slots) used to take a record from A0.
    expect(apportion([3, -1, 2, 2], 6, 3, [0, 1, 2, 3])).toEqual([3, 0, 2, 1]);
  });

  it('after every round and over the whole review: each record exactly reviewsPerRecord distinct screeners, each screener within one record of its share', () => {
    fc.assert(
      fc.property(roundsPlanArb, fc.integer({ min: 1, max: 240 }), (plan, n) => {
        const all = records(n);
        const rows = screenInRounds(plan, all, rankByRelevance, (soFar) => {
          // Exact over everything handed out so far, so exact wherever the team stops.
          expect(checkInvariants(plan, screenersByRecord(soFar)).violations).toEqual([]);
        });
        const byRecord = screenersByRecord(rows);
        expect(byRecord.size).toBe(n);
        const inv = checkInvariants(plan, byRecord);
        expect(inv.violations).toEqual([]);
        for (const s of plan.screeners) {
          const count = rows.filter((r) => r.screener === s.id).length;
          expect(Math.abs(count - s.share * n)).toBeLessThan(1 + 1e-9);
          if (s.share === 1) expect(count).toBe(n);
        }
        // Each round's records are listed in the round's order, both slots of a record in the same round.
        for (const [, screeners] of byRecord) expect(new Set(screeners).size).toBe(plan.reviewsPerRecord);
        const roundOf = new Map<string, Set<number>>();
        for (const r of rows) roundOf.set(r.record_id, (roundOf.get(r.record_id) ?? new Set()).add(r.batch));
        for (const rounds of roundOf.values()) expect(rounds.size).toBe(1);
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('the seed review\'s 100/50/50 in relevance order, rounds of 25: the ledger lists each round in the model\'s order', () => {
    const plan = planOf({ order: 'relevance', batchSize: 25 });
    const all = records(203);
    const orders: string[][] = [];
    const rank: Ranker = (input) => {
      const out = rankByRelevance(input);
      orders.push(out);
      return out;
    };
    const rows = screenInRounds(plan, all, rank);
    expect(Math.max(...rows.map((r) => r.batch))).toBe(9);
    const inv = checkInvariants(plan, screenersByRecord(rows));
    expect(inv.ok).toBe(true);
    expect(inv.perScreener.find((s) => s.screener === 'KBA')?.records).toBe(203);
    // Round 2's rows follow the model's order of round 2 (restricted to the records it took).
    const round2 = [...new Set(rows.filter((r) => r.batch === 2).map((r) => r.record_id))];
    const taken = new Set(round2);
    expect(round2).toEqual(orders[1]!.filter((id) => taken.has(id)));
  });
});
