/**
 * Records "marked as ineligible by automation tools" (stages/screen/automation-excluded.csv after a
 * stop by the stopping rule): removed before screening in the databases arm, every identity holding,
 * in the PRISMA2020 CSV as excluded_automatic, with the rule and figures in flow.json and flow.md.
 */
import { describe, expect, it } from 'vitest';
import type { AutomationExcluded } from '../../../src/model/screen.js';
import { readCsv } from '../../../src/sheets/csv.js';
import { computePrisma, type PrismaInputs } from '../../../src/stages/prisma/compute.js';
import { flowCsv, flowMarkdown } from '../../../src/stages/prisma/flow-files.js';
import { renderFlowSvg } from '../../../src/stages/prisma/svg.js';
import type { AutomationRule } from '../../../src/stages/shared/automation-excluded.js';
import { materialize, type ProjectSpec } from './build-project.js';

const RULE: AutomationRule = {
  stopped_after_round: 3, order: 'relevance', target_recall: 0.95, confidence: 0.95, min_screened: 2,
  screened: 3, relevant_found: 2, estimated_remaining: 0, recall_bound: 0.6667, rule_met: 'true',
};

/** PubMed 4 records + Scopus 2 (one a duplicate): 5 unique database records; 3 screened, 2 never (stopped). */
function stopped(): PrismaInputs {
  const spec: ProjectSpec = {
    sources: [{ name: 'PubMed', kind: 'database' }, { name: 'Scopus', kind: 'database' }],
    records: [
      { source: 'PubMed', cluster: 'a' }, { source: 'PubMed', cluster: 'b' }, { source: 'PubMed', cluster: 'c' }, { source: 'PubMed', cluster: 'd' },
      { source: 'Scopus', cluster: 'a' }, { source: 'Scopus', cluster: 'e' },
    ],
    screen: new Map(),
    fulltext: new Map(),
  };
  spec.screen.set('r000000000000', { decision: 'include' });
  spec.screen.set('r000000000001', { decision: 'include' });
  spec.screen.set('r000000000002', { decision: 'exclude' });
  spec.fulltext.set('r000000000000', { retrieved: 'yes', decision: 'include' });
  spec.fulltext.set('r000000000001', { retrieved: 'yes', decision: 'include' });
  const m = materialize(spec);
  return { config: m.config, imported: m.imported, unique: m.unique, screen: m.screenRows, fulltext: m.fulltextRows, automation: rowsOf(['r000000000003', 'r000000000005']) };
}

const rowsOf = (ids: string[]): AutomationExcluded[] => ids.map((record_id) => ({ record_id, ...RULE }));

describe('PRISMA with records marked ineligible by automation tools', () => {
  it('counts them before screening, every identity holds, and the box lists them', () => {
    const { flow, boxes } = computePrisma(stopped());
    expect(flow.databases).toMatchObject({ identified: 6, duplicates: 1, excludedAutomation: 2, screened: 3, excludedScreening: 1, sought: 2, included: 2 });
    expect(flow.checks.filter((c) => !c.ok)).toEqual([]);
    expect(flow.checks.find((c) => c.id === 'databases.screening')?.identity).toMatch(/identified − duplicates − marked ineligible by automation tools = screened/);
    expect(boxes.get('databases.automation-excluded')).toEqual(['r000000000003', 'r000000000005']);
    expect(flow.automation).toMatchObject({ records: 2, order: 'relevance', stoppedAfterRound: 3, targetRecall: 0.95, recallBound: 0.6667, ruleMet: true });
  });

  it('writes excluded_automatic in the PRISMA2020 CSV, the box in flow.md and the SVG, and the rule in flow.md', () => {
    const { flow } = computePrisma(stopped());
    const row = readCsv(flowCsv(flow)).rows.find((r) => r.values.get('data') === 'excluded_automatic');
    expect(row?.values.get('n')).toBe('2');
    const md = flowMarkdown(flow);
    expect(md).toContain('| Records marked as ineligible by automation tools | 2 |');
    expect(md).toContain('a stopping rule in advance (recall of at least 95.0 % with 95.0 % confidence after at least 2 records screened)');
    expect(md).toContain('Screening stopped after round 3, when the rule was met: 3 records screened, 2 relevant found, an estimated 0 relevant among the unscreened, and recall of at least 66.7 %');
    const svg = renderFlowSvg(flow).replace(/<[^>]*>/g, ' ').replace(/[\s\u00a0]+/g, ' ');
    expect(svg).toMatch(/Records marked as ineligible by automation tools \(n = 2\)/);
  });

  it('fails the screening identity when a record set aside by automation was also screened, or a record is in neither', () => {
    const twice = stopped();
    twice.automation = rowsOf(['r000000000003', 'r000000000005', 'r000000000002']);
    expect(computePrisma(twice).flow.checks.find((c) => c.id === 'databases.screening')).toMatchObject({ ok: false, expected: 2, actual: 3 });
    const lost = stopped();
    lost.automation = rowsOf(['r000000000003']);
    const check = computePrisma(lost).flow.checks.find((c) => c.id === 'databases.screening');
    expect(check?.ok).toBe(false);
    expect(check?.detail).toContain('r000000000005');
  });

  it('without a stop nothing changes: no automation box, excluded_automatic 0', () => {
    const plain = stopped();
    delete plain.automation;
    plain.screen = [...plain.screen];
    const { flow, boxes } = computePrisma(plain);
    expect(flow.databases.excludedAutomation).toBeUndefined();
    expect(flow.automation).toBeUndefined();
    expect(boxes.has('databases.automation-excluded')).toBe(false);
    expect(readCsv(flowCsv(flow)).rows.find((r) => r.values.get('data') === 'excluded_automatic')?.values.get('n')).toBe('0');
  });
});
