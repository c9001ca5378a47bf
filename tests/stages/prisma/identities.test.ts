import { describe, expect, it } from 'vitest';
import { computePrisma, describeCheck, type PrismaInputs } from '../../../src/stages/prisma/compute.js';
import { materialize, type ProjectSpec } from './build-project.js';

/**
 * A small known project: PubMed 4 + Scopus 3 records (2 duplicates across them), hand search 2
 * (1 duplicating a PubMed record). Each test breaks one stage output and expects one named identity to fail.
 */
function knownSpec(): ProjectSpec {
  const spec: ProjectSpec = {
    sources: [{ name: 'PubMed', kind: 'database' }, { name: 'Scopus', kind: 'database' }, { name: 'Experts', kind: 'expert' }],
    records: [
      { source: 'PubMed', cluster: 'a' }, { source: 'PubMed', cluster: 'b' }, { source: 'PubMed', cluster: 'c' }, { source: 'PubMed', cluster: 'd' },
      { source: 'Scopus', cluster: 'a' }, { source: 'Scopus', cluster: 'b' }, { source: 'Scopus', cluster: 'e' },
      { source: 'Experts', cluster: 'c' }, { source: 'Experts', cluster: 'f' },
    ],
    screen: new Map(),
    fulltext: new Map(),
  };
  // unique ids: a=r0, b=r1, c=r2, d=r3, e=r6, f=r8
  spec.screen.set('r000000000000', { decision: 'include' });
  spec.screen.set('r000000000001', { decision: 'include' });
  spec.screen.set('r000000000002', { decision: 'include' });
  spec.screen.set('r000000000003', { decision: 'exclude', reason: 'population' });
  spec.screen.set('r000000000006', { decision: 'exclude' });
  spec.fulltext.set('r000000000000', { retrieved: 'yes', decision: 'include' });
  spec.fulltext.set('r000000000001', { retrieved: 'no', decision: 'exclude' });
  spec.fulltext.set('r000000000002', { retrieved: 'yes', decision: 'exclude', reason: 'no-outreach' });
  spec.fulltext.set('r000000000008', { retrieved: 'yes', decision: 'include' });
  return spec;
}

function inputs(spec = knownSpec()): PrismaInputs {
  const m = materialize(spec);
  return { config: m.config, imported: m.imported, unique: m.unique, screen: m.screenRows, fulltext: m.fulltextRows };
}

function failedIds(i: PrismaInputs): string[] {
  return computePrisma(i).flow.checks.filter((c) => !c.ok).map((c) => c.id);
}

describe('the known project', () => {
  it('has the numbers worked out by hand', () => {
    const { flow } = computePrisma(inputs());
    expect(flow.databases).toMatchObject({ identified: 7, duplicates: 2, duplicatesOfOtherArm: 0, screened: 5, excludedScreening: 2, sought: 3, notRetrieved: 1, assessed: 2, excluded: 1, included: 1 });
    expect(flow.databases.identifiedBySource.map((s) => [s.id, s.n])).toEqual([['PubMed', 4], ['Scopus', 3]]);
    expect(flow.databases.excludedScreeningByReason.map((r) => [r.id, r.n])).toEqual([['population', 1], ['(none)', 1]]);
    expect(flow.databases.excludedByReason.map((r) => [r.id, r.n])).toEqual([['population', 0], ['no-outreach', 1], ['format', 0]]);
    // The expert record duplicating PubMed record c is removed in the other arm.
    expect(flow.other).toMatchObject({ identified: 2, duplicates: 1, duplicatesOfOtherArm: 1, screened: null, sought: 1, included: 1 });
    expect(flow.included).toEqual({ studies: 2, reports: 2, databases: 1, other: 1 });
    expect(flow.checks.every((c) => c.ok)).toBe(true);
  });
});

describe('each failed identity is caught and named', () => {
  it('dedupe.members: an imported record missing from unique.jsonl', () => {
    const i = inputs();
    i.imported = [...i.imported, { id: 'r00000000ffff', source: 'PubMed' }];
    expect(failedIds(i)).toContain('dedupe.members');
    const c = computePrisma(i).flow.checks.find((x) => x.id === 'dedupe.members');
    expect(c?.detail).toContain('r00000000ffff');
  });

  it('databases.screening: a screened record missing from decisions.csv', () => {
    const i = inputs();
    i.screen = i.screen.filter((d) => d.record_id !== 'r000000000003');
    expect(failedIds(i)).toEqual(['databases.screening']);
    const c = computePrisma(i).flow.checks.find((x) => x.id === 'databases.screening');
    expect(c).toMatchObject({ expected: 5, actual: 4 });
    expect(describeCheck(c!)).toContain('r000000000003');
  });

  it('databases.screening: equal counts of different records still fail', () => {
    const i = inputs();
    i.screen = i.screen.map((d) => (d.record_id === 'r000000000003' ? { ...d, record_id: 'r000000000008' } : d));
    expect(failedIds(i)).toContain('databases.screening');
  });

  it('databases.sought: a forwarded record not at full text', () => {
    const i = inputs();
    i.fulltext = i.fulltext.filter((d) => d.record_id !== 'r000000000000');
    expect(failedIds(i)).toEqual(['databases.sought']);
  });

  it('other.sought: a hand-search record not at full text', () => {
    const i = inputs();
    i.fulltext = i.fulltext.filter((d) => d.record_id !== 'r000000000008');
    expect(failedIds(i)).toEqual(['other.sought']);
  });

  it('<arm>.assessed: a report neither retrieved nor marked not retrieved', () => {
    const i = inputs();
    i.fulltext = i.fulltext.map((d) => (d.record_id === 'r000000000008' ? { ...d, retrieved: '' as const, decision: 'pending' as const } : d));
    expect(failedIds(i)).toEqual(['other.assessed']);
  });

  it('<arm>.included: a retrieved report still pending', () => {
    const i = inputs();
    i.fulltext = i.fulltext.map((d) => (d.record_id === 'r000000000000' ? { ...d, decision: 'pending' as const } : d));
    expect(failedIds(i)).toEqual(['databases.included']);
  });

  it('<arm>.reasons: an exclusion with no reason, or a reason not in review.json', () => {
    const i = inputs();
    i.fulltext = i.fulltext.map((d) => (d.record_id === 'r000000000002' ? { ...d, reason: '' } : d));
    expect(failedIds(i)).toEqual(['databases.reasons']);
    const j = inputs();
    j.fulltext = j.fulltext.map((d) => (d.record_id === 'r000000000002' ? { ...d, reason: 'made-up' } : d));
    const c = computePrisma(j).flow.checks.find((x) => x.id === 'databases.reasons');
    expect(c?.ok).toBe(false);
    expect(c?.detail).toContain('"made-up"');
  });

  it('included.total: a record included twice', () => {
    const i = inputs();
    const twice = i.fulltext.find((d) => d.record_id === 'r000000000000')!;
    i.fulltext = [...i.fulltext, twice];
    expect(failedIds(i)).toContain('included.total');
  });
});

describe('flow.svg', () => {
  it('is the same bytes for the same flow, with integer coordinates and every count drawn', async () => {
    const { renderFlowSvg } = await import('../../../src/stages/prisma/svg.js');
    const { flow } = computePrisma(inputs());
    const svg = renderFlowSvg(flow);
    expect(renderFlowSvg(computePrisma(inputs()).flow)).toBe(svg);
    expect(svg).not.toMatch(/ (x|y|width|height)="-?\d+\.\d/);
    for (const text of ['Records screened (n\u00A0=\u00A05)', 'PubMed (n\u00A0=\u00A04)', 'No outreach component (n\u00A0=\u00A01)', 'Studies included in review (n\u00A0=\u00A02)']) expect(svg).toContain(text);
    // Zero-count reasons are not drawn.
    expect(svg).not.toContain('Wrong publication format');
  });
});
