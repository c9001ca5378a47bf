/** The pure stage plan: determinism, clusters that respect DOIs, merging, reviewer decisions. */
import { describe, expect, it } from 'vitest';
import { loadBenchmarkRecords, recordFromRow } from '../../../bench/dedupe-data.js';
import type { ImportedRecord } from '../../../src/model/record.js';
import { pairFingerprint, type ReviewerDecision } from '../../../src/stages/dedupe/decisions.js';
import { planDedupe } from '../../../src/stages/dedupe/plan.js';

const haematology = loadBenchmarkRecords('haematology').slice(0, 60);
const settings = { sourceOrder: ['Bench'] };
const bySid = (records: ImportedRecord[], sid: string): ImportedRecord => records.find((r) => r.sourceRecordId === sid)!;

function decision(a: ImportedRecord, b: ImportedRecord, value: 'same' | 'different', extra: Partial<ReviewerDecision> = {}): ReviewerDecision {
  return { a: a.id, b: b.id, decision: value, fingerprint: pairFingerprint(a, b), file: 'decisions/dedupe/one.xlsx', row: 2, ...extra };
}

describe('planDedupe', () => {
  it('gives the same plan for the same inputs', () => {
    expect(JSON.stringify(planDedupe(haematology, settings))).toBe(JSON.stringify(planDedupe(haematology, settings)));
  });

  it('finds duplicates within one source and keeps every member', () => {
    const plan = planDedupe(haematology, settings);
    const cluster = plan.unique.find((u) => u.members.some((m) => m.sourceRecordId === 'id_0000004'))!;
    expect(cluster.members.map((m) => m.sourceRecordId)).toEqual(['id_0000004', 'id_0000005']);
    expect(cluster.members[0]).toMatchObject({ source: 'Bench', file: 'exports/haematology.csv', index: 3 });
    expect(cluster.clusterId).toBe(`c${[...cluster.members.map((m) => m.id)].sort()[0]}`);
    expect(plan.duplicates).toHaveLength(haematology.length);
    expect(plan.counts.records - plan.counts.unique).toBe(plan.duplicates.filter((d) => d.kept === 'false').length);
  });

  it('keeps the most complete member and fills its gaps from the others', () => {
    const a = recordFromRow({ ID: 'x1', title: 'Complement dysfunction in hemolytic uremic syndrome', author: 'Zipfel, P. F. and Skerka, C.', year: '2006', journal: 'Current Opinion in Rheumatology', volume: '18', pages: '548-555' }, 0, 'Embase', 'exports/e.ris');
    const b = recordFromRow({ ID: 'x2', title: 'Complement dysfunction in hemolytic uremic syndrome.', author: 'Zipfel, P. F. and Skerka, C.', year: '2006', journal: 'Current Opinion in Rheumatology', volume: '18', number: '5', pages: '548-555', doi: '10.1097/01.bor.0000240369.99142.4a' }, 1, 'MEDLINE', 'exports/m.nbib');
    const c = recordFromRow({ ID: 'x3', title: 'Complement dysfunction in hemolytic uremic syndrome', author: 'Zipfel, P. F. and Skerka, C.', year: '2006', journal: 'Curr Opin Rheumatol', volume: '18', pages: '548-55', abstract: 'Purpose of review: atypical HUS.' }, 2, 'Embase', 'exports/e.ris');
    const plan = planDedupe([a, b, c], { sourceOrder: ['MEDLINE', 'Embase'] });
    expect(plan.unique).toHaveLength(1);
    const u = plan.unique[0]!;
    expect(u.id).toBe(b.id);
    expect(u.abstract).toBe('Purpose of review: atypical HUS.');
    expect(u.sources).toEqual(['MEDLINE', 'Embase']);
    expect(u.firstSource).toBe('MEDLINE');
    expect(u.members.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
    expect(plan.sources.find((s) => s.source === 'Embase')).toMatchObject({ records: 2, within_source_duplicates: 1, duplicates_removed: 2, only_in_source: 0 });
    expect(plan.overlap).toEqual([{ source_a: 'MEDLINE', source_b: 'Embase', shared: 1 }]);
  });

  it('never puts two DOIs in one cluster, even through a record without DOI', () => {
    const row = { title: 'Cultural Universality Versus Particularity in CMC', author: 'Stahl, Bernd Carsten and Elbeltagi, Ibrahim', year: '2004', journal: 'Journal of Global Information Technology Management', volume: '7', number: '4', pages: '47--65' };
    const records = [
      recordFromRow({ ...row, ID: 'a', doi: '10.1080/1097198X.2004.10856384' }, 0, 'S', 'f'),
      recordFromRow({ ...row, ID: 'b' }, 1, 'S', 'f'),
      recordFromRow({ ...row, ID: 'c', doi: '10.9999/other' }, 2, 'S', 'f'),
    ];
    const plan = planDedupe(records, { sourceOrder: ['S'] });
    const cluster = (sid: string): string => plan.duplicates.find((d) => d.source_record_id === sid)!.cluster_id;
    expect(cluster('a')).toBe(cluster('b'));
    expect(cluster('c')).not.toBe(cluster('a'));
  });

  it('queues uncertain pairs and applies a reviewer decision on the next run', () => {
    const first = planDedupe(haematology, settings);
    // An erratum notice citing the article (vol 142, pg 310): a person decides.
    expect(first.queue.map((q) => [q.a.sourceRecordId, q.b.sourceRecordId, q.result.rule])).toEqual([['id_0000018', 'id_0000021', 'erratum-of']]);
    const a = bySid(haematology, 'id_0000018');
    const b = bySid(haematology, 'id_0000021');
    const second = planDedupe(haematology, settings, [decision(a, b, 'same')]);
    expect(second.queue).toHaveLength(0);
    expect(second.decisions.applied).toBe(1);
    expect(second.counts.unique).toBe(first.counts.unique - 1);
    expect(second.pairs.find((p) => p.a === a.id && p.b === b.id)).toMatchObject({ decision: 'same', rule: 'reviewer', merged: 'true' });
    // The rest is not re-decided: every pair row outside the two joined clusters is unchanged
    // (inside them, pairs already implied by the decision are not compared again).
    const joined = new Set(second.unique.find((u) => u.members.some((m) => m.id === a.id))!.members.map((m) => m.id));
    expect(joined.has(b.id)).toBe(true);
    const others = (plan: typeof first): string => JSON.stringify(plan.pairs.filter((p) => !(joined.has(p.a) && joined.has(p.b))));
    expect(others(second)).toBe(others(first));
    expect(JSON.stringify(planDedupe(haematology, settings, [decision(a, b, 'same')]))).toBe(JSON.stringify(second));
  });

  it('lets a reviewer split an automatic match, and the later sheet wins', () => {
    const a = bySid(haematology, 'id_0000004');
    const b = bySid(haematology, 'id_0000005');
    const split = planDedupe(haematology, settings, [decision(a, b, 'same'), decision(a, b, 'different', { file: 'decisions/dedupe/two.xlsx' })]);
    const cluster = (id: string): string => split.duplicates.find((d) => d.record_id === id)!.cluster_id;
    expect(cluster(a.id)).not.toBe(cluster(b.id));
  });

  it('reports, and does not apply, decisions on records that are gone or changed', () => {
    const a = bySid(haematology, 'id_0000016');
    const b = bySid(haematology, 'id_0000017');
    const gone = { ...decision(a, b, 'same'), b: 'r000000000999' };
    const changed = decision(a, b, 'same', { fingerprint: 'aaaaaaaaaaaa', row: 3 });
    const plan = planDedupe(haematology, settings, [gone, changed]);
    expect(plan.decisions.applied).toBe(0);
    expect(plan.decisions.stale).toEqual([
      { file: 'decisions/dedupe/one.xlsx', row: 2, a: a.id, b: 'r000000000999', reason: 'record r000000000999 is no longer in the import' },
      { file: 'decisions/dedupe/one.xlsx', row: 3, a: a.id, b: b.id, reason: 'the records changed since the sheet was made' },
    ]);
    expect(plan.queue).toHaveLength(1);
  });
});
