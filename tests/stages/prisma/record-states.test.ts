import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { armOf, type SourceKind } from '../../../src/model/config.js';
import type { PrismaFlow } from '../../../src/model/prisma.js';
import type { RecordStateRow } from '../../../src/model/record-state.js';
import type { AutomationExcluded } from '../../../src/model/screen.js';
import { computePrisma } from '../../../src/stages/prisma/compute.js';
import { parseRecordStates, recordStatesCsv } from '../../../src/stages/shared/record-states.js';
import { runCli } from '../../helpers/project.js';
import { completeSpec, materialize, writeProject, type ProjectSpec, type RecordSpec, type SourceSpec } from './build-project.js';

const KINDS: SourceKind[] = ['database', 'register', 'website', 'organisation', 'citation-searching', 'expert', 'other'];

/**
 * A random project: sources of random kinds, records in random duplicate clusters, random decisions;
 * `stop` leaves some database-arm records unscreened by a stopping rule, `drop` removes some decisions
 * (an unfinished review: records awaiting screening or full text).
 */
const projectArb = fc.record({
  kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 6 }),
  records: fc.array(fc.record({ source: fc.nat(), cluster: fc.nat({ max: 30 }) }), { maxLength: 70 }),
  choices: fc.array(fc.nat({ max: 1000 }), { minLength: 3, maxLength: 90 }),
  stop: fc.option(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), { nil: undefined }),
  drop: fc.array(fc.nat({ max: 200 }), { maxLength: 6 }),
});

type Project = typeof projectArb extends fc.Arbitrary<infer T> ? T : never;

function build(p: Project, options: { drop: boolean }) {
  const sources: SourceSpec[] = p.kinds.map((kind, i) => ({ name: `S${i}`, kind }));
  const records: RecordSpec[] = p.records.map((r) => ({ source: `S${r.source % sources.length}`, cluster: String(r.cluster) }));
  const pick = (i: number, what: 'screen' | 'ft' | 'reason'): number => p.choices[(i * 3 + ['screen', 'ft', 'reason'].indexOf(what)) % p.choices.length] ?? 0;
  const spec: ProjectSpec = completeSpec(sources, records, pick);
  const m = materialize(spec);
  const kinds = new Map(sources.map((s) => [s.name, s.kind]));
  let automation: AutomationExcluded[] | undefined;
  if (p.stop) {
    // The stopping rule leaves some database-arm records unscreened: no screening or full-text row.
    const stopped = m.unique.filter((u, i) => armOf(kinds.get(u.firstSource) ?? 'database') === 'databases' && p.stop?.[i % p.stop.length] === true).map((u) => u.id);
    const gone = new Set(stopped);
    m.screenRows = m.screenRows.filter((d) => !gone.has(d.record_id));
    m.fulltextRows = m.fulltextRows.filter((d) => !gone.has(d.record_id));
    automation = stopped.map(stoppedRow);
  }
  if (options.drop) {
    for (const k of p.drop) {
      if (k % 2 === 0 && m.screenRows.length) m.screenRows.splice(k % m.screenRows.length, 1);
      else if (m.fulltextRows.length) m.fulltextRows.splice(k % m.fulltextRows.length, 1);
    }
  }
  return { config: m.config, imported: m.imported, unique: m.unique, screen: m.screenRows, fulltext: m.fulltextRows, ...(automation ? { automation } : {}) };
}

/** A row of stages/screen/automation-excluded.csv: the rule met after round 3. */
function stoppedRow(record_id: string): AutomationExcluded {
  return {
    record_id, stopped_after_round: 3, order: 'relevance', target_recall: 0.95, confidence: 0.95, min_screened: 0,
    screened: 40, relevant_found: 6, estimated_remaining: 0, recall_bound: 0.951, rule_met: 'true',
  };
}
const STOPPED_HEADER = 'record_id,stopped_after_round,order,target_recall,confidence,min_screened,screened,relevant_found,estimated_remaining,recall_bound,rule_met';

/** Rows through the file format: what `review prisma` writes is what is counted. */
function roundTrip(rows: readonly RecordStateRow[]): RecordStateRow[] {
  return parseRecordStates(recordStatesCsv(rows), 'record-states.csv');
}

/** Each PRISMA box as a count of rows, written out here apart from the code under test. */
function boxesFromRows(rows: readonly RecordStateRow[], arm: 'databases' | 'other') {
  const n = (...states: string[]): number => rows.filter((r) => r.arm === arm && states.includes(r.state)).length;
  return {
    identified: rows.filter((r) => r.arm === arm).length,
    duplicates: n('duplicate'),
    screened: arm === 'databases' ? n('excluded-screening', 'awaiting-fulltext', 'awaiting-retrieval', 'not-retrieved', 'awaiting-decision', 'excluded-fulltext', 'included') : null,
    excludedScreening: arm === 'databases' ? n('excluded-screening') : null,
    sought: n('awaiting-retrieval', 'not-retrieved', 'awaiting-decision', 'excluded-fulltext', 'included'),
    notRetrieved: n('not-retrieved'),
    awaitingRetrieval: n('awaiting-retrieval'),
    assessed: n('awaiting-decision', 'excluded-fulltext', 'included'),
    excluded: n('excluded-fulltext'),
    pending: n('awaiting-decision'),
    included: n('included'),
  };
}

function expectBoxesAreRowCounts(flow: PrismaFlow, rows: readonly RecordStateRow[], stopped: boolean): void {
  for (const arm of ['databases', 'other'] as const) {
    const a = flow[arm];
    expect({
      identified: a.identified, duplicates: a.duplicates, screened: a.screened, excludedScreening: a.excludedScreening, sought: a.sought,
      notRetrieved: a.notRetrieved, awaitingRetrieval: a.awaitingRetrieval, assessed: a.assessed, excluded: a.excluded, pending: a.pending, included: a.included,
    }).toEqual(boxesFromRows(rows, arm));
    for (const s of a.identifiedBySource) expect(s.n).toBe(rows.filter((r) => r.arm === arm && r.source === s.id).length);
    for (const r of a.excludedByReason) expect(r.n).toBe(rows.filter((x) => x.arm === arm && x.state === 'excluded-fulltext' && x.reason === r.id).length);
  }
  expect(flow.databases.excludedAutomation).toBe(stopped ? rows.filter((r) => r.state === 'excluded-automation').length : undefined);
  expect(flow.other.excludedAutomation).toBeUndefined();
  expect(flow.included.studies).toBe(rows.filter((r) => r.state === 'included').length);
}

describe('record-states.csv on random projects', () => {
  it('a complete project (stopped by a rule or not): every PRISMA box is a count of rows, and every identity holds', () => {
    fc.assert(fc.property(projectArb, (p) => {
      const inputs = build(p, { drop: false });
      const { flow, states } = computePrisma(inputs);
      const rows = roundTrip(states);
      expect(rows).toEqual(states);
      expect(flow.checks.filter((c) => !c.ok)).toEqual([]);
      expectBoxesAreRowCounts(flow, rows, inputs.automation !== undefined);
      // One row per imported record, in import order; nothing is left waiting in a complete project.
      expect(rows.map((r) => r.record_id)).toEqual(inputs.imported.map((r) => r.id));
      expect(rows.filter((r) => r.state.startsWith('awaiting'))).toEqual([]);
      // The PRISMA identities, on the counts.
      const db = flow.databases;
      for (const arm of ['databases', 'other'] as const) {
        const a = flow[arm];
        const removedBeforeScreening = a.duplicates + (a.excludedAutomation ?? 0);
        expect(arm === 'databases' ? a.screened : a.sought).toBe(a.identified - removedBeforeScreening);
        expect(a.sought - a.notRetrieved).toBe(a.assessed);
        expect(a.assessed - a.excluded).toBe(a.included);
        expect(a.excludedByReason.reduce((s, r) => s + r.n, 0)).toBe(a.excluded);
      }
      expect((db.screened ?? 0) - (db.excludedScreening ?? 0)).toBe(db.sought);
      expect(flow.included.studies).toBe(db.included + flow.other.included);
      // The automation box is exactly the stopped list.
      expect(rows.filter((r) => r.state === 'excluded-automation').map((r) => r.unique_id).sort()).toEqual((inputs.automation ?? []).map((a) => a.record_id).sort());
    }), { numRuns: 200 });
  });

  it('an unfinished project: boxes are still counts of rows; records waiting are in an awaiting state and break the identity they belong to', () => {
    fc.assert(fc.property(projectArb, (p) => {
      fc.pre(p.drop.length > 0);
      const inputs = build(p, { drop: true });
      const { flow, states } = computePrisma(inputs);
      const rows = roundTrip(states);
      expectBoxesAreRowCounts(flow, rows, inputs.automation !== undefined);
      const failed = new Set(flow.checks.filter((c) => !c.ok).map((c) => c.id));
      if (rows.some((r) => r.state === 'awaiting-screening')) expect(failed.has('databases.screening')).toBe(true);
      if (rows.some((r) => r.state === 'awaiting-fulltext')) expect(failed.has('databases.sought') || failed.has('other.sought')).toBe(true);
    }), { numRuns: 150 });
  });

  it('names the file and line that decided each state', () => {
    fc.assert(fc.property(projectArb, (p) => {
      const inputs = build(p, { drop: false });
      for (const r of computePrisma(inputs).states) {
        const expected: Record<string, string> = {
          duplicate: 'stages/dedupe/unique.jsonl', 'excluded-automation': 'stages/screen/automation-excluded.csv', 'excluded-screening': 'stages/screen/decisions.csv',
          'not-retrieved': 'stages/fulltext/decisions.csv', 'excluded-fulltext': 'stages/fulltext/decisions.csv', included: 'stages/fulltext/decisions.csv',
        };
        expect(r.decided_by).toBe(expected[r.state]);
        const line = r.line;
        if (r.decided_by === 'stages/dedupe/unique.jsonl') expect(inputs.unique[line - 1]?.members.some((m) => m.id === r.record_id)).toBe(true);
        if (r.decided_by === 'stages/screen/decisions.csv') expect(inputs.screen[line - 2]?.record_id).toBe(r.unique_id);
        if (r.decided_by === 'stages/fulltext/decisions.csv') expect(inputs.fulltext[line - 2]?.record_id).toBe(r.unique_id);
        if (r.decided_by === 'stages/screen/automation-excluded.csv') expect(inputs.automation?.[line - 2]?.record_id).toBe(r.unique_id);
      }
    }), { numRuns: 100 });
  });
});

describe('review prisma with a stopping rule (CLI)', () => {
  it('counts the records in stages/screen/automation-excluded.csv as marked ineligible by automation tools, in every output and in status', () => {
    const sources: SourceSpec[] = [{ name: 'PubMed', kind: 'database' }, { name: 'Scopus', kind: 'database' }, { name: 'Experts', kind: 'expert' }];
    const records: RecordSpec[] = Array.from({ length: 24 }, (_, i) => ({ source: i < 12 ? 'PubMed' : i < 20 ? 'Scopus' : 'Experts', cluster: String(i % 18) }));
    const spec = completeSpec(sources, records, (i, what) => i * 7 + what.length);
    const first = writeProject(spec);
    // The rule stopped screening before the last three database-arm records were screened.
    const stopped = first.unique.filter((u) => u.firstSource !== 'Experts').slice(-3).map((u) => u.id);
    for (const id of stopped) { spec.screen.delete(id); spec.fulltext.delete(id); }
    const p = writeProject(spec, first.root);
    const unstopped = runCli(['-C', p.root, 'prisma']);
    expect(unstopped.code).toBe(1);
    expect(unstopped.stderr).toContain('databases.screening');

    writeFileSync(join(p.root, 'stages/screen/automation-excluded.csv'), `${STOPPED_HEADER}\n${stopped.map((id) => `${id},3,relevance,0.95,0.95,0,40,6,0,0.951,true`).join('\n')}\n`);
    const r = runCli(['-C', p.root, 'prisma', '--json']);
    expect(r.stderr).toContain('all hold');
    expect(r.code).toBe(0);
    const flow = JSON.parse(readFileSync(join(p.root, 'stages/prisma/flow.json'), 'utf8')) as PrismaFlow;
    expect(flow.databases.excludedAutomation).toBe(3);
    expect(flow.checks.find((c) => c.id === 'databases.screening')?.identity).toContain('marked ineligible by automation tools');
    expect(readFileSync(join(p.root, 'stages/prisma/flow.csv'), 'utf8')).toContain('excluded_automatic,NA,box3,Records marked as ineligible by automation tools,Records marked as ineligible by automation tools,NA,NA,3\n');
    expect(readFileSync(join(p.root, 'stages/prisma/flow.md'), 'utf8')).toContain('| Records marked as ineligible by automation tools | 3 |');
    expect(readFileSync(join(p.root, 'stages/prisma/flow.svg'), 'utf8')).toContain('automation tools');
    const rows = parseRecordStates(readFileSync(join(p.root, 'stages/prisma/record-states.csv'), 'utf8'), 'record-states.csv');
    expect(rows.filter((x) => x.state === 'excluded-automation').map((x) => [x.unique_id, x.reason, x.decided_by])).toEqual(
      stopped.map((id) => [id, 'stopping rule: recall ≥ 95.0 % with 95.0 % confidence', 'stages/screen/automation-excluded.csv']));
    const explain = runCli(['-C', p.root, 'prisma', '--explain', 'databases.automation-excluded']);
    expect(explain.stdout.trim().split('\n')).toEqual(stopped);
    expect(runCli(['-C', p.root, 'status']).stdout).toContain('excluded-automation 3');
  });
});
