/**
 * Screening in rounds end to end (in process): assign hands out a round, screeners return their
 * sheets, collect, the next assign re-ranks what is left; progress states found / estimate / bound;
 * when the rule is met the team stops, and the records never handed out become
 * stages/screen/automation-excluded.csv. A rebuild adds no round.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReviewConfig } from '../../../src/model/config.js';
import type { UniqueRecord } from '../../../src/model/unique.js';
import { UserError } from '../../../src/project/errors.js';
import type { ProjectPaths } from '../../../src/project/paths.js';
import { readCsv, writeCsv } from '../../../src/sheets/csv.js';
import { runScreenAssign } from '../../../src/stages/screen/assign.js';
import { readAssignments } from '../../../src/stages/screen/assignments.js';
import { runScreenCollect } from '../../../src/stages/screen/collect.js';
import { runScreenProgress } from '../../../src/stages/screen/progress-report.js';
import { runScreenReconcile } from '../../../src/stages/screen/reconcile-run.js';
import { runScreenStop } from '../../../src/stages/screen/stop-run.js';
import { CSV_SHEET_COLUMNS } from '../../../src/stages/screen/sheet.js';
import { tempDir } from '../../helpers/project.js';
import { screenProject, seedConfig, uniqueRecord } from './fixtures.js';

const TOPICS = ['outreach street youth work', 'hospital cardiology drug trial', 'soil nitrogen crop yield', 'school mathematics teaching'];

function records(n: number): UniqueRecord[] {
  return Array.from({ length: n }, (_, i) => uniqueRecord(i, {
    title: `${TOPICS[i % 4]} study ${i}`,
    abstract: `We report on ${TOPICS[i % 4]} in setting ${i % 7}.`,
  }));
}

function config(): ReviewConfig {
  const base = seedConfig();
  return {
    ...base,
    screeners: [{ id: 'A', name: 'Screener A' }, { id: 'B', name: 'Screener B' }, { id: 'C', name: 'Screener C' }],
    screening: {
      ...base.screening!,
      allocation: [{ screener: 'A', share: 1 }, { pool: ['B', 'C'], share: 1 }],
      order: 'relevance',
      batchSize: 16,
      stoppingRule: { targetRecall: 0.95, confidence: 0.95, minScreened: 40 },
    },
  };
}

/** Every screener returns their CSV sheet with a decision on each open row: relevant records (topic 0) included. */
async function returnSheets(paths: ProjectPaths, all: readonly UniqueRecord[]): Promise<void> {
  const topic = new Map(all.map((r, i) => [r.id, i % 4]));
  const out = tempDir('review-returned-');
  const files: string[] = [];
  for (const s of ['A', 'B', 'C']) {
    const sheet = readCsv(readFileSync(paths.stageFile('screen', 'sheets', `${s}.csv`), 'utf8'));
    const rows = sheet.rows.map((r) => {
      const row = Object.fromEntries(r.values);
      if (!row.decision) row.decision = topic.get(row.id!) === 0 ? 'include' : 'exclude';
      return row;
    });
    const file = join(out, `${s}.csv`);
    writeFileSync(file, writeCsv(CSV_SHEET_COLUMNS, rows, { neutralize: false }));
    files.push(file);
  }
  await runScreenCollect(paths, files);
}

describe('screening in rounds with a stopping rule', () => {
  it('hands out rounds in relevance order, re-ranks after collect, meets the rule, and the stop marks the rest as excluded by automation', async () => {
    const all = records(160);
    const paths = screenProject(all, config());
    const first = await runScreenAssign(paths, { format: 'csv', round: 'when-done' });
    expect(first.rounds).toMatchObject({ order: 'relevance', batchSize: 16, rounds: 1, handedOut: 16, notHandedOut: 144 });
    expect([first.newRecords, first.keptRecords]).toEqual([16, 0]);
    // Asked again before anything is returned: the round is re-issued, no new one.
    const again = await runScreenAssign(paths, { format: 'csv', round: 'when-done' });
    expect(again.rounds.rounds).toBe(1);
    expect(again.rounds.noNewRound).toMatch(/round 1 still has 16 records without 2 votes/);

    let rounds = 1;
    for (;;) {
      await returnSheets(paths, all);
      await runScreenReconcile(paths);
      const p = await runScreenProgress(paths);
      expect(p.rounds.length).toBe(rounds);
      if (p.current.ruleMet || p.notHandedOut === 0) break;
      const s = await runScreenAssign(paths, { format: 'csv', round: 'when-done' });
      rounds++;
      expect(s.rounds.rounds).toBe(rounds);
      expect([s.newRecords, s.keptRecords]).toEqual([16, 16 * (rounds - 1)]);
      expect(s.invariants.ok).toBe(true);
    }
    const p = await runScreenProgress(paths);
    expect(p.current.ruleMet).toBe(true);
    expect(p.notHandedOut).toBeGreaterThan(0);
    // Every relevant record was found before the rule was met, in the rounds the model chose.
    expect(p.current.relevantFound).toBe(40);
    expect(p.current.recallBound).toBeGreaterThanOrEqual(0.95 - 1e-9);
    // After round 2 the model has both classes: round 2 onwards hand out the relevant topic first.
    const ledger = readAssignments(paths, true);
    const round2 = [...new Set(ledger.filter((r) => r.batch === 2).map((r) => r.record_id))];
    const index = new Map(all.map((r, i) => [r.id, i]));
    expect(round2.slice(0, 8).every((id) => (index.get(id) as number) % 4 === 0)).toBe(true);

    // A rebuild re-issues what was handed out and adds nothing.
    const before = readFileSync(paths.stageFile('screen', 'assignments.csv'), 'utf8');
    const rebuilt = await runScreenAssign(paths, { format: 'csv' });
    expect(rebuilt.rounds.noNewRound).toMatch(/rebuild/);
    expect(readFileSync(paths.stageFile('screen', 'assignments.csv'), 'utf8')).toBe(before);

    const stop = await runScreenStop(paths, { date: '2026-12-07', note: 'rule met' });
    expect(stop.decision).toMatchObject({ stoppedAfterRound: rounds, rule: { targetRecall: 0.95, confidence: 0.95, minScreened: 40 }, note: 'rule met' });
    const excluded = readCsv(readFileSync(paths.stageFile('screen', 'automation-excluded.csv'), 'utf8')).rows;
    const handed = new Set(ledger.map((r) => r.record_id));
    expect(excluded.map((r) => r.values.get('record_id'))).toEqual(all.map((r) => r.id).filter((id) => !handed.has(id)));
    expect(excluded[0]?.values.get('relevant_found')).toBe('40');
    expect(stop.automationExcluded).toBe(excluded.length);
    // Stopped: assign hands out no more rounds, even when asked.
    const after = await runScreenAssign(paths, { format: 'csv', round: 'now' });
    expect(after.rounds.noNewRound).toMatch(/stopped/);
    await expect(runScreenStop(paths)).rejects.toThrow(/already stopped on 2026-12-07/);
    // Taking the decision back (moving the file out) drops the automation output at the next reconcile.
    rmSync(join(paths.decisions, 'screen-stop', 'stop.json'));
    await runScreenReconcile(paths);
    expect(existsSync(paths.stageFile('screen', 'automation-excluded.csv'))).toBe(false);
  });

  it('refuses to stop without a declared rule, before the rule is met (unless --force), and says why', async () => {
    const all = records(64);
    const noRule = config();
    delete noRule.screening!.stoppingRule;
    const paths = screenProject(all, noRule);
    await runScreenAssign(paths, { format: 'csv', round: 'when-done' });
    await expect(runScreenStop(paths)).rejects.toThrow(/declares no stopping rule/);
    const withRule = screenProject(all, config());
    await runScreenAssign(withRule, { format: 'csv', round: 'when-done' });
    await returnSheets(withRule, all);
    const refused = await runScreenStop(withRule).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).message).toMatch(/the stopping rule is not met: 16 screened, \d+ relevant found, about \d+ relevant estimated among the 48 unscreened; recall ≥ .*--force/);
    expect(existsSync(join(withRule.decisions, 'screen-stop', 'stop.json'))).toBe(false);
    const forced = await runScreenStop(withRule, { force: true, date: '2026-12-07' });
    expect(forced.decision.figures.ruleMet).toBe(false);
    expect(forced.automationExcluded).toBe(48);
  });
});
