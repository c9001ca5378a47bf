/**
 * A re-issued sheet carries the votes its screener already returned (read from decisions/screen/, so
 * a rebuild makes the same sheet), a returned pre-filled sheet never counts a vote twice, and
 * collect and `review status` (the manifest) report the same progress.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../src/project/manifest.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { readCsv } from '../../../src/sheets/csv.js';
import { readWorkbook } from '../../../src/sheets/xlsx.js';
import { readAssignments } from '../../../src/stages/screen/assignments.js';
import { recollectAll, runScreenAssign, runScreenCollect } from '../../../src/stages/screen/index.js';
import { tempDir } from '../../helpers/project.js';
import { fillSheet, screenProject, uniqueRecord, writeUnique } from './fixtures.js';

async function sheetRows(paths: ProjectPaths, screener: string): Promise<Record<string, string>[]> {
  const wb = await readWorkbook(readFileSync(paths.stageFile('screen', 'sheets', `${screener}.xlsx`)));
  return wb.sheets[0]!.rows.map((r) => Object.fromEntries(r.values));
}

function stageProgress(paths: ProjectPaths): unknown {
  return readManifest(paths, 'screen')?.summary.progress;
}

describe('re-issued screening sheets', () => {
  it('keep the returned votes after new records arrive; new rows are blank; status and collect agree on progress', async () => {
    const first = Array.from({ length: 12 }, (_, i) => uniqueRecord(i));
    const paths = screenProject(first);
    await runScreenAssign(paths, { format: 'both' });
    const kbaIds = readAssignments(paths, true).filter((r) => r.screener === 'KBA').map((r) => r.record_id);
    const returned = await fillSheet(paths, 'KBA', (id) => (id === kbaIds[0] ? ['exclude', 'no-outreach'] : id === kbaIds[11] ? undefined : ['include']), join(paths.root, 'KBA-1.xlsx'));
    const collected = await runScreenCollect(paths, [returned]);
    expect(collected.progress.find((p) => p.screener === 'KBA')).toEqual({ screener: 'KBA', done: 11, total: 12 });
    expect(stageProgress(paths)).toEqual(collected.progress);

    // Four new records arrive: batch 2.
    writeUnique(paths, [...first, ...Array.from({ length: 4 }, (_, i) => uniqueRecord(100 + i))]);
    const assigned = await runScreenAssign(paths, { format: 'both' });
    expect(assigned.sheets.find((s) => s.screener === 'KBA')).toMatchObject({ records: 16, prefilled: 11 });
    const rows = await sheetRows(paths, 'KBA');
    expect(rows).toHaveLength(16);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(kbaIds[0]!)).toMatchObject({ decision: 'exclude', reason: 'no-outreach' });
    expect(kbaIds.slice(1, 11).every((id) => byId.get(id)?.decision === 'include')).toBe(true);
    expect(byId.get(kbaIds[11]!)?.decision ?? '').toBe(''); // left open: still open
    expect(rows.filter((r) => (r.decision ?? '') === '')).toHaveLength(5); // 1 open + 4 new
    const csv = readCsv(readFileSync(paths.stageFile('screen', 'sheets', 'KBA.csv'), 'utf8'));
    expect(csv.rows.find((r) => r.values.get('id') === kbaIds[0])?.values.get('decision')).toBe('exclude');
    const wb = await readWorkbook(readFileSync(paths.stageFile('screen', 'sheets', 'KBA.xlsx')));
    expect(wb.sheets[1]!.rows.map((r) => [...r.values.values()].join(' ')).join('\n') + wb.sheets[1]!.header.join(' ')).toMatch(/11 of these records already show the decision you returned earlier; 5 are new or still open/);
    // status reads the same progress as collect would now compute: 11 of 16 done
    expect((stageProgress(paths) as { screener: string }[]).find((p) => p.screener === 'KBA')).toEqual({ screener: 'KBA', done: 11, total: 16 });

    // The screener returns the re-issued sheet: everything kept, one vote changed, the open ones decided.
    const votesBefore = readCsv(readFileSync(paths.stageFile('screen', 'votes.csv'), 'utf8')).rows.length;
    const again = await fillSheet(paths, 'KBA', (id) => (id === kbaIds[1] ? ['exclude', 'wrong-population'] : byId.get(id)?.decision ? undefined : ['include']), join(paths.root, 'KBA-2.xlsx'));
    const second = await runScreenCollect(paths, [again]);
    // 5 new votes + 1 changed; the 10 unchanged pre-filled votes are not counted again
    expect(second.newVotes).toBe(6);
    const votes = readCsv(readFileSync(paths.stageFile('screen', 'votes.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    expect(votes).toHaveLength(votesBefore + 6);
    const kba1 = votes.filter((v) => v.record_id === kbaIds[1] && v.screener === 'KBA');
    expect(kba1.map((v) => v.decision)).toEqual(['include', 'exclude']); // the newer vote is recorded, the first kept
    expect(second.progress.find((p) => p.screener === 'KBA')).toEqual({ screener: 'KBA', done: 16, total: 16 });
    expect(stageProgress(paths)).toEqual(second.progress);
  });

  it('a rebuild (assign before collect, from decisions/ alone) makes the same pre-filled sheets and progress', async () => {
    const records = Array.from({ length: 10 }, (_, i) => uniqueRecord(i));
    const paths = screenProject(records);
    await runScreenAssign(paths, { format: 'both' });
    await runScreenCollect(paths, [await fillSheet(paths, 'KBA', () => ['exclude'], join(paths.root, 'KBA.xlsx'))]);
    await runScreenAssign(paths, { format: 'both' }); // re-issue: pre-filled
    expect((await sheetRows(paths, 'KBA')).every((r) => r.decision === 'exclude')).toBe(true);

    // What `review run` does in a fresh copy: review.json, unique records and decisions/, no stages/screen.
    const copy = new ProjectPaths(tempDir('review-prefill-rebuild-'));
    cpSync(paths.config, copy.config);
    cpSync(paths.decisions, copy.decisions, { recursive: true });
    writeUnique(copy, records);
    await runScreenAssign(copy, { format: 'both' });
    await recollectAll(copy);
    for (const f of ['sheets/KBA.xlsx', 'sheets/KBA.csv', 'sheets/ON.xlsx', 'assignments.csv', 'votes.csv']) {
      expect(readFileSync(copy.stageFile('screen', f)).equals(readFileSync(paths.stageFile('screen', f))), f).toBe(true);
    }
    expect(stageProgress(copy)).toEqual(stageProgress(paths));
  });

  it('says so when a file in decisions/screen/ cannot be read for pre-filling, and pre-fills from the others', async () => {
    const paths = screenProject(Array.from({ length: 10 }, (_, i) => uniqueRecord(i)));
    await runScreenAssign(paths);
    await runScreenCollect(paths, [await fillSheet(paths, 'KBA', () => ['include'], join(paths.root, 'KBA.xlsx'))]);
    writeFileSync(join(paths.decisions, 'screen', '0002_broken.csv'), 'not,a,sheet\n1,2,3\n');
    const summary = await runScreenAssign(paths);
    expect(summary.warnings).toEqual([expect.stringMatching(/^decisions\/screen\/0002_broken\.csv: neither a screening sheet .*\(its votes are not pre-filled; `review screen collect --rebuild` fails on it too\)$/)]);
    expect(summary.sheets.find((s) => s.screener === 'KBA')?.prefilled).toBe(10);
  });
});
