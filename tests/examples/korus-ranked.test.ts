/**
 * A ranked, batched screening of the shipped example on the built CLI, stopped by the rule:
 * `review init --example korus-outreach`, screening.order "relevance" with rounds of 150 and a
 * stopping rule; the screeners return each round with the example's own title/abstract decisions
 * (from a plain rebuild of the example); the next assign re-ranks; the team stops when the rule is
 * met; the full-text decisions are carried over; the PRISMA flow shows the automation box with every
 * identity holding; and `review run --check` rebuilds all of it byte for byte.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectPaths } from '../../src/project/paths.js';
import { readCsv, writeCsv } from '../../src/sheets/csv.js';
import { runScreenProgress } from '../../src/stages/screen/progress-report.js';
import { runCli, tempDir } from '../helpers/project.js';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function ok(project: string, args: string[]): string {
  const r = runCli(['-C', project, ...args]);
  expect(r.code, `review ${args.join(' ')}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stderr;
}

function init(): string {
  const dir = tempDir('korus-ranked-');
  temps.push(dir);
  const project = join(dir, 'project');
  const r = runCli(['init', project, '--example', 'korus-outreach']);
  expect(r.code, r.stderr).toBe(0);
  return project;
}

/** Each screener returns their CSV sheet with the example's decision on every open row. */
function returnRound(project: string, truth: ReadonlyMap<string, string>, out: string): string[] {
  mkdirSync(out, { recursive: true });
  const dir = join(project, 'stages', 'screen', 'sheets');
  return readdirSync(dir).filter((n) => n.endsWith('.csv')).map((name) => {
    const sheet = readCsv(readFileSync(join(dir, name), 'utf8'));
    const rows = sheet.rows.map((r) => {
      const row = Object.fromEntries(r.values);
      if (!row.decision) row.decision = truth.get(row.id ?? '') ?? 'exclude';
      return row;
    });
    const file = join(out, name);
    writeFileSync(file, writeCsv(sheet.header, rows, { neutralize: false }));
    return file;
  });
}

/** The full-text decisions of the example, carried into the sheet made for the records this screening forwarded. */
async function carryFulltext(fresh: string, old: string, out: string): Promise<void> {
  const columns = [8, 9, 10, 11, 12]; // retrieved, decision, reason, assessor, note
  const before = new ExcelJS.Workbook();
  await before.xlsx.readFile(old);
  const byId = new Map<string, ExcelJS.CellValue[]>();
  before.getWorksheet('Full text')!.eachRow((row, n) => { if (n > 1) byId.set(String(row.getCell(1).value), columns.map((c) => row.getCell(c).value)); });
  const sheet = new ExcelJS.Workbook();
  await sheet.xlsx.readFile(fresh);
  sheet.getWorksheet('Full text')!.eachRow((row, n) => {
    const values = n > 1 ? byId.get(String(row.getCell(1).value)) : undefined;
    values?.forEach((v, i) => { if (v !== null && v !== undefined) row.getCell(columns[i]!).value = v; });
  });
  await sheet.xlsx.writeFile(out);
}

describe('korus-outreach screened in relevance order, stopped by the rule (built CLI)', () => {
  it('re-ranks each round, meets the rule, counts the automation box in PRISMA, and run --check reproduces it byte for byte', async () => {
    // The example's own title/abstract decisions, from a plain rebuild, stand in for the screeners.
    const plain = init();
    ok(plain, ['run']);
    const truth = new Map(readCsv(readFileSync(join(plain, 'stages', 'screen', 'decisions.csv'), 'utf8')).rows.map((r) => [r.values.get('record_id') ?? '', r.values.get('decision') ?? '']));
    const relevantInSet = [...truth.values()].filter((d) => d === 'include').length;

    const project = init();
    const aside = join(project, '..', 'aside');
    mkdirSync(aside);
    for (const d of ['screen', 'screen-resolutions', 'fulltext', 'extract']) cpSync(join(project, 'decisions', d), join(aside, d), { recursive: true });
    for (const d of ['screen', 'screen-resolutions', 'fulltext', 'extract']) rmSync(join(project, 'decisions', d), { recursive: true });
    const configFile = join(project, 'review.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { screening: Record<string, unknown> };
    Object.assign(config.screening, { order: 'relevance', batchSize: 150, stoppingRule: { targetRecall: 0.95, confidence: 0.95, minScreened: 150 } });
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

    ok(project, ['run']);
    // A rebuild hands out no round: the first one is the team's `screen assign`.
    expect(readFileSync(join(project, 'stages', 'screen', 'assignments.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(ok(project, ['screen', 'assign', '--format', 'csv'])).toContain('order relevance, rounds of 150: 1 round handed out, 150 records; 854 not handed out yet');
    const paths = new ProjectPaths(project);
    let round = 1;
    for (;;) {
      ok(project, ['screen', 'collect', ...returnRound(project, truth, join(aside, `round-${round}`))]);
      const progress = await runScreenProgress(paths);
      expect(progress.rounds).toHaveLength(round);
      if (progress.current.ruleMet) break;
      expect(progress.notHandedOut).toBeGreaterThan(0);
      ok(project, ['screen', 'assign', '--format', 'csv']);
      round++;
    }
    const progress = ok(project, ['screen', 'progress']);
    expect(progress).toMatch(/is MET: the team may stop/);
    const manifest = JSON.parse(readFileSync(join(project, 'stages', 'screen', 'manifest.json'), 'utf8')) as { parameters: { assign: Record<string, unknown> } };
    expect(manifest.parameters.assign).toMatchObject({ order: 'relevance', batchSize: 150, format: 'csv' });

    const stop = ok(project, ['screen', 'stop', '--date', '2026-12-07', '--note', 'rule met']);
    expect(stop).toContain(`screening stopped after round ${round}`);
    const excluded = readCsv(readFileSync(join(project, 'stages', 'screen', 'automation-excluded.csv'), 'utf8')).rows;
    expect(excluded.length).toBe(1004 - 150 * round);

    // Full text of the records this screening forwarded, with the example's decisions.
    ok(project, ['fulltext', 'sheet']);
    mkdirSync(join(aside, 'ft'));
    await carryFulltext(join(project, 'stages', 'fulltext', 'sheet.xlsx'), join(aside, 'fulltext', 'fulltext-assessment.xlsx'), join(aside, 'ft', 'fulltext.xlsx'));
    ok(project, ['fulltext', 'collect', join(aside, 'ft', 'fulltext.xlsx')]);
    ok(project, ['prisma']);
    const flow = JSON.parse(readFileSync(join(project, 'stages', 'prisma', 'flow.json'), 'utf8')) as {
      databases: { identified: number; duplicates: number; excludedAutomation: number; screened: number };
      automation: { records: number; ruleMet: boolean; relevantFound: number }; checks: { ok: boolean }[];
    };
    expect(flow.checks.every((c) => c.ok)).toBe(true);
    expect(flow.databases.excludedAutomation).toBe(excluded.length);
    expect(flow.databases.identified - flow.databases.duplicates - flow.databases.excludedAutomation).toBe(flow.databases.screened);
    expect(flow.automation).toMatchObject({ records: excluded.length, ruleMet: true });
    // The rule's guarantee on this set: recall actually reached at least the target.
    expect(flow.automation.relevantFound / relevantInSet).toBeGreaterThanOrEqual(0.95);
    const prismaCsv = readCsv(readFileSync(join(project, 'stages', 'prisma', 'flow.csv'), 'utf8')).rows;
    expect(prismaCsv.find((r) => r.values.get('data') === 'excluded_automatic')?.values.get('n')).toBe(String(excluded.length));
    const explain = runCli(['-C', project, 'prisma', '--explain', 'databases.automation-excluded']);
    expect(explain.stdout.trim().split('\n')).toEqual(excluded.map((r) => r.values.get('record_id')));
    expect(explain.stderr).toMatch(/never screened: the team stopped after round \d+ by the rule recall 0\.95 at confidence 0\.95/);
    ok(project, ['report']);
    expect(readFileSync(join(project, 'stages', 'report', 'report.md'), 'utf8')).toContain('## Methods: title/abstract screening');
    expect(ok(project, ['status'])).toBeDefined();

    // The example's extraction of the same 72 included sources, so every stage can be rebuilt in full.
    cpSync(join(aside, 'extract'), join(project, 'decisions', 'extract'), { recursive: true });
    // `review run` re-issues the sheets with every returned vote (as after any collect) and adds no round.
    const ledger = readFileSync(join(project, 'stages', 'screen', 'assignments.csv'), 'utf8');
    ok(project, ['run']);
    expect(readFileSync(join(project, 'stages', 'screen', 'assignments.csv'), 'utf8')).toBe(ledger);
    expect(ok(project, ['run', '--check'])).toContain('check passed');
  }, 900_000);
});
