import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ScreenDecisionSchema, SCREEN_DECISION_COLUMNS } from '../../../src/model/screen.js';
import { readCsv } from '../../../src/sheets/csv.js';
import { readAssignments } from '../../../src/stages/screen/assignments.js';
import { recollectAll, runScreenAssign, runScreenCollect, runScreenReconcile } from '../../../src/stages/screen/index.js';
import { fillSheet, seedConfig, screenProject, uniqueRecord } from './fixtures.js';

describe('assign → fill → collect → reconcile', () => {
  it('computes kappa equal to the hand computation and the seed review decisions', async () => {
    // 20 records; KBA screens all, ON half, the pool the other half. The votes are a function of the record
    // number, chosen so that KBA × ON has this 2×2 table on its 10 records (include/exclude):
    //                ON include  ON exclude
    //   KBA include       3           1
    //   KBA exclude       1           5
    // po = 8/10 = 0.8; KBA marginals 0.4/0.6, ON 0.4/0.6 → pe = 0.4·0.4 + 0.6·0.6 = 0.52;
    // kappa = (0.8 − 0.52)/(1 − 0.52) = 0.28/0.48 = 0.5833.
    // 95% CI: SE = sqrt(0.8·0.2/(10·0.48²)) = sqrt(0.16/2.304) = 0.26352 → 0.58333 ± 1.96·0.26352 = 0.58333 ± 0.51650
    // = [0.0668, 1.0998], clipped to kappa's range → [0.0668, 1].
    // KBA votes "maybe" elsewhere, but on these 10 records both used include/exclude only, so the
    // statistics are over those two categories (q = 2), not the three offered:
    // Gwet's AC1: π = (0.4, 0.6) → pe = (0.24 + 0.24)/1 = 0.48 → (0.8 − 0.48)/0.52 = 0.6154. PABAK: 2·0.8 − 1 = 0.6.
    const records = Array.from({ length: 20 }, (_, i) => uniqueRecord(i));
    const paths = screenProject(records);
    await runScreenAssign(paths);
    const rows = readAssignments(paths, true);
    const onRecords = rows.filter((r) => r.screener === 'ON').map((r) => r.record_id).sort();
    expect(onRecords).toHaveLength(10);
    const table: Record<string, [string, string]> = {};
    onRecords.forEach((id, i) => {
      table[id] = i < 3 ? ['include', 'include'] : i < 4 ? ['include', 'exclude'] : i < 5 ? ['exclude', 'include'] : ['exclude', 'exclude'];
    });
    const kbaVote = (id: string): [string, string?] => (table[id] ? [table[id][0], table[id][0] === 'exclude' ? 'no-outreach' : undefined] : id.endsWith('3') ? ['maybe'] : ['exclude', 'wrong-population']);
    const dir = paths.root;
    const files = [
      await fillSheet(paths, 'KBA', kbaVote, join(dir, 'KBA-done.xlsx')),
      await fillSheet(paths, 'ON', (id) => (table[id] ? [table[id][1]] : undefined), join(dir, 'ON-done.xlsx')),
    ];
    for (const s of ['SS', 'LEB', 'MRJ', 'DvH']) files.push(await fillSheet(paths, s, () => ['exclude'], join(dir, `${s}-done.xlsx`)));
    const collected = await runScreenCollect(paths, files);
    expect(collected.progress.every((p) => p.done === p.total)).toBe(true);
    expect(readdirSync(join(paths.decisions, 'screen'))).toHaveLength(6);
    for (const f of files) expect(readFileSync(join(paths.decisions, 'screen', readdirSync(join(paths.decisions, 'screen')).find((n) => n.endsWith(f.split('/').pop()!))!)).equals(readFileSync(f))).toBe(true);

    const summary = await runScreenReconcile(paths);
    const pair = summary.agreement.find((a) => a.scope === 'pair' && a.a === 'KBA' && a.b === 'ON')!;
    expect(pair).toMatchObject({ records: 10, vote_pairs: 10, agreed: 8, percent_agreement: 80, kappa: 0.5833, kappa_ci_low: 0.0668, kappa_ci_high: 1, ac1: 0.6154, pabak: 0.6, categories: 'include;exclude' });
    expect(summary.agreement.find((a) => a.scope === 'overall')?.categories).toBe('include;exclude');
    expect(summary.agreement.some((a) => a.scope === 'group' && a.a === 'KBA' && a.b === 'pool SS+LEB+MRJ+DvH')).toBe(true);

    const decisionsText = readFileSync(paths.stageFile('screen', 'decisions.csv'), 'utf8');
    const decisions = readCsv(decisionsText);
    expect(decisions.header).toEqual([...SCREEN_DECISION_COLUMNS]);
    const parsed = decisions.rows.map((r) => ScreenDecisionSchema.parse(Object.fromEntries(r.values)));
    expect(parsed).toHaveLength(20);
    const conflictIds = Object.entries(table).filter(([, v]) => v[0] !== v[1]).map(([id]) => id);
    for (const id of conflictIds) expect(parsed.find((d) => d.record_id === id)).toMatchObject({ decision: 'include', route: 'forwarded' });
    const agreedExclude = parsed.find((d) => d.record_id === Object.entries(table).find(([, v]) => v[0] === 'exclude' && v[1] === 'exclude')![0])!;
    expect(agreedExclude).toMatchObject({ decision: 'exclude', route: 'agreement', reason: 'no-outreach', screeners: 'KBA;ON' });
    expect(existsSync(paths.stageFile('screen', 'conflicts.xlsx'))).toBe(true);

    // The team resolves the first conflict as exclude: fill conflicts.xlsx and save it under decisions/.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(paths.stageFile('screen', 'conflicts.xlsx'));
    const ws = wb.getWorksheet('Conflicts')!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    const resolvedId = String(ws.getRow(2).getCell(1).value);
    ws.getRow(2).getCell(header.indexOf('resolution') + 1).value = 'exclude';
    ws.getRow(2).getCell(header.indexOf('reason') + 1).value = 'wrong-population';
    mkdirSync(join(paths.decisions, 'screen-resolutions'), { recursive: true });
    await wb.xlsx.writeFile(join(paths.decisions, 'screen-resolutions', 'meeting-1.xlsx'));
    const after = await runScreenReconcile(paths);
    expect(after.counts.unresolvedConflicts).toBe(summary.counts.unresolvedConflicts - 1);
    const final = readCsv(readFileSync(paths.stageFile('screen', 'decisions.csv'), 'utf8')).rows.find((r) => r.values.get('record_id') === resolvedId)!;
    expect(Object.fromEntries(final.values)).toMatchObject({ decision: 'exclude', route: 'resolution', reason: 'wrong-population' });
    // Agreement is computed from the votes, never from resolutions.
    expect(after.agreement).toEqual(summary.agreement);

    // Collecting the same sheet again changes nothing; a rebuild reproduces votes.csv byte for byte.
    const votesBefore = readFileSync(paths.stageFile('screen', 'votes.csv'));
    const again = await runScreenCollect(paths, [files[0]!]);
    expect(again.files[0]?.alreadyCollected).toBe(true);
    expect(readFileSync(paths.stageFile('screen', 'votes.csv')).equals(votesBefore)).toBe(true);
    writeFileSync(paths.stageFile('screen', 'votes.csv'), '');
    await recollectAll(paths);
    expect(readFileSync(paths.stageFile('screen', 'votes.csv')).equals(votesBefore)).toBe(true);
  });

  it('accepts a partial sheet and reports progress; a later fuller sheet appends only the new votes', async () => {
    const paths = screenProject(Array.from({ length: 12 }, (_, i) => uniqueRecord(i)), seedConfig());
    await runScreenAssign(paths);
    const ids = readAssignments(paths, true).filter((r) => r.screener === 'KBA').map((r) => r.record_id);
    const half = new Set(ids.slice(0, 5));
    const partial = await fillSheet(paths, 'KBA', (id) => (half.has(id) ? ['include'] : undefined), join(paths.root, 'KBA-1.xlsx'));
    const one = await runScreenCollect(paths, [partial]);
    expect(one.progress.find((p) => p.screener === 'KBA')).toEqual({ screener: 'KBA', done: 5, total: 12 });
    expect(one.files[0]?.undecided).toBe(7);
    const full = await fillSheet(paths, 'KBA', () => ['include'], join(paths.root, 'KBA-2.xlsx'));
    const two = await runScreenCollect(paths, [full]);
    expect(two.newVotes).toBe(7);
    expect(readCsv(readFileSync(paths.stageFile('screen', 'votes.csv'), 'utf8')).rows).toHaveLength(12);
  });
});
