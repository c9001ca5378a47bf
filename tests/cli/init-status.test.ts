import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReviewConfigSchema } from '../../src/model/config.js';
import { DECISION_FOLDERS } from '../../src/project/skeleton.js';
import { REPO, runCli, tempDir } from '../helpers/project.js';

function sourceTexts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceTexts(path) : path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

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

  it('writes a $schema that resolves inside the project, and a skeleton that validates', () => {
    const dir = join(tempDir(), 'new');
    expect(runCli(['init', dir]).code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8'));
    const schemaFile = resolve(dir, config.$schema);
    expect(dirname(schemaFile)).toBe(resolve(dir));
    expect(readFileSync(schemaFile, 'utf8')).toBe(readFileSync(join(REPO, 'schemas', 'review.schema.json'), 'utf8'));
    expect(ReviewConfigSchema.safeParse(config).success).toBe(true);
    for (const section of ['screening', 'exclusionReasons', 'extraction']) expect(config[section].$comment, section).toMatch(/.{40}/);
    expect(config.exclusionReasons.reasons.length).toBeGreaterThan(0);
    expect(config.extraction.fields.length).toBeGreaterThan(0);
    expect(runCli(['-C', dir, 'status']).code).toBe(0);
  });

  it('the example copy gets a $schema that resolves too', () => {
    const dir = join(tempDir(), 'demo');
    expect(runCli(['init', dir, '--example', 'korus-outreach']).code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8'));
    expect(existsSync(resolve(dir, config.$schema))).toBe(true);
  });

  it('creates every decisions/ folder that a message tells people to save into', () => {
    const mentioned = new Set(sourceTexts(join(REPO, 'src')).flatMap((t) => [...t.matchAll(/decisions\/([a-z-]+)\//g)].map((m) => m[1] as string)));
    expect([...mentioned].sort()).toEqual([...DECISION_FOLDERS].sort());
    const dir = join(tempDir(), 'folders');
    expect(runCli(['init', dir]).code).toBe(0);
    for (const f of DECISION_FOLDERS) expect(statSync(join(dir, 'decisions', f)).isDirectory(), f).toBe(true);
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
