import { describe, expect, it } from 'vitest';
import { loadBenchmarkRecords } from '../../bench/dedupe-data.js';
import { duration, progressLine, progressReporter } from '../../src/cli/progress.js';
import { planDedupe } from '../../src/stages/dedupe/plan.js';
import type { ProgressUpdate } from '../../src/stages/shared/progress.js';

function fakeOutput(isTTY: boolean) {
  const writes: string[] = [];
  return { out: { isTTY, columns: 120, write: (t: string) => { writes.push(t); } }, writes };
}

describe('progress line', () => {
  it('shows percent, MB, records/s and time left, never a raw fraction', () => {
    const line = progressLine('import', { phase: 'reading', detail: 'exports/PsycInfo/big.ris', done: 12_000_000, total: 88_800_000, unit: 'bytes', records: 40_000 }, 10_000);
    expect(line).toBe('import: reading exports/PsycInfo/big.ris  13%  12.0/88.8 MB  4,000 records/s  about 1:04 left');
    expect(line).not.toMatch(/\d\.\d{4,}/);
  });

  it('counts pairs for dedupe, and says only what it knows at the start of a phase', () => {
    expect(progressLine('dedupe', { phase: 'comparing', done: 500_000, total: 2_000_000, unit: 'pairs' }, 20_000)).toBe('dedupe: comparing  25%  500,000/2,000,000 pairs  25,000 pairs/s  about 1:00 left');
    expect(progressLine('dedupe', { phase: 'comparing', done: 0, total: 2_000_000, unit: 'pairs' }, 0)).toBe('dedupe: comparing  0%  0/2,000,000 pairs');
    expect(progressLine('dedupe', { phase: 'blocking (finding candidate pairs)', records: 248_000 }, 0)).toBe('dedupe: blocking (finding candidate pairs)  248,000 records');
    expect(duration(3725)).toBe('1:02:05');
  });
});

describe('progress reporter', () => {
  it('on a terminal redraws at most ten times a second, every new phase at once, and clears the line', () => {
    const { out, writes } = fakeOutput(true);
    let t = 0;
    const r = progressReporter('dedupe', out, () => t);
    for (; t < 1000; t += 5) r.listener({ phase: 'comparing', done: t, total: 2000, unit: 'pairs' });
    expect(writes.length).toBeLessThanOrEqual(11);
    r.listener({ phase: 'clustering' });
    expect(writes.at(-1)).toContain('dedupe: clustering');
    r.done();
    expect(writes.at(-1)).toBe('\r\u001b[K');
    expect(writes.every((w) => w.startsWith('\r') && !w.includes('\n'))).toBe(true);
  });

  it('in a log prints nothing for a short run and at most one line per 10 s for a long one', () => {
    const short = fakeOutput(false);
    let t = 0;
    const a = progressReporter('import', short.out, () => t);
    for (; t < 4000; t += 10) a.listener({ phase: 'reading', done: t, total: 4000, unit: 'bytes' });
    a.done();
    expect(short.writes).toEqual([]);

    const long = fakeOutput(false);
    t = 0;
    const b = progressReporter('import', long.out, () => t);
    for (; t < 60_000; t += 10) b.listener({ phase: 'reading', done: t, total: 60_000, unit: 'bytes', records: t });
    expect(long.writes.length).toBeGreaterThan(0);
    expect(long.writes.length).toBeLessThanOrEqual(6);
    expect(long.writes.every((w) => /^import: reading  \d+%/.test(w) && w.endsWith('\n'))).toBe(true);
  });
});

describe('dedupe reports its phases', () => {
  it('blocking, comparing (with a total of pairs) and clustering, in that order', () => {
    const updates: ProgressUpdate[] = [];
    planDedupe(loadBenchmarkRecords('haematology').slice(0, 200), { sourceOrder: ['Bench'] }, [], (u) => updates.push(u));
    const phases = [...new Set(updates.map((u) => u.phase))];
    expect(phases).toEqual(['blocking (finding candidate pairs)', 'comparing', 'clustering']);
    const comparing = updates.filter((u) => u.phase === 'comparing');
    expect(comparing.at(-1)).toMatchObject({ unit: 'pairs' });
    expect(comparing.at(-1)!.done).toBe(comparing.at(-1)!.total);
  });
});
