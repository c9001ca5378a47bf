import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScreeningConfigSchema, type ReviewConfig } from '../../../src/model/config.js';
import { UserError } from '../../../src/project/errors.js';
import { allocate, apportion } from '../../../src/stages/screen/allocation.js';
import { checkInvariants } from '../../../src/stages/screen/invariants.js';
import { resolvePlan, type ScreeningPlan } from '../../../src/stages/screen/plan.js';
import { Prng } from '../../../src/stages/screen/prng.js';
import { seedConfig } from './fixtures.js';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `r${String(i).padStart(6, '0')}`);

/** A random valid allocation: one anchored screener at 1.0 or not, then screeners/pools whose shares sum to reviewsPerRecord. */
const planArb: fc.Arbitrary<ScreeningPlan> = fc
  .record({
    anchored: fc.boolean(),
    reviews: fc.integer({ min: 1, max: 3 }),
    cuts: fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 0, maxLength: 6 }),
    poolSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 8, maxLength: 8 }),
    seed: fc.string({ minLength: 1, maxLength: 12 }),
    stratify: fc.boolean(),
  })
  .map(({ anchored, reviews, cuts, poolSizes, seed, stratify }) => {
    // Split the remaining (reviews - anchor) units into rules of share ≤ 1 each.
    const rest = reviews - (anchored ? 1 : 0);
    const allocation: NonNullable<ReviewConfig['screening']>['allocation'] = anchored ? [{ screener: 'A0', share: 1 }] : [];
    const units = Math.max(rest, 0);
    const pieces = [...new Set(cuts.map((c) => c / 100))].sort();
    let id = 1;
    for (let u = 0; u < units; u++) {
      const bounds = [0, ...pieces, 1];
      for (let k = 0; k + 1 < bounds.length; k++) {
        const share = (bounds[k + 1] as number) - (bounds[k] as number);
        const size = poolSizes[(u + k) % poolSizes.length] as number;
        const members = Array.from({ length: size }, () => `S${id++}`);
        allocation.push(size === 1 ? { screener: members[0] as string, share } : { pool: members, share });
      }
    }
    const screenerIds = allocation.flatMap((r) => ('screener' in r ? [r.screener] : r.pool));
    const config: ReviewConfig = {
      schemaVersion: 1, title: 't', sources: [], screeners: screenerIds.map((s) => ({ id: s, name: s })),
      screening: ScreeningConfigSchema.parse({ reviewsPerRecord: reviews, seed, allocation, stratifyBy: stratify ? 'source' : 'none' }),
    };
    return resolvePlan(config);
  })
  .filter((plan) => plan.screeners.length >= plan.reviewsPerRecord);

describe('allocation (property)', () => {
  it('gives every record reviewsPerRecord distinct screeners, each screener within one record of its share, the 1.0 screener everything', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 1, max: 10_000 }), (plan, n) => {
        const records = ids(n);
        const result = allocate({ plan, recordIds: records, strataOf: (id) => `db${id.charCodeAt(6) % 3}` });
        expect(result.length).toBe(n);
        const byRecord = new Map(result.map((a) => [a.recordId, a.screeners]));
        expect(new Set(byRecord.keys())).toEqual(new Set(records));
        const inv = checkInvariants(plan, byRecord);
        expect(inv.violations).toEqual([]);
        for (const s of plan.screeners) {
          const count = result.filter((a) => a.screeners.includes(s.id)).length;
          expect(Math.abs(count - s.share * n)).toBeLessThan(1 + 1e-9);
          if (s.share === 1) expect(count).toBe(n);
        }
      }),
      { numRuns: 120, seed: 20260101 },
    );
  });

  it('is a pure function of (record ids, plan, seed): input order does not matter, the seed does', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 2, max: 2000 }), (plan, n) => {
        const records = ids(n);
        const a = allocate({ plan, recordIds: records });
        const b = allocate({ plan, recordIds: [...records].reverse() });
        expect(b).toEqual(a);
      }),
      { numRuns: 60, seed: 7 },
    );
    const plan = resolvePlan(seedConfig());
    const one = allocate({ plan, recordIds: ids(400) });
    const other = allocate({ plan: { ...plan, seed: 'another seed' }, recordIds: ids(400) });
    expect(other).not.toEqual(one);
  });

  it('reproduces the seed review design: KBA on every record, ON on half, the pool on the other half, never ON with the pool', () => {
    const plan = resolvePlan(seedConfig());
    const result = allocate({ plan, recordIds: ids(1001) });
    const count = (s: string): number => result.filter((a) => a.screeners.includes(s)).length;
    expect(count('KBA')).toBe(1001);
    expect([500, 501]).toContain(count('ON'));
    expect(count('SS') + count('LEB') + count('MRJ') + count('DvH')).toBe(1001 * 2 - 1001 - count('ON'));
    for (const a of result) expect(a.screeners[0]).toBe('KBA');
  });

  it('spreads each stratum over the screener pairs in proportion when stratified', () => {
    const plan = resolvePlan(seedConfig({ stratifyBy: 'source' }));
    const records = ids(900);
    const stratum = (id: string): string => (Number(id.slice(1)) < 300 ? 'ERIC' : 'PsycInfo');
    const result = allocate({ plan, recordIds: records, strataOf: stratum });
    const ericWithOn = result.filter((a) => a.stratum === 'ERIC' && a.screeners.includes('ON')).length;
    expect(Math.abs(ericWithOn - 150)).toBeLessThanOrEqual(2);
  });
});

describe('apportion', () => {
  it('meets the total under the cap and keeps counts within one of the scaled quota', () => {
    expect(apportion([1, 0.5, 0.125, 0.125, 0.125, 0.125].map((s) => s * 10), 20, 10, [0, 1, 2, 3, 4, 5])).toEqual([10, 5, 2, 1, 1, 1]);
    expect(apportion([3, -2, 5], 6, 4, [0, 1, 2])).toEqual([2, 0, 4]);
  });
});

describe('prng', () => {
  it('is xoshiro128** (reference outputs for state 1,2,3,4) seeded from sha256, with a fixed stream per seed', () => {
    const ref = Prng.fromState([1, 2, 3, 4]);
    expect([ref.nextUint32(), ref.nextUint32(), ref.nextUint32(), ref.nextUint32()]).toEqual([11520, 0, 5927040, 70819200]);
    const p = new Prng('review');
    expect([p.nextUint32(), p.nextUint32(), p.nextUint32()]).toEqual([4077786219, 54143715, 3756017458]);
    const q = new Prng('x');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(q.int(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('screening settings', () => {
  const problems = (config: ReviewConfig): string[] => {
    try {
      resolvePlan(config);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return (error as UserError).details;
    }
  };
  it('reports shares that do not sum to reviewsPerRecord, a screener listed twice and unknown ids, all at once', () => {
    const config = seedConfig({
      allocation: [
        { screener: 'KBA', share: 1 },
        { screener: 'ON', share: 0.4 },
        { pool: ['SS', 'KBA', 'XX'], share: 0.5 },
      ],
    });
    const details = problems(config);
    expect(details).toHaveLength(3);
    expect(details.join('\n')).toMatch(/shares sum to 1\.9 but reviewsPerRecord is 2/);
    expect(details.join('\n')).toMatch(/"KBA" is already listed in allocation\[0\]/);
    expect(details.join('\n')).toMatch(/unknown screener id "XX"/);
  });
  it('accepts the seed review allocation', () => {
    expect(problems(seedConfig())).toEqual([]);
  });
});
