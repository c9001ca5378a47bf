/**
 * `review run --check` stays green under documented use of the shipped example (built CLI): a re-run,
 * a Rayyan export, sheets in another format, and records that arrive after screening has started
 * (a second assignment batch) all describe the same state as a rebuild from scratch.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/sheets/csv.js';
import { exampleDir } from '../../scripts/make-korus-example.js';
import { EXPORTS, runCli, tempDir } from '../helpers/project.js';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function exampleProject(): string {
  const project = tempDir('korus-rebuild-');
  temps.push(project);
  cpSync(exampleDir(), project, { recursive: true });
  return project;
}

function ok(project: string, args: string[]): string {
  const r = runCli(['-C', project, ...args]);
  expect(r.code, `review ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stderr;
}

describe('review run --check after documented use (korus-outreach, built CLI)', () => {
  it('run, run --check, run, run --check pass; so does a check after screen export --rayyan and sheets handed out as CSV too', () => {
    const project = exampleProject();
    ok(project, ['run']);
    expect(ok(project, ['run', '--check'])).toContain('check passed');
    ok(project, ['run']);
    expect(ok(project, ['run', '--check'])).toContain('check passed');
    // A file made on request for another tool lives outside stages/: no stage output, never "not made by the rebuild".
    ok(project, ['screen', 'export', '--rayyan']);
    expect(existsSync(join(project, 'outputs', 'rayyan', 'screening.ris'))).toBe(true);
    expect(existsSync(join(project, 'stages', 'screen', 'rayyan'))).toBe(false);
    // The sheet format handed out is part of the hand-out record: run and the check make the same sheets.
    ok(project, ['screen', 'assign', '--format', 'both']);
    expect(ok(project, ['run', '--check'])).toContain('check passed');
    expect(existsSync(join(project, 'stages', 'screen', 'sheets', 'KBA.csv'))).toBe(true);
  }, 600_000);

  it('records that arrive after screening started get a second batch, and the check still passes', () => {
    const project = exampleProject();
    ok(project, ['run']);
    ok(project, ['import', join(EXPORTS, 'ris', 'CoLRev-Environment+colrev__psycinfo_ris.ris'), '--source', 'Late database', '--kind', 'database']);
    ok(project, ['dedupe']);
    ok(project, ['screen', 'assign', '--format', 'csv']);
    const ledger = readCsv(readFileSync(join(project, 'stages', 'screen', 'assignments.csv'), 'utf8')).rows.map((r) => r.values);
    const late = ledger.filter((r) => r.get('batch') === '2');
    expect(late.length).toBeGreaterThan(0);
    // The screeners of the new batch return their sheets with the new records decided.
    const lateIds = new Set(late.map((r) => r.get('record_id') ?? ''));
    for (const screener of new Set(late.map((r) => r.get('screener') ?? ''))) {
      const lines = readFileSync(join(project, 'stages', 'screen', 'sheets', `${screener}.csv`), 'utf8').split('\n');
      // decision, reason, note are the three columns before screener: fill the decision of the new records only.
      const filled = lines.map((l) => (lateIds.has(l.slice(0, l.indexOf(','))) ? l.replace(`,,,,${screener},`, `,exclude,,,${screener},`) : l));
      expect(filled.filter((l, i) => l !== lines[i]).length).toBeGreaterThan(0);
      const returned = join(project, `${screener}-late.csv`);
      writeFileSync(returned, filled.join('\n'));
      ok(project, ['screen', 'collect', returned]);
    }
    ok(project, ['run']);
    expect(ok(project, ['run', '--check'])).toContain('check passed');
    const manifest = JSON.parse(readFileSync(join(project, 'stages', 'screen', 'manifest.json'), 'utf8')) as { summary: { assign: { batch: number } } };
    expect(manifest.summary.assign.batch).toBe(2);
  }, 600_000);
});
