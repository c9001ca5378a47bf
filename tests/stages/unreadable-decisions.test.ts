/**
 * A decisions file that cannot be read is never passed over: every stage that reads decisions/ exits 1
 * naming the file (built CLI, on a temp copy of the shipped example after `review run`), and so does
 * `review run`. Each stage's outputs are left as they were.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyToTemp, REPO, runCli, snapshot } from '../helpers/project.js';

const EXAMPLE = join(REPO, 'data', 'examples', 'korus-outreach');
let project = '';

beforeAll(() => {
  project = copyToTemp(EXAMPLE);
  const run = runCli(['-C', project, '-q', 'run']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 600_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Bytes that are no workbook: a truncated copy of a real sheet (a download cut short). */
function truncatedSheet(): Buffer {
  const real = readFileSync(join(EXAMPLE, 'decisions', 'fulltext', 'fulltext-assessment.xlsx'));
  return real.subarray(0, Math.floor(real.length / 2));
}

const CASES: { stage: string; folder: string; args: string[] }[] = [
  { stage: 'dedupe', folder: 'dedupe', args: ['dedupe'] },
  { stage: 'screen collect --rebuild', folder: 'screen', args: ['screen', 'collect', '--rebuild'] },
  { stage: 'screen reconcile', folder: 'screen-resolutions', args: ['screen', 'reconcile'] },
  { stage: 'fulltext collect', folder: 'fulltext', args: ['fulltext', 'collect'] },
  { stage: 'extract collect', folder: 'extract', args: ['extract', 'collect'] },
];

describe('an unreadable decisions file', () => {
  it.each(CASES)('makes review $stage exit 1 naming the file, outputs unchanged', ({ folder, args }) => {
    const dir = join(project, 'decisions', folder);
    mkdirSync(dir, { recursive: true });
    const bad = join(dir, 'zz-cut-short.xlsx');
    writeFileSync(bad, truncatedSheet());
    const before = snapshot(join(project, 'stages'));
    try {
      const r = runCli(['-C', project, ...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('zz-cut-short.xlsx');
      expect(r.stderr).toMatch(/cannot be read|not a readable/);
      expect(snapshot(join(project, 'stages'))).toEqual(before);
      const run = runCli(['-C', project, 'run']);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain('zz-cut-short.xlsx');
    } finally {
      rmSync(bad);
    }
  }, 300_000);

  it.each(CASES.filter((c) => c.folder !== 'screen'))('saved as .ods in decisions/$folder/ makes review $stage exit 1, saying to save it as .xlsx', ({ folder, args }) => {
    const dir = join(project, 'decisions', folder);
    mkdirSync(dir, { recursive: true });
    const ods = join(dir, 'returned.ods');
    copyFileSync(join(EXAMPLE, 'decisions', 'fulltext', 'fulltext-assessment.xlsx'), ods);
    try {
      const r = runCli(['-C', project, ...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`decisions/${folder}/returned.ods: a .ods file, which is not read here`);
    } finally {
      rmSync(ods);
    }
  }, 120_000);
});
