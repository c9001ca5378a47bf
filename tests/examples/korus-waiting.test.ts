/**
 * `review run --check` while people's decisions are still out (built CLI, shipped example): screening
 * sheets handed out and none returned is a state of the project, not a failed check. The check
 * compares what the rebuild could make (the screening stage as far as the assignment), passes with
 * exit 0 and says what it waits for; a stage whose collected decisions lost their sheets still fails.
 * `review status` in that state reads "screen    up-to-date  screened KBA 0/1004, …".
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/project.js';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function example(): string {
  const parent = tempDir('korus-waiting-');
  temps.push(parent);
  const project = join(parent, 'demo');
  const init = runCli(['init', project, '--example', 'korus-outreach']);
  expect(init.code, init.stderr).toBe(0);
  return project;
}

function removeFiles(project: string, folder: string): void {
  const dir = join(project, folder);
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true });
}

interface CheckJson { ok: boolean; unchecked: string[]; waiting: { stage: string; for: string; via?: string[] }[]; differences: { file: string }[]; compared: number }

describe('review run --check with screening sheets out and none returned (korus-outreach, built CLI)', () => {
  it('passes (exit 0), compares the screening stage as far as it was rebuilt, and names what it waits for', () => {
    const project = example();
    for (const folder of ['decisions/screen', 'decisions/screen-resolutions', 'decisions/fulltext', 'decisions/extract']) removeFiles(project, folder);
    const run = runCli(['-C', project, 'run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('waiting for returned screening sheets: screen (and fulltext, extract, prisma, report, which need it)');

    // Before any vote, status reads as a state and a count: no "up-to-date done" (done was a column label).
    const status = runCli(['-C', project, 'status']);
    expect(status.stdout).toMatch(/^screen {4}up-to-date {2}screened KBA 0\/1004, ON 0\/502, SS 0\/\d+, LEB 0\/\d+, MRJ 0\/\d+, DvH 0\/\d+$/m);
    expect(status.stdout).toMatch(/^import {4}up-to-date {2}records 1681, files 15$/m);

    const check = runCli(['-C', project, 'run', '--check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/check passed: \d+ files under stages\/ rebuilt byte for byte/);
    expect(check.stderr).toContain('waiting for returned screening sheets: screen (and fulltext, extract, prisma, report, which need it)');
    expect(check.stderr).not.toContain('not checked');

    const json = JSON.parse(runCli(['-C', project, '--json', 'run', '--check']).stdout) as CheckJson;
    expect(json.ok).toBe(true);
    expect(json.unchecked).toEqual([]);
    expect(json.waiting[0]).toEqual({ stage: 'screen', for: 'returned screening sheets' });
    expect(json.waiting.map((w) => w.stage)).toEqual(['screen', 'fulltext', 'extract', 'prisma', 'report']);
    // Every file under stages/ was compared, the screening stage's (assignment, sheets handed out) too.
    const files = readdirSync(join(project, 'stages'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.some((f) => f.parentPath.includes('screen'))).toBe(true);
    expect(json.compared).toBe(files.length);
  }, 600_000);

  it('still fails (exit 1) when collected screening decisions lost their returned sheets', () => {
    const project = example();
    const run = runCli(['-C', project, 'run', '-q']);
    expect(run.code, run.stderr).toBe(0);
    removeFiles(project, 'decisions/screen');
    const check = runCli(['-C', project, 'run', '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('stages/screen/votes.csv: in the project but not made by the rebuild');
  }, 600_000);

  it('still fails (exit 1) for a stage that could not be rebuilt for another reason than people\'s files', () => {
    const project = example();
    for (const folder of ['decisions/screen', 'decisions/screen-resolutions', 'decisions/fulltext', 'decisions/extract']) removeFiles(project, folder);
    expect(runCli(['-C', project, 'run', '-q']).code).toBe(0);
    // The project has screening outputs; a review.json without screeners cannot make them again.
    const config = JSON.parse(readFileSync(join(project, 'review.json'), 'utf8')) as Record<string, unknown>;
    config.screeners = [];
    delete config.screening;
    writeFileSync(join(project, 'review.json'), `${JSON.stringify(config, null, 2)}\n`);
    const check = runCli(['-C', project, '--json', 'run', '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('stages/screen/: could not be rebuilt in full');
    expect((JSON.parse(check.stdout) as CheckJson).unchecked).toEqual(['screen']);
  }, 600_000);
});
