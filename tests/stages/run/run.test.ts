import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFingerprint } from '../../../src/project/code-fingerprint.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { compareStages, runAll, runCheck } from '../../../src/stages/run/index.js';
import { STAGES, STATUS_STAGES } from '../../../src/stages/graph.js';
import { EXPORTS, runCli, tempDir } from '../../helpers/project.js';

/** A project with two real exports declared in review.json and nothing else. */
function exportsProject(): string {
  const root = tempDir('review-run-');
  mkdirSync(join(root, 'exports'), { recursive: true });
  mkdirSync(join(root, 'decisions'), { recursive: true });
  mkdirSync(join(root, 'stages'), { recursive: true });
  copyFileSync(join(EXPORTS, 'ris', 'CoLRev-Environment+colrev__psycinfo_ris.ris'), join(root, 'exports', 'psycinfo.ris'));
  copyFileSync(join(EXPORTS, 'medline', 'CoLRev-Environment+colrev__eric_nbib.nbib'), join(root, 'exports', 'eric.nbib'));
  writeFileSync(join(root, 'review.json'), JSON.stringify({
    schemaVersion: 1, title: 'Run test',
    sources: [{ name: 'PsycInfo', kind: 'database', files: ['exports/psycinfo.ris'] }, { name: 'ERIC', kind: 'database', files: ['exports/eric.nbib'] }],
  }, null, 2));
  return root;
}

describe('review run', () => {
  it('rebuilds import from exports/, and skips every step whose stage or inputs are missing, with a note', async () => {
    const root = exportsProject();
    const summary = await runAll(new ProjectPaths(root), STAGES);
    expect(summary.steps.map((s) => s.step)).toEqual(STAGES.flatMap((s) => s.steps.map((t) => t.name)));
    expect(summary.steps[0]).toMatchObject({ stage: 'import', status: 'done' });
    expect(readFileSync(join(root, 'stages/import/records.jsonl'), 'utf8').length).toBeGreaterThan(0);
    for (const s of summary.steps.filter((x) => x.status === 'skipped')) expect(s.note).not.toBe('');
    // No screening set-up in review.json: screening cannot be rebuilt, and nothing after it that reads it.
    expect(summary.steps.find((s) => s.step === 'screen assign')?.status).toBe('skipped');
    for (const stage of ['screen', 'fulltext', 'prisma', 'report']) expect(summary.incomplete).toContain(stage);
    expect(summary.steps.find((s) => s.step === 'prisma')?.note).toMatch(/^needs (dedupe|screen)/);
  });

  it('--check passes on an untouched rebuild and names each file that differs', async () => {
    const root = exportsProject();
    await runAll(new ProjectPaths(root), STAGES);
    const ok = await runCheck(new ProjectPaths(root), STAGES);
    expect(ok.differences).toEqual([]);
    expect(ok.ok).toBe(true);
    expect(ok.compared).toBeGreaterThanOrEqual(3);
    const records = join(root, 'stages/import/records.jsonl');
    writeFileSync(records, readFileSync(records, 'utf8').replace('"PsycInfo"', '"Psycinfo"'));
    const bad = await runCheck(new ProjectPaths(root), STAGES);
    expect(bad.ok).toBe(false);
    expect(bad.differences).toEqual([{ file: 'stages/import/records.jsonl', problem: expect.stringMatching(/bytes differ/) }]);
    const cli = runCli(['-C', root, 'run', '--check']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('stages/import/records.jsonl: bytes differ');
  });

  it('compares manifests without ranAt, and reports files only on one side', () => {
    const a = tempDir('review-cmp-');
    const b = tempDir('review-cmp-');
    for (const d of [a, b]) mkdirSync(join(d, 'import'), { recursive: true });
    const manifest = (ranAt: string, toolVersion = '1'): string => JSON.stringify({ schemaVersion: 1, stage: 'import', toolVersion, ranAt, outputs: {} });
    writeFileSync(join(a, 'import/manifest.json'), manifest('2026-01-01T00:00:00Z'));
    writeFileSync(join(b, 'import/manifest.json'), manifest('2027-05-05T00:00:00Z'));
    expect(compareStages(a, b, new Set()).differences).toEqual([]);
    writeFileSync(join(b, 'import/manifest.json'), manifest('2027-05-05T00:00:00Z', '2'));
    writeFileSync(join(a, 'import/only-here.csv'), 'x');
    writeFileSync(join(b, 'import/only-rebuilt.csv'), 'y');
    expect(compareStages(a, b, new Set()).differences.map((d) => d.file)).toEqual(['stages/import/manifest.json', 'stages/import/only-here.csv', 'stages/import/only-rebuilt.csv']);
    expect(compareStages(a, b, new Set(['import'])).differences).toEqual([]);
  });
});

describe('review status after a run', () => {
  it('names a returned sheet dropped into decisions/ but not collected: what a run would redo', async () => {
    const { stageStatuses } = await import('../../../src/project/status.js');
    const root = tempDir('review-status-');
    mkdirSync(join(root, 'stages/screen'), { recursive: true });
    mkdirSync(join(root, 'decisions/screen'), { recursive: true });
    writeFileSync(join(root, 'review.json'), JSON.stringify({ schemaVersion: 1 }));
    writeFileSync(join(root, 'stages/screen/manifest.json'), JSON.stringify({ schemaVersion: 1, stage: 'screen', toolVersion: '0', ranAt: 'x', parameters: {}, inputs: {}, outputs: {}, summary: {} }));
    writeFileSync(join(root, 'decisions/screen/0001-KBA.xlsx'), 'x');
    const screen = stageStatuses(new ProjectPaths(root), STATUS_STAGES).find((s) => s.stage === 'screen');
    expect(screen?.state).toBe('stale');
    expect(screen?.reasons).toContain('returned file not collected yet: decisions/screen/0001-KBA.xlsx');
  });

  it('lists returned files as the stage reads them: a note beside the full-text sheets is not one', async () => {
    const { stageStatuses } = await import('../../../src/project/status.js');
    const root = tempDir('review-status-');
    mkdirSync(join(root, 'stages/fulltext'), { recursive: true });
    mkdirSync(join(root, 'decisions/fulltext'), { recursive: true });
    writeFileSync(join(root, 'review.json'), JSON.stringify({ schemaVersion: 1 }));
    // Made by this build (code), so that only the returned files make it stale.
    writeFileSync(join(root, 'stages/fulltext/manifest.json'), JSON.stringify({ schemaVersion: 1, stage: 'fulltext', toolVersion: '0', code: codeFingerprint(), ranAt: 'x', parameters: {}, inputs: {}, outputs: {}, summary: {} }));
    writeFileSync(join(root, 'decisions/fulltext/notes.txt'), 'who has which PDF');
    expect(stageStatuses(new ProjectPaths(root), STATUS_STAGES).find((s) => s.stage === 'fulltext')?.reasons).toEqual([]);
    writeFileSync(join(root, 'decisions/fulltext/0001-KBA.xlsx'), 'x');
    expect(stageStatuses(new ProjectPaths(root), STATUS_STAGES).find((s) => s.stage === 'fulltext')?.reasons).toEqual(['returned file not collected yet: decisions/fulltext/0001-KBA.xlsx']);
  });

  it('calls a stage made by another build of review stale (its manifest has no or another code fingerprint): a run rebuilds it', async () => {
    const { stageStatuses } = await import('../../../src/project/status.js');
    const root = tempDir('review-status-');
    mkdirSync(join(root, 'stages/dedupe'), { recursive: true });
    writeFileSync(join(root, 'review.json'), JSON.stringify({ schemaVersion: 1 }));
    const manifest = (code?: string): string => JSON.stringify({ schemaVersion: 1, stage: 'dedupe', toolVersion: '0.1.0', ...(code ? { code } : {}), ranAt: 'x', parameters: {}, inputs: {}, outputs: {}, summary: {} });
    const dedupe = (): { state: string; reasons: string[] } | undefined => stageStatuses(new ProjectPaths(root), STATUS_STAGES).find((s) => s.stage === 'dedupe');
    writeFileSync(join(root, 'stages/dedupe/manifest.json'), manifest());
    expect(dedupe()).toMatchObject({ state: 'stale', reasons: ['made by another build of review'] });
    writeFileSync(join(root, 'stages/dedupe/manifest.json'), manifest('0'.repeat(64)));
    expect(dedupe()).toMatchObject({ state: 'stale', reasons: ['made by another build of review'] });
    writeFileSync(join(root, 'stages/dedupe/manifest.json'), manifest(codeFingerprint()));
    expect(dedupe()).toMatchObject({ state: 'up-to-date', reasons: [] });
  });

  it('calls a stage stale when an input it reads if present was made after its run (report before any extraction)', async () => {
    const { stageStatuses } = await import('../../../src/project/status.js');
    const root = tempDir('review-status-');
    mkdirSync(join(root, 'stages/report'), { recursive: true });
    mkdirSync(join(root, 'stages/extract/summary'), { recursive: true });
    writeFileSync(join(root, 'review.json'), JSON.stringify({ schemaVersion: 1 }));
    writeFileSync(join(root, 'stages/report/manifest.json'), JSON.stringify({ schemaVersion: 1, stage: 'report', toolVersion: '0', code: codeFingerprint(), ranAt: 'x', parameters: {}, inputs: {}, outputs: {}, summary: {} }));
    const report = (): string[] | undefined => stageStatuses(new ProjectPaths(root), STATUS_STAGES).find((s) => s.stage === 'report')?.reasons;
    expect(report()).toEqual(['made since its last run: stages/extract/summary/']);
    writeFileSync(join(root, 'stages/extract/extraction.jsonl'), '');
    expect(report()).toEqual(['made since its last run: stages/extract/extraction.jsonl', 'made since its last run: stages/extract/summary/']);
  });
});
