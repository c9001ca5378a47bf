import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReviewConfig } from '../../../src/model/config.js';
import { loadConfig, saveConfig } from '../../../src/project/config.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { skeletonConfig } from '../../../src/project/skeleton.js';
import { buildImport, writeImport, type BuiltImport } from '../../../src/stages/import/index.js';
import { cacheFile } from '../../../src/stages/import/parts-cache.js';
import { STAGES } from '../../../src/stages/graph.js';
import { runCheck } from '../../../src/stages/run/index.js';
import { EXPORTS, tempDir } from '../../helpers/project.js';

const RIS = join(EXPORTS, 'ris/ESHackathon+CiteSource__psycinfo_64.ris');
const RIS2 = join(EXPORTS, 'ris/ESHackathon+CiteSource__WoS_79.ris');
const MEDLINE = join(EXPORTS, 'medline/mjwestgate+synthesisr__PubMed_example.txt');
const CSV = join(EXPORTS, 'scopus-csv/massimoaria+bibliometrix__scopus_sample.csv');

let paths: ProjectPaths;
beforeEach(() => {
  // What `review init` makes, in-process: these tests import many times and need no CLI.
  paths = new ProjectPaths(join(tempDir(), 'p'));
  mkdirSync(paths.exports, { recursive: true });
  saveConfig(paths, skeletonConfig('Incremental import'));
});

/** Put `from` under exports/<source>/ and declare it (as `review import <file> --source` does). */
function declare(source: string, from: string, name = from.split('/').pop() as string): string {
  const rel = `exports/${source}/${name}`;
  mkdirSync(join(paths.root, 'exports', source), { recursive: true });
  copyFileSync(from, paths.abs(rel));
  const config = loadConfig(paths);
  let s = config.sources.find((x) => x.name === source);
  if (!s) {
    s = { name: source, kind: 'database', files: [] };
    config.sources.push(s);
  }
  s.files.push(rel);
  saveConfig(paths, config);
  return rel;
}

function editConfig(edit: (c: ReviewConfig) => void): void {
  const config = loadConfig(paths);
  edit(config);
  saveConfig(paths, config);
}

async function importAll(): Promise<BuiltImport> {
  const config = loadConfig(paths);
  const built = await buildImport(paths, config);
  writeImport(paths, config, built);
  return built;
}

const records = (): Buffer => readFileSync(paths.stageFile('import', 'records.jsonl'));
const report = (): string => readFileSync(paths.stageFile('import', 'report.json'), 'utf8');

/** records.jsonl and report.json as an import without any cache makes them. */
async function fromScratch(): Promise<{ records: Buffer; report: string }> {
  rmSync(join(paths.root, 'cache'), { recursive: true, force: true });
  const built = await importAll();
  expect(built.parsed).toEqual(loadConfig(paths).sources.flatMap((s) => s.files));
  return { records: records(), report: report() };
}

// Several imports per test: on a loaded machine they take longer than the default minute.
describe('incremental import: each export is parsed once', { timeout: 240_000 }, () => {
  it('a new export is appended to records.jsonl in place; the others are not parsed again', async () => {
    const a = declare('PsycInfo', RIS);
    expect((await importAll()).parsed).toEqual([a]);
    const inode = statSync(paths.stageFile('import', 'records.jsonl')).ino;
    const b = declare('PubMed', MEDLINE);
    const c = declare('Scopus', CSV);
    expect((await importAll()).parsed).toEqual([b, c]);
    expect(statSync(paths.stageFile('import', 'records.jsonl')).ino).toBe(inode);
    const incremental = { records: records(), report: report() };
    expect(await fromScratch()).toEqual(incremental);
  });

  it('nothing to parse when nothing changed; the outputs are kept as they are', async () => {
    declare('PsycInfo', RIS);
    declare('PubMed', MEDLINE);
    await importAll();
    const before = { records: records(), report: report(), mtime: statSync(paths.stageFile('import', 'records.jsonl')).mtimeMs };
    const built = await importAll();
    expect(built.parsed).toEqual([]);
    expect({ records: records(), report: report(), mtime: statSync(paths.stageFile('import', 'records.jsonl')).mtimeMs }).toEqual(before);
  });

  it('an export changed, a forced format or a renamed source makes that export parsed again, and only it', async () => {
    const a = declare('PsycInfo', RIS);
    const b = declare('WoS', RIS2);
    const c = declare('PubMed', MEDLINE);
    await importAll();
    // The middle export's bytes change: the others are copied from the old records.jsonl.
    appendFileSync(paths.abs(b), '\n');
    expect((await importAll()).parsed).toEqual([b]);
    let now = { records: records(), report: report() };
    expect(await fromScratch()).toEqual(now);
    // A forced format is part of how a file is read.
    editConfig((cfg) => { (cfg.sources[2] as { format?: string }).format = 'medline'; });
    expect((await importAll()).parsed).toEqual([c]);
    // The source's name is in every record's id and provenance.
    editConfig((cfg) => { (cfg.sources[0] as { name: string }).name = 'PsycINFO'; });
    expect((await importAll()).parsed).toEqual([a]);
    now = { records: records(), report: report() };
    expect(await fromScratch()).toEqual(now);
  });

  it('the declared order decides the order of records.jsonl, whatever was cached', async () => {
    declare('PsycInfo', RIS);
    declare('PubMed', MEDLINE);
    await importAll();
    editConfig((cfg) => cfg.sources.reverse());
    expect((await importAll()).parsed).toEqual([]);
    const now = { records: records(), report: report() };
    expect(await fromScratch()).toEqual(now);
  });

  it('a records.jsonl changed by hand, or a cache from other code, is not trusted', async () => {
    const a = declare('PsycInfo', RIS);
    const b = declare('PubMed', MEDLINE);
    await importAll();
    const good = records();
    // Same size, one byte different: its sha256 no longer matches the manifest.
    const edited = Buffer.from(good);
    edited[10] = edited[10] === 0x61 ? 0x62 : 0x61;
    writeFileSync(paths.stageFile('import', 'records.jsonl'), edited);
    expect((await importAll()).parsed).toEqual([a, b]);
    expect(records().equals(good)).toBe(true);
    const cache = JSON.parse(readFileSync(cacheFile(paths), 'utf8')) as { code: string };
    writeFileSync(cacheFile(paths), JSON.stringify({ ...cache, code: 'other' }));
    expect((await importAll()).parsed).toEqual([a, b]);
    writeFileSync(cacheFile(paths), '{ not json');
    expect((await importAll()).parsed).toEqual([a, b]);
    expect(records().equals(good)).toBe(true);
  });

  it('a bad new export leaves records.jsonl as it was, in place, with no temp file, and the cache still valid', async () => {
    declare('PsycInfo', RIS);
    await importAll();
    const before = records();
    const inode = statSync(paths.stageFile('import', 'records.jsonl')).ino;
    const bad = join(tempDir(), 'bad.ris');
    writeFileSync(bad, Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0]));
    declare('Bad', bad);
    await expect(importAll()).rejects.toThrow(/bad\.ris/);
    expect(records().equals(before)).toBe(true);
    expect(statSync(paths.stageFile('import', 'records.jsonl')).ino).toBe(inode);
    expect(readdirSync(paths.stage('import')).sort()).toEqual(['manifest.json', 'records.jsonl', 'report.json']);
    editConfig((cfg) => { cfg.sources.pop(); });
    expect((await importAll()).parsed).toEqual([]);
  });

  it('history/ keeps the manifests and reports of earlier imports, not copies of records.jsonl', async () => {
    declare('PsycInfo', RIS);
    await importAll();
    const sha = JSON.parse(readFileSync(paths.manifest('import'), 'utf8')).outputs['stages/import/records.jsonl'];
    declare('PubMed', MEDLINE);
    await importAll();
    const archived = join(paths.history, 'import', '1');
    expect(readdirSync(archived).sort()).toEqual(['manifest.json', 'report.json']);
    expect(JSON.parse(readFileSync(join(archived, 'manifest.json'), 'utf8')).outputs['stages/import/records.jsonl']).toBe(sha);
  });

  it('run --check rebuilds without the cache and agrees', async () => {
    declare('PsycInfo', RIS);
    await importAll();
    declare('PubMed', MEDLINE);
    await importAll();
    expect(existsSync(cacheFile(paths))).toBe(true);
    const check = await runCheck(paths, STAGES);
    // The check goes on to stages this project has not run (dedupe): only import's outputs are compared.
    expect(check.differences.filter((d) => d.file.startsWith('stages/import/'))).toEqual([]);
    expect(check.compared).toBeGreaterThanOrEqual(3);
  });
});
