import { describe, expect, it } from 'vitest';
import { statusCounts } from '../../src/cli/status-counts.js';

describe('review status: the stopping rule of screening in rounds', () => {
  it('prints found, estimate, bound and whether the rule is met or screening was stopped, as one line', () => {
    const figures = { screened: 120, relevantFound: 30, unscreened: 40, estimatedRemaining: 0, recallBound: 0.9375, ruleMet: true, stopped: false };
    expect(statusCounts({ reconcile: { include: 30 }, stopping: figures })).toEqual([
      '',
      'reconcile: include 30',
      'stopping: 120 screened, 30 relevant found, about 0 estimated among 40 unscreened, recall bound 93.8 %; stopping rule MET: the team may stop (`review screen stop`)',
    ].filter(Boolean));
    expect(statusCounts({ stopping: { ...figures, ruleMet: false } })[0]).toMatch(/; stopping rule not met$/);
    expect(statusCounts({ stopping: { ...figures, stopped: true } })[0]).toMatch(/; screening stopped by the rule \(decisions\/screen-stop\/\)$/);
  });
});
