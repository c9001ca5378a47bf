/**
 * The shipped korus-outreach example: its generator is deterministic, the shipped files are what the
 * generator makes today, every export is read by the plug-in meant for its database, and the built
 * CLI's `review run` reproduces the report's 72 included sources (53 databases + 19 hand search).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { PrismaFlowSchema } from '../../src/model/prisma.js';
import { parseExport } from '../../src/stages/import/parse-file.js';
import { buildDataset, DEFAULT_SEED, DEFAULT_SIMULATED, exampleDir, handSearchScore, readReferenceRows } from '../../scripts/make-korus-example.js';
import { REPO, runCli, tempDir } from '../helpers/project.js';

const EXAMPLE = exampleDir();
const GENERATOR = join(REPO, 'dist', 'scripts', 'make-korus-example.js');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function protocolPiece(name: string): unknown {
  return JSON.parse(readFileSync(join(EXAMPLE, 'protocol', name), 'utf8')) as unknown;
}

function shippedDataset(simulated = DEFAULT_SIMULATED, seed = DEFAULT_SEED): ReturnType<typeof buildDataset> {
  return buildDataset({
    seed, simulated,
    referenceCsv: readFileSync(join(EXAMPLE, 'reference', 'korus-included-sources.csv'), 'utf8'),
    exclusionReasons: protocolPiece('exclusion-reasons.json'),
    codebook: protocolPiece('extraction-codebook.json'),
  });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).sort().flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]));
}

describe('korus-outreach generator', () => {
  it('builds the same dataset from the same seed, and a different one from another seed', () => {
    const a = shippedDataset(80);
    const b = shippedDataset(80);
    expect(a.files.map((f) => [f.path, f.content])).toEqual(b.files.map((f) => [f.path, f.content]));
    const c = shippedDataset(80, 'another seed');
    expect(c.files.map((f) => f.content)).not.toEqual(a.files.map((f) => f.content));
  });

  it('sends 53 reference sources through the databases and 19 through hand search, never both', () => {
    const { works, files } = shippedDataset(80);
    const refs = [...works.values()].filter((w) => w.refKey);
    expect(refs).toHaveLength(72);
    expect(refs.filter((w) => w.route === 'databases')).toHaveLength(53);
    expect(refs.filter((w) => w.route === 'hand')).toHaveLength(19);
    const handFiles = files.filter((f) => f.path.startsWith('exports/hand-search/'));
    for (const w of refs) {
      const inDatabases = files.some((f) => !handFiles.includes(f) && f.works.includes(w.id));
      const inHand = handFiles.some((f) => f.works.includes(w.id));
      expect([w.refKey, inDatabases, inHand]).toEqual([w.refKey, w.route === 'databases', w.route === 'hand']);
    }
  });

  it('ranks grey literature and uncertain citations towards hand search, DOIs towards the databases', () => {
    const rows = readReferenceRows(readFileSync(join(EXAMPLE, 'reference', 'korus-included-sources.csv'), 'utf8'));
    const score = (key: string): number => handSearchScore(rows.find((r) => r.key === key) as (typeof rows)[number]);
    expect(score('Andersson2010')).toBeGreaterThan(score('Pettersen2019'));
    expect(score('Pettersen2019')).toBeGreaterThan(score('Cecconi2025'));
    expect(score('Cecconi2025')).toBeGreaterThan(score('AbdelBaki2019'));
  });

  it('never invents a title for a reference source and marks every simulated record', () => {
    const { works } = shippedDataset(80);
    for (const w of works.values()) {
      if (w.simulated) expect(w.keywords).toContain('SIMULATED RECORD');
    }
    const rows = readReferenceRows(readFileSync(join(EXAMPLE, 'reference', 'korus-included-sources.csv'), 'utf8'));
    for (const row of rows) {
      const w = works.get(`ref:${row.key}`);
      if (row.title) expect(w?.title).toBe(row.title);
      else expect(w?.title).toMatch(/^\[title not given in the report: /);
    }
  });

  it('writes the shipped exports and review.json exactly as the generator makes them today', () => {
    const { files, config } = shippedDataset();
    for (const f of files) expect([f.path, readFileSync(join(EXAMPLE, f.path), 'utf8') === f.content]).toEqual([f.path, true]);
    expect(filesUnder(join(EXAMPLE, 'exports')).map((p) => `exports/${p}`)).toEqual(files.map((f) => f.path).sort());
    expect(JSON.parse(readFileSync(join(EXAMPLE, 'review.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('imports every shipped export with the format plug-in meant for its database', () => {
    const { files } = shippedDataset();
    for (const f of files) {
      const parsed = parseExport(readFileSync(join(EXAMPLE, f.path)), basename(f.path));
      expect([f.path, parsed.format, parsed.records.length]).toEqual([f.path, f.expectedFormat, f.works.length]);
      expect(parsed.records.every((r) => r.title)).toBe(true);
    }
  });

  it('writes identical bytes, decisions included, when run twice (small scale)', () => {
    const a = tempDir('korus-gen-a-');
    const b = tempDir('korus-gen-b-');
    temps.push(a, b);
    for (const out of [a, b]) {
      const run = spawnSync(process.execPath, [GENERATOR, '--out', out, '--simulated', '60'], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
    }
    const listed = filesUnder(a);
    expect(listed).toEqual(filesUnder(b));
    expect(listed.some((p) => p.startsWith('decisions/screen/'))).toBe(true);
    for (const p of listed) expect([p, readFileSync(join(a, p)).equals(readFileSync(join(b, p)))]).toEqual([p, true]);
  }, 120_000);
});

describe('korus-outreach example, rebuilt with the built CLI', () => {
  it('review run yields 72 included (53 databases, 19 other methods), every PRISMA identity, and verify finds all 72', () => {
    const project = tempDir('korus-run-');
    temps.push(project);
    cpSync(EXAMPLE, project, { recursive: true });
    const run = runCli(['-C', project, 'run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('every stage rebuilt');
    const flow = PrismaFlowSchema.parse(JSON.parse(readFileSync(join(project, 'stages', 'prisma', 'flow.json'), 'utf8')));
    expect(flow.included).toEqual({ studies: 72, reports: 72, databases: 53, other: 19 });
    expect(flow.checks.filter((c) => !c.ok)).toEqual([]);
    const verify = runCli(['-C', project, 'verify', '--reference', join(project, 'reference', 'korus-included-sources.csv'), '--json']);
    expect(verify.code, verify.stderr).toBe(0);
    expect((JSON.parse(verify.stdout) as { counts: unknown }).counts).toEqual({ matched: 72, missing: 0, extra: 0 });

    // Straight after the run, --check rebuilds everything byte for byte.
    const check = runCli(['-C', project, 'run', '--check']);
    expect(check.code, check.stderr).toBe(0);
  }, 120_000);

  it('review run --check fails naming the files when one full-text decision in decisions/ changes', async () => {
    const project = tempDir('korus-check-');
    temps.push(project);
    cpSync(EXAMPLE, project, { recursive: true });
    expect(runCli(['-C', project, 'run']).code).toBe(0);
    // A person changes the exclusion reason of one excluded report to another listed reason.
    const file = join(project, 'decisions', 'fulltext', 'fulltext-assessment.xlsx');
    const config = JSON.parse(readFileSync(join(project, 'review.json'), 'utf8')) as { exclusionReasons: { reasons: { id: string; stages: string[] }[] } };
    const fulltextReasons = config.exclusionReasons.reasons.filter((r) => r.stages.includes('fulltext')).map((r) => r.id);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    const header = Array.from(ws.getRow(1).values as unknown[], (v) => String(v ?? '').toLowerCase());
    const decisionCol = header.findIndex((h) => h.startsWith('decision'));
    const reasonCol = header.findIndex((h) => h.startsWith('reason'));
    let changed = false;
    ws.eachRow((row, n) => {
      if (changed || n === 1 || String(row.getCell(decisionCol).value) !== 'exclude') return;
      const current = String(row.getCell(reasonCol).value ?? '');
      const other = fulltextReasons.find((r) => r !== current && current !== '');
      if (!other) return;
      row.getCell(reasonCol).value = other;
      changed = true;
    });
    expect(changed).toBe(true);
    await wb.xlsx.writeFile(file);
    const check = runCli(['-C', project, 'run', '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('stages/fulltext/decisions.csv');
  }, 120_000);
});
