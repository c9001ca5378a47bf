/**
 * A stage's manifest hashes only the parts of review.json it reads (issue #15), end to end on the
 * shipped example with the built CLI: `review init --example`, `review run`, then an edit of
 * review.json makes stale exactly the stages that read the edited part and the stages that need
 * theirs; `review run` brings every stage up to date again and `review run --check` passes.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/project.js';

interface Status { stage: string; state: string; reasons: string[] }
type Config = {
  extraction: { fields: Record<string, unknown>[] };
  exclusionReasons: { reasons: { id: string; label: string; stages: string[] }[] };
  screening: { allocation: { share: number }[] };
};

let project = '';
let original = '';
const temps: string[] = [];

function ok(args: string[]): string {
  const r = runCli(['-C', project, ...args]);
  expect(r.code, `review ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function status(): Record<string, Status> {
  const list = JSON.parse(ok(['status', '--json'])) as Status[];
  return Object.fromEntries(list.map((s) => [s.stage, s]));
}

/** Stale stages, in pipeline order. */
function stale(): string[] {
  return Object.values(status()).filter((s) => s.state === 'stale').map((s) => s.stage);
}

function editConfig(edit: (c: Config) => void): void {
  const config = JSON.parse(original) as Config;
  edit(config);
  writeFileSync(join(project, 'review.json'), `${JSON.stringify(config, null, 2)}\n`);
}

beforeAll(() => {
  const parent = tempDir('korus-stale-');
  temps.push(parent);
  project = join(parent, 'demo');
  const init = runCli(['init', project, '--example', 'korus-outreach']);
  expect(init.code, init.stderr).toBe(0);
  original = readFileSync(join(project, 'review.json'), 'utf8');
  ok(['run']);
}, 600_000);

afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('review status after an edit of review.json (korus-outreach, built CLI)', () => {
  it('every stage is up to date after review run', () => {
    expect(stale()).toEqual([]);
  }, 120_000);

  it('a new codebook field makes extract stale, and report, which reads the codebook and the extraction; nothing else', () => {
    editConfig((c) => c.extraction.fields.push({ id: 'funding', label: 'Funding', type: 'text', required: false }));
    const s = status();
    expect(stale()).toEqual(['extract', 'report']);
    expect(s.extract?.reasons).toEqual(['changed since last run: review.json#extraction']);
    expect(s.report?.reasons).toContain('changed since last run: review.json#extraction');
  }, 120_000);

  it('a new full-text exclusion reason leaves import, dedupe and screening up to date', () => {
    editConfig((c) => c.exclusionReasons.reasons.push({ id: 'duplicate-publication', label: 'Duplicate publication', stages: ['fulltext'] }));
    const s = status();
    for (const stage of ['import', 'dedupe', 'screen']) expect(s[stage]?.state, stage).toBe('up-to-date');
    expect(s.fulltext?.reasons).toEqual(['changed since last run: review.json#exclusionReasons.fulltext']);
    expect(stale()).toEqual(['fulltext', 'extract', 'prisma', 'report']);
    expect(s.extract?.reasons).toEqual(['needs fulltext, which is stale']);
  }, 120_000);

  it("a screener's share makes screening and every stage after it stale, not import or dedupe", () => {
    editConfig((c) => {
      const [, a, b] = c.screening.allocation;
      if (!a || !b) throw new Error('the example allocates to three rules');
      // Same total (reviewsPerRecord), another split between the second screener and the pool.
      a.share += 0.1;
      b.share -= 0.1;
    });
    expect(stale()).toEqual(['screen', 'fulltext', 'extract', 'prisma', 'report']);
    expect(status().screen?.reasons).toEqual(['changed since last run: review.json#screening']);
  }, 120_000);

  it('a comment or a reordered key changes nothing a stage reads', () => {
    const config = JSON.parse(original) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(config).reverse());
    reordered.$comment = 'notes for the team';
    writeFileSync(join(project, 'review.json'), `${JSON.stringify(reordered, null, 2)}\n`);
    expect(stale()).toEqual([]);
  }, 120_000);

  it('after an edit the returned sheets still fit (a reason relabelled), review run brings every stage up to date and run --check passes', () => {
    editConfig((c) => {
      const reason = c.exclusionReasons.reasons.find((r) => r.stages.includes('fulltext'));
      if (!reason) throw new Error('the example has full-text exclusion reasons');
      reason.label = `${reason.label} (relabelled)`;
    });
    expect(stale()).toEqual(['fulltext', 'extract', 'prisma', 'report']);
    ok(['run']);
    expect(stale()).toEqual([]);
    const check = runCli(['-C', project, 'run', '--check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain('check passed');
  }, 600_000);
});
