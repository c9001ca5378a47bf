import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/project.js';

describe('review init / status (built CLI)', () => {
  it('creates the project layout and a valid review.json', () => {
    const dir = join(tempDir(), 'my-review');
    const r = runCli(['init', dir, '--title', 'Outreach']);
    expect(r.code, r.stderr).toBe(0);
    for (const d of ['exports', 'decisions', 'stages']) expect(existsSync(join(dir, d))).toBe(true);
    const config = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8'));
    expect(config).toMatchObject({ schemaVersion: 1, title: 'Outreach', sources: [] });
    const again = runCli(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('status lists every stage as not run on a new project', () => {
    const dir = join(tempDir(), 'p');
    runCli(['init', dir]);
    const r = runCli(['-C', dir, 'status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const statuses = JSON.parse(r.stdout) as { stage: string; state: string }[];
    expect(statuses.map((s) => s.stage)).toEqual(['import', 'dedupe', 'screen', 'fulltext', 'extract', 'prisma', 'report']);
    expect(statuses.every((s) => s.state === 'not-run')).toBe(true);
  });

  it('says what to do outside a project and exits 1', () => {
    const r = runCli(['-C', tempDir(), 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no review.json .*review init/);
  });

  it('exits 2 on an unknown command', () => {
    expect(runCli(['frobnicate']).code).toBe(2);
  });
});
