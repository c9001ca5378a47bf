import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { armOf, type SourceKind } from '../../../src/model/config.js';
import { computePrisma } from '../../../src/stages/prisma/compute.js';
import { completeSpec, materialize, type RecordSpec, type SourceSpec } from './build-project.js';

const KINDS: SourceKind[] = ['database', 'register', 'website', 'organisation', 'citation-searching', 'expert', 'other'];

/** A random project: sources of random kinds, records with random duplicate clusters, random decisions. */
const projectArb = fc.record({
  kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 6 }),
  records: fc.array(fc.record({ source: fc.nat(), cluster: fc.nat({ max: 30 }) }), { maxLength: 70 }),
  choices: fc.array(fc.nat({ max: 1000 }), { minLength: 3, maxLength: 90 }),
});

function build(p: { kinds: SourceKind[]; records: { source: number; cluster: number }[]; choices: number[] }) {
  const sources: SourceSpec[] = p.kinds.map((kind, i) => ({ name: `S${i}`, kind }));
  const records: RecordSpec[] = p.records.map((r) => ({ source: `S${r.source % sources.length}`, cluster: String(r.cluster) }));
  const pick = (i: number, what: 'screen' | 'ft' | 'reason'): number => p.choices[(i * 3 + ['screen', 'ft', 'reason'].indexOf(what)) % p.choices.length] ?? 0;
  const spec = completeSpec(sources, records, pick);
  return { spec, m: materialize(spec) };
}

describe('PRISMA arithmetic on random projects', () => {
  it('every identity holds for a complete project, and each box equals a direct count', () => {
    fc.assert(fc.property(projectArb, (p) => {
      const { spec, m } = build(p);
      const { flow } = computePrisma({ config: m.config, imported: m.imported, unique: m.unique, screen: m.screenRows, fulltext: m.fulltextRows });
      expect(flow.checks.filter((c) => !c.ok)).toEqual([]);
      const kindOf = new Map(spec.sources.map((s) => [s.name, s.kind]));
      const armOfSource = (s: string): 'databases' | 'other' => armOf(kindOf.get(s) ?? 'database');
      for (const arm of ['databases', 'other'] as const) {
        const a = flow[arm];
        expect(a.identified).toBe(spec.records.filter((r) => armOfSource(r.source) === arm).length);
        expect(a.identifiedBySource.reduce((s, x) => s + x.n, 0)).toBe(a.identified);
        expect(a.identifiedByKind.reduce((s, x) => s + x.n, 0)).toBe(a.identified);
        const uniques = m.unique.filter((u) => armOfSource(u.firstSource) === arm).length;
        expect(a.identified - a.duplicates).toBe(uniques);
        expect(a.sought - a.notRetrieved).toBe(a.assessed);
        expect(a.assessed - a.excluded).toBe(a.included);
        expect(a.excludedByReason.reduce((s, x) => s + x.n, 0)).toBe(a.excluded);
        expect(a.included).toBe(m.fulltextRows.filter((r) => r.arm === arm && r.decision === 'include').length);
        expect(a.duplicatesOfOtherArm).toBeLessThanOrEqual(a.duplicates);
      }
      const db = flow.databases;
      expect((db.screened ?? 0) - (db.excludedScreening ?? 0)).toBe(db.sought);
      expect(flow.other.screened).toBeNull();
      expect(flow.included.studies).toBe(flow.included.databases + flow.included.other);
      // Records imported across both arms = unique records + all duplicates removed.
      expect(flow.databases.identified + flow.other.identified).toBe(m.unique.length + db.duplicates + flow.other.duplicates);
    }), { numRuns: 200 });
  });

  it('dropping any one decision row breaks exactly the identity that row belongs to', () => {
    fc.assert(fc.property(projectArb, fc.nat(), (p, k) => {
      const { m } = build(p);
      fc.pre(m.fulltextRows.length > 0);
      const dropped = m.fulltextRows[k % m.fulltextRows.length];
      const rows = m.fulltextRows.filter((r) => r !== dropped);
      const { flow } = computePrisma({ config: m.config, imported: m.imported, unique: m.unique, screen: m.screenRows, fulltext: rows });
      const failed = flow.checks.filter((c) => !c.ok).map((c) => c.id);
      expect(failed).toEqual([dropped?.arm === 'databases' ? 'databases.sought' : 'other.sought']);
    }), { numRuns: 150 });
  });

  it('record ids behind the boxes partition as the numbers say', () => {
    fc.assert(fc.property(projectArb, (p) => {
      const { m } = build(p);
      const { flow, boxes } = computePrisma({ config: m.config, imported: m.imported, unique: m.unique, screen: m.screenRows, fulltext: m.fulltextRows });
      for (const arm of ['databases', 'other'] as const) {
        expect(boxes.get(`${arm}.identified`)?.length).toBe(flow[arm].identified);
        expect(boxes.get(`${arm}.duplicates`)?.length).toBe(flow[arm].duplicates);
        expect(boxes.get(`${arm}.included`)?.length).toBe(flow[arm].included);
        const excluded = new Set(boxes.get(`${arm}.excluded`));
        const reasonIds = flow[arm].excludedByReason.flatMap((r) => boxes.get(`${arm}.excluded.${r.id}`) ?? []);
        expect(new Set(reasonIds)).toEqual(excluded);
        // A duplicate never also stands for its unique record in the same arm.
        const dup = new Set(boxes.get(`${arm}.duplicates`));
        const uniqueIdsInArm = new Set(boxes.get(`${arm}.identified`)?.filter((id) => !dup.has(id)));
        expect(uniqueIdsInArm.size).toBe(flow[arm].identified - flow[arm].duplicates);
      }
      expect(boxes.get('included')?.length).toBe(flow.included.studies);
    }), { numRuns: 100 });
  });
});
