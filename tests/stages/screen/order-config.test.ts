/** review.json's ranked-screening settings: order, batch size, prior knowledge and stopping rule, checked as strictly as the rest. */
import { describe, expect, it } from 'vitest';
import { ReviewConfigSchema } from '../../../src/model/config.js';
import { describeIssues } from '../../../src/project/config-issues.js';
import { UserError } from '../../../src/project/errors.js';
import { resolvePlan } from '../../../src/stages/screen/plan.js';
import { seedConfig } from './fixtures.js';

const problems = (screening: Record<string, unknown>): string[] => {
  const base = seedConfig();
  const r = ReviewConfigSchema.safeParse({ ...base, screening: { ...base.screening, ...screening } });
  return r.success ? [] : describeIssues(ReviewConfigSchema, r.error.issues);
};

describe('review.json screening.order, batchSize, priorKnowledge, stoppingRule', () => {
  it('accepts the three orders, a batch size, prior knowledge and a rule; the order defaults to today\'s ("file")', () => {
    for (const order of ['file', 'random', 'relevance']) expect(problems({ order, batchSize: 50 })).toEqual([]);
    expect(problems({ priorKnowledge: { relevant: ['10.1/x'], irrelevant: ['r1'] }, stoppingRule: { targetRecall: 0.95, confidence: 0.95, minScreened: 100 } })).toEqual([]);
    const plan = resolvePlan(seedConfig());
    expect([plan.order, plan.batchSize, plan.stoppingRule, plan.prior]).toEqual(['file', undefined, undefined, { relevant: [], irrelevant: [] }]);
    const rule = resolvePlan(ReviewConfigSchema.parse(seedConfig({ stoppingRule: { targetRecall: 0.9 } as never }))).stoppingRule;
    expect(rule).toEqual({ targetRecall: 0.9, confidence: 0.95, minScreened: 0 });
  });

  it('names a misspelled key with the nearest known one, and a bad value with its path', () => {
    expect(problems({ ordr: 'relevance' })).toEqual(['screening: unknown key "ordr"; did you mean "order"?']);
    expect(problems({ stopingRule: { targetRecall: 0.95 } })).toEqual(['screening: unknown key "stopingRule"; did you mean "stoppingRule"?']);
    expect(problems({ stoppingRule: { targetRecal: 0.95 } })).toContain('screening.stoppingRule: unknown key "targetRecal"; did you mean "targetRecall"?');
    expect(problems({ priorKnowledge: { relevent: [] } })).toEqual(['screening.priorKnowledge: unknown key "relevent"; did you mean "relevant"?']);
    expect(problems({ order: 'ranked' })[0]).toMatch(/^screening\.order: /);
    expect(problems({ batchSize: 0 })[0]).toMatch(/^screening\.batchSize: /);
    expect(problems({ batchSize: 2.5 })[0]).toMatch(/^screening\.batchSize: /);
    expect(problems({ stoppingRule: { targetRecall: 1.2 } })[0]).toMatch(/^screening\.stoppingRule\.targetRecall: /);
  });

  it('refuses a record listed both as relevant and irrelevant', () => {
    const config = seedConfig({ priorKnowledge: { relevant: ['10.1/A'], irrelevant: ['10.1/a'] } });
    expect(() => resolvePlan(config)).toThrow(UserError);
    try { resolvePlan(config); } catch (e) { expect((e as UserError).details).toEqual(['screening.priorKnowledge: "10.1/A" is listed as both relevant and irrelevant; keep it in one list']); }
  });
});
