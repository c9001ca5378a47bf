import { describe, expect, it } from 'vitest';
import { orderMetrics, screenedToRecall } from '../../../../src/stages/screen/rank/metrics.js';
import { parseLabelledCsv } from '../../../../src/stages/screen/rank/labelled.js';
import { simulateScreening } from '../../../../src/stages/screen/rank/simulate.js';
import { UserError } from '../../../../src/project/errors.js';
import { syntheticReview } from './fixtures.js';

describe('orderMetrics', () => {
  it('computes WSS, recall@10 % and records screened as hand-computed', () => {
    // 20 records, 4 relevant at positions 1, 2, 5 and 12 (1-based).
    const seq = Array.from({ length: 20 }, (_, i) => [0, 1, 4, 11].includes(i));
    const m = orderMetrics(seq);
    // 95 % of 4 → ceil(3.8) = 4 found at record 12; 100 % likewise.
    expect(m.screenedTo95).toBe(12);
    expect(m.screenedTo100).toBe(12);
    expect(m.wss95).toBeCloseTo((20 - 12) / 20 - 0.05, 12);
    expect(m.wss100).toBeCloseTo(8 / 20, 12);
    // round(0.1 · 20) = 2 records screened → 2 of 4 found.
    expect(m.recallAt10).toBe(0.5);
  });

  it('needs exactly ceil(r·R) relevant records, without float drift', () => {
    // 0.95 · 20 = 19 exactly: the 19th relevant record, not the 20th.
    const seq = [...Array<boolean>(19).fill(true), false, true];
    expect(screenedToRecall(seq, 0.95)).toBe(19);
  });
});

describe('parseLabelledCsv', () => {
  it('reads Cohen-style I/E labels with numeric exclusion codes, NA as empty', () => {
    const csv = 'pubmedID,title,keywords,authors,abstracts,label1,label2\n1,A,NA,x,NA,I,E\n2,B,K,x,text,E,1\n3,C,K,x,text,4,I\n';
    const l1 = parseLabelledCsv(csv, 'set.csv', 'label1');
    expect(l1.map((r) => r.relevant)).toEqual([true, false, false]);
    expect(l1[0]).toMatchObject({ id: '1', title: 'A', abstract: '', keywords: '' });
    // label2 uses I/E, so "1" is an exclusion code there, not "relevant".
    expect(parseLabelledCsv(csv, 'set.csv', 'label2').map((r) => r.relevant)).toEqual([false, false, true]);
  });

  it('reads 1/0 labels (the ASReview layout) and names the row of a label it cannot read', () => {
    const ok = parseLabelledCsv('record_id,title,abstract,label_included\na,x,y,1\nb,x,y,0\n', 'f.csv');
    expect(ok.map((r) => r.relevant)).toEqual([true, false]);
    expect(() => parseLabelledCsv('record_id,title,abstract,label_included\na,x,y,1\nb,x,y,maybe\n', 'f.csv')).toThrow(/f\.csv row 3: label "maybe"/);
    expect(() => parseLabelledCsv('title,abstract\nx,y\n', 'f.csv')).toThrow(UserError);
    expect(() => parseLabelledCsv('title,abstract,label\nx,y,1\n', 'f.csv', 'label9')).toThrow(/no column "label9"/);
    expect(() => parseLabelledCsv('id,title,abstract,label\na,x,y,1\na,x,y,0\n', 'f.csv')).toThrow(/row 3: id a appears on an earlier row/);
  });
});

describe('simulateScreening', () => {
  const review = syntheticReview(150, 5);

  it('screens every record once, starts at random and finds the relevant ones early', () => {
    const r = simulateScreening(review, { seed: 1 });
    expect(r.order).toHaveLength(review.length);
    expect(new Set(r.order).size).toBe(review.length);
    const start = r.sequence.slice(0, r.randomStart);
    expect(start.includes(true) && start.includes(false)).toBe(true);
    expect(start.slice(0, -1).every((v) => v === start[0])).toBe(true); // stopped at the first of the other class
    expect(r.metrics.wss95).toBeGreaterThan(0.5);
    expect(r.stop.recall).toBeGreaterThanOrEqual(0.95);
    expect(r.stop.report.met).toBe(true);
    expect(r.stop.workSaved).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = simulateScreening(review, { seed: 2 });
    expect(simulateScreening([...review].reverse(), { seed: 2 }).order).toEqual(a.order);
    expect(simulateScreening(review, { seed: 3 }).order).not.toEqual(a.order);
  });

  it('retrains after every record with retrainGrowth 0', () => {
    const r = simulateScreening(review, { seed: 1, retrainGrowth: 0 });
    expect(r.trainings).toBe(review.length - r.randomStart);
  });
});
