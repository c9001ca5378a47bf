import { describe, expect, it } from 'vitest';
import { statusCounts } from '../../src/cli/status-counts.js';

describe('review status counts', () => {
  it('shows a stage\'s numbers, then one line per step with screening progress as screened/assigned per screener', () => {
    expect(statusCounts({ records: 1681, files: 15, note: 'x' })).toEqual(['records 1681, files 15']);
    expect(statusCounts({
      assign: { records: 1004, batch: 1, assignmentHash: 'abc', invariantsOk: true },
      collect: { votes: 2008, progress: [{ screener: 'KBA', done: 10, total: 1004 }, { screener: 'ON', done: 0, total: 502 }] },
      reconcile: {},
    })).toEqual(['assign: records 1004, batch 1', 'collect: votes 2008, screened KBA 10/1004, ON 0/502']);
    expect(statusCounts({})).toEqual([]);
  });

  it('shows the stage-wide screening progress (kept up to date by assign and collect) first', () => {
    expect(statusCounts({
      progress: [{ screener: 'KBA', done: 10, total: 1200 }, { screener: 'ON', done: 0, total: 600 }],
      assign: { records: 1200, batch: 2 },
      collect: { votes: 2008 },
    })).toEqual(['screened KBA 10/1200, ON 0/600', 'assign: records 1200, batch 2', 'collect: votes 2008']);
  });
});
