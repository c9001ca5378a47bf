/** Pair decisions and each veto, on record pairs taken from shared/benchmarks/dedupe. */
import { describe, expect, it } from 'vitest';
import { loadBenchmarkRecords } from '../../../bench/dedupe-data.js';
import type { ImportedRecord } from '../../../src/model/record.js';
import { comparePair, sameAuthor } from '../../../src/stages/dedupe/compare.js';
import { recordFeatures } from '../../../src/stages/dedupe/features.js';
import { normaliseAuthor } from '../../../src/stages/dedupe/normalise.js';

const cache = new Map<string, Map<string, ImportedRecord>>();
function record(dataset: string, id: string): ImportedRecord {
  if (!cache.has(dataset)) cache.set(dataset, new Map(loadBenchmarkRecords(dataset).map((r) => [r.sourceRecordId!, r])));
  const r = cache.get(dataset)!.get(id);
  if (!r) throw new Error(`${dataset}/${id} not found`);
  return r;
}
function decide(dataset: string, a: string, b: string): ReturnType<typeof comparePair> {
  return comparePair(recordFeatures(record(dataset, a), 0), recordFeatures(record(dataset, b), 1));
}

describe('vetoes', () => {
  it('different DOIs are different records, even with the same authors, journal and issue', () => {
    expect(decide('digital_work', 'id_1000218', 'id_1000339')).toMatchObject({ decision: 'different', rule: 'veto-doi' });
  });
  it('an erratum is not its article', () => {
    expect(decide('digital_work', 'id_1000238', 'id_1004521')).toMatchObject({ decision: 'different', rule: 'veto-kind' });
  });
  it('a reply is not the letter it answers', () => {
    expect(decide('haematology', 'id_0000008', 'id_0000039')).toMatchObject({ decision: 'different', rule: 'veto-kind' });
  });
  it('different numbers in titles (Part 1 / Part 2, Volume 1 / Volume 4)', () => {
    expect(decide('stroke', 'id_0001068', 'id_0001229')).toMatchObject({ decision: 'different', rule: 'veto-title-numbers' });
    expect(decide('digital_work', 'id_2000225', 'id_2000226')).toMatchObject({ decision: 'different', rule: 'veto-title-numbers' });
  });
  it('a conference paper is not its extended journal version', () => {
    // (id_0000009 / id_0000010 differ by DOI as well, which vetoes first.)
    expect(decide('special_cases', 'id_0000009', 'id_0000010').decision).toBe('different');
    expect(decide('special_cases', 'id_0000011', 'id_0000012')).toMatchObject({ decision: 'different', rule: 'veto-conference-journal' });
  });
  it('years more than one apart', () => {
    expect(decide('special_cases', 'id_0000003', 'id_0000004').decision).toBe('different');
  });
});

describe('matches', () => {
  it('same DOI', () => {
    expect(decide('special_cases', 'id_0000007', 'id_0000011').decision).toBe('same');
    expect(decide('digital_work', 'id_2006682', 'id_3006970')).toMatchObject({ decision: 'same', rule: 'doi' });
  });
  it('case, punctuation and a journal written two ways', () => {
    const r = decide('haematology', 'id_0000006', 'id_0000007');
    expect(r.decision).toBe('same');
    expect(r.scores.journal).toBe(true);
  });
  it('conference papers from two indexes with the venue written differently', () => {
    expect(decide('special_cases', 'id_0000001', 'id_0000002').decision).toBe('same');
  });
  it('records why: rule and field scores', () => {
    const r = decide('stroke', 'id_0000003', 'id_0000004');
    expect(r).toMatchObject({ decision: 'same', rule: 'title-exact' });
    expect(r.scores).toMatchObject({ title: 1, firstAuthor: true, volume: true, pages: true, year: 0 });
    expect(r.score).toBeGreaterThan(0.9);
  });
  it('a title without any other field in common is not enough on its own', () => {
    // Editorials with the same short title in different issues of one volume.
    expect(decide('digital_work', 'id_1006028', 'id_1006029').decision).not.toBe('same');
  });
});

describe('authors', () => {
  it('matches swapped family/given order and one-letter typos in long names', () => {
    expect(sameAuthor(normaliseAuthor({ family: 'Andrea', given: 'C.' })!, normaliseAuthor({ family: 'Carignani', given: 'Andrea' })!)).toBe(true);
    expect(sameAuthor(normaliseAuthor({ family: 'Hiess', given: 'Christina' })!, normaliseAuthor({ family: 'Hiessl', given: 'C.' })!)).toBe(true);
    expect(sameAuthor(normaliseAuthor({ family: 'Hong', given: 'Kevin' })!, normaliseAuthor({ family: 'Hong', given: 'Y.' })!)).toBe(false);
  });
});
