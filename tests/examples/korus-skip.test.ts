/**
 * `review run` leaves up-to-date stages as they are (built CLI, shipped example): a second run
 * rewrites nothing, an edit re-runs exactly the stages a rebuild would change, a deleted output or a
 * returned sheet dropped in re-runs its stage, `--force` rebuilds every stage, and `run --check`
 * (which always rebuilds everything in its copy) passes after a run that skipped stages.
 */
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/project.js';

const STAGE_ORDER = ['import', 'dedupe', 'screen', 'fulltext', 'extract', 'prisma', 'report'];

let project = '';
let original = '';
const temps: string[] = [];

interface RunJson { steps: { stage: string; step: string; status: string }[]; upToDate?: string[] }

/** `review run` (args added), its stages rebuilt (any step done) and stages left up to date, from --json. */
function run(...args: string[]): { rebuilt: string[]; upToDate: string[]; stderr: string } {
  const r = runCli(['-C', project, '--json', 'run', ...args]);
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as RunJson;
  const rebuilt = STAGE_ORDER.filter((s) => json.steps.some((t) => t.stage === s && t.status === 'done'));
  const upToDate = json.upToDate ?? [];
  // A stage is skipped whole: every step of an up-to-date stage says so, none of a rebuilt one.
  for (const s of upToDate) expect(json.steps.filter((t) => t.stage === s).every((t) => t.status === 'up-to-date'), s).toBe(true);
  return { rebuilt, upToDate, stderr: r.stderr };
}

/** Every file under stages/: its bytes and modification time (a skipped stage writes nothing at all). */
function snapshot(): Map<string, string> {
  const dir = join(project, 'stages');
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const file = join(f.parentPath, f.name);
    out.set(file.slice(dir.length + 1), `${statSync(file).mtimeMs}:${readFileSync(file, 'base64')}`);
  }
  return out;
}

beforeAll(() => {
  const parent = tempDir('korus-skip-');
  temps.push(parent);
  project = join(parent, 'demo');
  const init = runCli(['init', project, '--example', 'korus-outreach']);
  expect(init.code, init.stderr).toBe(0);
  original = readFileSync(join(project, 'review.json'), 'utf8');
  expect(run().rebuilt).toEqual(STAGE_ORDER);
}, 600_000);

afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('review run skips up-to-date stages (korus-outreach, built CLI)', () => {
  it('a second run rebuilds nothing and leaves stages/ as it was, manifests included', () => {
    const before = snapshot();
    const second = run();
    expect(second.rebuilt).toEqual([]);
    expect(second.upToDate).toEqual(STAGE_ORDER);
    expect(snapshot()).toEqual(before);
    const text = runCli(['-C', project, 'run']);
    expect(text.stderr).toContain('up to date screen reconcile');
    expect(text.stderr).toContain(`0 stages rebuilt, ${STAGE_ORDER.length} up to date`);
  }, 120_000);

  it('a relabelled codebook field re-runs extract and report only; prisma, judged on the new extraction, stays up to date', () => {
    const config = JSON.parse(original) as { extraction: { fields: { label: string }[] } };
    const field = config.extraction.fields[0];
    if (!field) throw new Error('the example has a codebook');
    field.label = `${field.label} (relabelled)`;
    writeFileSync(join(project, 'review.json'), `${JSON.stringify(config, null, 2)}\n`);
    expect(run().rebuilt).toEqual(['extract', 'report']);
    writeFileSync(join(project, 'review.json'), original);
    expect(run().rebuilt).toEqual(['extract', 'report']);
    expect(run().rebuilt).toEqual([]);
  }, 300_000);

  it('an output deleted by hand re-runs its stage and puts it back', () => {
    const file = join(project, 'stages/dedupe/unique.jsonl');
    const bytes = readFileSync(file);
    rmSync(file);
    // Rebuilt into the same bytes: the stages after dedupe stay up to date.
    expect(run().rebuilt).toEqual(['dedupe']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  }, 300_000);

  it('a returned dedupe review sheet dropped into decisions/dedupe/ re-runs dedupe', () => {
    const sheet = join(project, 'decisions/dedupe/review-pairs.xlsx');
    copyFileSync(join(project, 'stages/dedupe/review-pairs.xlsx'), sheet);
    const status = JSON.parse(runCli(['-C', project, 'status', '--json']).stdout) as { stage: string; reasons: string[] }[];
    expect(status.find((s) => s.stage === 'dedupe')?.reasons).toEqual(['returned file not read yet: decisions/dedupe/review-pairs.xlsx']);
    expect(run().rebuilt).toEqual(['dedupe']);
    rmSync(sheet);
    expect(run().rebuilt).toEqual(['dedupe']);
  }, 300_000);

  it('--force rebuilds every stage; run --check passes after a run that skipped every stage', () => {
    expect(run('--force').rebuilt).toEqual(STAGE_ORDER);
    expect(run().rebuilt).toEqual([]);
    const check = runCli(['-C', project, 'run', '--check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain('check passed');
    expect(check.stderr).not.toContain('up to date');
  }, 600_000);

  it('a stage waiting for returned sheets is left up to date as far as it got, and still says what it waits for', () => {
    const parent = tempDir('korus-skip-waiting-');
    temps.push(parent);
    const waiting = join(parent, 'demo');
    expect(runCli(['init', waiting, '--example', 'korus-outreach']).code).toBe(0);
    // Sheets handed out, none back yet (nor anything that comes after them).
    for (const folder of ['decisions/screen', 'decisions/screen-resolutions', 'decisions/fulltext', 'decisions/extract']) {
      for (const name of readdirSync(join(waiting, folder))) rmSync(join(waiting, folder, name));
    }
    const line = 'waiting for returned screening sheets: screen (and fulltext, extract, prisma, report, which need it)';
    const first = runCli(['-C', waiting, 'run']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(line);
    const second = runCli(['-C', waiting, 'run']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('up to date screen assign');
    expect(second.stderr).toContain('skipped    screen collect (all of decisions/screen/): no returned screening sheets in decisions/screen/');
    expect(second.stderr).toContain('0 stages rebuilt, 2 up to date, except: screen, fulltext, extract, prisma, report');
    expect(second.stderr).toContain(line);
    const check = runCli(['-C', waiting, 'run', '--check']);
    expect(check.code, check.stderr).toBe(0);
  }, 600_000);
});
