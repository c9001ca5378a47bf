/**
 * Fixtures of sheets made by `review`, filled in and re-saved by other spreadsheet programs
 * (tests/fixtures/sheets/, see its README). For each kind of returned sheet (screening, dedupe review
 * pairs, full text, extraction) a small deterministic project is built, the stage writes its sheet,
 * and the sheet is filled and re-saved by openpyxl, by a pandas-like values-only write, by LibreOffice
 * (xlsx → xlsx) and by LibreOffice through .ods (xlsx → ods → xlsx).
 *
 * Run once, after `npm run build`, on a machine with Debian's python3-openpyxl and libreoffice-calc:
 *   node dist/scripts/make-resaved-sheets.js
 * The tests (tests/sheets/resaved.test.ts) rebuild the same projects with the builders exported here
 * and collect every fixture.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBenchmarkRecords } from '../bench/dedupe-data.js';
import { FULLTEXT_DECISION_COLUMNS, type FulltextDecision } from '../src/model/fulltext.js';
import { SCREEN_DECISION_COLUMNS, type ScreenDecision } from '../src/model/screen.js';
import type { UniqueRecord } from '../src/model/unique.js';
import { ProjectPaths } from '../src/project/paths.js';
import { toolRoot } from '../src/project/version.js';
import { writeCsv } from '../src/sheets/csv.js';
import { readWorkbook } from '../src/sheets/xlsx.js';
import { runDedupe } from '../src/stages/dedupe/index.js';
import { serializeJsonLines } from '../src/project/json-lines.js';
import { runExtractSheet } from '../src/stages/extract/index.js';
import { runFulltextSheet } from '../src/stages/fulltext/index.js';
import { runScreenAssign } from '../src/stages/screen/assign.js';

const REPO = toolRoot();
export const FIXTURES = join(REPO, 'tests', 'fixtures', 'sheets');
export const SHEET_KINDS = ['screen', 'dedupe', 'fulltext', 'extract'] as const;
export const RESAVED_BY = ['openpyxl', 'pandas', 'libreoffice', 'ods'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export interface SheetProject {
  paths: ProjectPaths;
  /** The sheet the stage wrote, the tab people fill, the column that names a row, and what is filled in. */
  sheet: string;
  tab: string;
  idColumn: string;
  edits: Record<string, Record<string, string | number>>;
}

export function fixtureFile(kind: SheetKind, by: (typeof RESAVED_BY)[number]): string {
  return join(FIXTURES, `${kind}-${by}.xlsx`);
}

function newProject(config: object): ProjectPaths {
  const paths = new ProjectPaths(mkdtempSync(join(tmpdir(), 'review-resaved-')));
  writeFileSync(paths.config, `${JSON.stringify({ schemaVersion: 1, title: 'Re-saved sheets', ...config }, null, 2)}\n`);
  mkdirSync(paths.decisions, { recursive: true });
  return paths;
}

function writeStageFile(paths: ProjectPaths, stage: string, name: string, content: string | Buffer): void {
  mkdirSync(paths.stage(stage), { recursive: true });
  writeFileSync(paths.stageFile(stage, name), content);
}

function uniqueRecord(id: string, source: string, extra: Partial<UniqueRecord> = {}): UniqueRecord {
  return {
    schemaVersion: 1, id, clusterId: `c-${id}`, firstSource: source, sources: [source],
    members: [{ id, source, file: `exports/${source}.ris`, index: 0 }],
    title: `Outreach work with young people: study ${id}`, abstract: `Street-level outreach for youth (${id}).`,
    authors: [{ family: 'Nordmann', given: 'Kari' }], year: 2019, journal: 'Nordic Social Work Research',
    doi: `10.1080/2156857X.2020.${id}`, issn: [], isbn: [], keywords: [], ...extra,
  };
}

/** Screening: six records, two screeners who each screen all of them; KBA's sheet is filled. */
export async function screenProject(): Promise<SheetProject> {
  const paths = newProject({
    sources: [{ name: 'PsycInfo', kind: 'database', files: [] }],
    screeners: [{ id: 'KBA', name: 'K. B. Åkerblom' }, { id: 'ON', name: 'O. Ness' }],
    screening: {
      reviewsPerRecord: 2, seed: 'resaved', allocation: [{ screener: 'KBA', share: 1 }, { screener: 'ON', share: 1 }],
      stratifyBy: 'none', labels: ['include', 'exclude', 'maybe'], reasons: ['wrong-population', 'no-outreach'],
    },
  });
  const ids = ['s1', 's2', 's3', 's4', 's5', 's6'];
  writeStageFile(paths, 'dedupe', 'unique.jsonl', `${ids.map((id) => JSON.stringify(uniqueRecord(id, 'PsycInfo'))).join('\n')}\n`);
  await runScreenAssign(paths);
  return {
    paths, sheet: paths.stageFile('screen', 'sheets', 'KBA.xlsx'), tab: 'Screening', idColumn: 'id',
    edits: { s1: { decision: 'include' }, s2: { decision: 'exclude', reason: 'wrong-population' }, s3: { decision: 'maybe', note: 'ages 16–25?' }, s5: { decision: 'exclude' } },
  };
}

/** Dedupe: the first 60 haematology benchmark records (one uncertain pair), decided "same". */
export async function dedupeProject(): Promise<SheetProject> {
  const paths = newProject({ sources: [{ name: 'Bench', kind: 'database', files: [] }] });
  writeStageFile(paths, 'import', 'records.jsonl', serializeJsonLines(loadBenchmarkRecords('haematology').slice(0, 60)));
  await runDedupe(paths);
  const sheet = paths.stageFile('dedupe', 'review-pairs.xlsx');
  const pairs = (await readWorkbook(readFileSync(sheet))).sheets.find((s) => s.name === 'pairs')!;
  const a = pairs.rows[0]!.values.get('A record')!;
  return { paths, sheet, tab: 'pairs', idColumn: 'A record', edits: { [a]: { decision: 'same' } } };
}

const REASONS = {
  version: 'r1',
  reasons: [
    { id: 'wrong-population', label: 'Wrong population or age', stages: ['screen', 'fulltext'] },
    { id: 'no-outreach', label: 'No outreach component', stages: ['screen', 'fulltext'] },
  ],
};

const CODEBOOK = {
  version: 'cb1',
  fields: [
    { id: 'country', label: 'Country', type: 'country', multiple: true, required: true, role: 'country' },
    { id: 'publication_form', label: 'Publication form', type: 'single', required: true, role: 'publication-form', values: ['peer-reviewed article', 'report'], groups: { 'peer-reviewed': ['peer-reviewed article'], 'grey literature': ['report'] } },
    { id: 'age_min', label: 'Youngest age', type: 'number', min: 0, max: 40 },
    { id: 'purpose', label: 'Purpose', type: 'text' },
  ],
};

/** Four records forwarded by screening and one from hand search, at full text. */
function fulltextBase(): ProjectPaths {
  const paths = newProject({
    sources: [{ name: 'PsycInfo', kind: 'database' }, { name: 'Hand search', kind: 'citation-searching' }],
    exclusionReasons: REASONS,
    extraction: CODEBOOK,
  });
  const records = [...['f1', 'f2', 'f3', 'f4'].map((id) => uniqueRecord(id, 'PsycInfo')), uniqueRecord('h1', 'Hand search', { doi: undefined })];
  writeStageFile(paths, 'dedupe', 'unique.jsonl', `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const screen: ScreenDecision[] = ['f1', 'f2', 'f3', 'f4'].map((id) => ({ record_id: id, decision: 'include', route: 'agreement', reason: '', screeners: 'KBA;ON', votes: 'include;include' }));
  writeStageFile(paths, 'screen', 'decisions.csv', writeCsv(SCREEN_DECISION_COLUMNS, screen));
  return paths;
}

export async function fulltextProject(): Promise<SheetProject> {
  const paths = fulltextBase();
  await runFulltextSheet(paths);
  return {
    paths, sheet: paths.stageFile('fulltext', 'sheet.xlsx'), tab: 'Full text', idColumn: 'id',
    edits: {
      f1: { retrieved: 'yes', decision: 'include', assessor: 'KBA' },
      f2: { retrieved: 'yes', decision: 'exclude', reason: 'no-outreach', assessor: 'KBA' },
      f3: { retrieved: 'no', assessor: 'KBA' },
      h1: { retrieved: 'yes', decision: 'include', assessor: 'KBA', note: 'found by hand search' },
    },
  };
}

export async function extractProject(): Promise<SheetProject> {
  const paths = fulltextBase();
  const decisions: FulltextDecision[] = [
    { record_id: 'f1', arm: 'databases', source: 'PsycInfo', retrieved: 'yes', decision: 'include', reason: '', assessor: 'KBA', note: '' },
    { record_id: 'f2', arm: 'databases', source: 'PsycInfo', retrieved: 'yes', decision: 'include', reason: '', assessor: 'KBA', note: '' },
    { record_id: 'h1', arm: 'other', source: 'Hand search', retrieved: 'yes', decision: 'include', reason: '', assessor: 'KBA', note: '' },
  ];
  writeStageFile(paths, 'fulltext', 'decisions.csv', writeCsv(FULLTEXT_DECISION_COLUMNS, decisions));
  await runExtractSheet(paths);
  return {
    paths, sheet: paths.stageFile('extract', 'sheet.xlsx'), tab: 'Extraction', idColumn: 'id',
    edits: {
      f1: { country: 'Norway', publication_form: 'peer-reviewed article', age_min: 12, extractor: 'KBA' },
      f2: { country: 'Norway; Sweden', publication_form: 'report', purpose: '=reach NEET youth', extractor: 'KBA' },
      h1: { country: 'Canada', publication_form: 'report', age_min: 15.5, extractor: 'KBA' },
    },
  };
}

export const SHEET_PROJECTS: Record<SheetKind, () => Promise<SheetProject>> = {
  screen: screenProject,
  dedupe: dedupeProject,
  fulltext: fulltextProject,
  extract: extractProject,
};

function soffice(input: string, format: 'xlsx' | 'ods', outDir: string, profile: string): string {
  mkdirSync(outDir, { recursive: true });
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, input], { stdio: 'pipe' });
  return join(outDir, `${basename(input).replace(/\.[^.]+$/, '')}.${format}`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'review-resave-'));
  const profile = join(work, 'lo-profile');
  mkdirSync(FIXTURES, { recursive: true });
  for (const kind of SHEET_KINDS) {
    const p = await SHEET_PROJECTS[kind]();
    const dir = join(work, kind);
    mkdirSync(dir, { recursive: true });
    const spec = join(dir, 'spec.json');
    const openpyxlOut = join(dir, `${kind}.xlsx`);
    const pandasOut = join(dir, `${kind}-pandas.xlsx`);
    writeFileSync(spec, JSON.stringify({ input: p.sheet, tab: p.tab, idColumn: p.idColumn, edits: p.edits, openpyxl: openpyxlOut, pandasLike: pandasOut }));
    execFileSync('/usr/bin/python3', [join(REPO, 'scripts', 'resave-sheets.py'), spec], { stdio: 'inherit' });
    copyFileSync(openpyxlOut, fixtureFile(kind, 'openpyxl'));
    copyFileSync(pandasOut, fixtureFile(kind, 'pandas'));
    // LibreOffice opens the openpyxl-filled sheet and saves it again as .xlsx, and once via .ods.
    copyFileSync(soffice(openpyxlOut, 'xlsx', join(dir, 'lo'), profile), fixtureFile(kind, 'libreoffice'));
    const ods = soffice(openpyxlOut, 'ods', join(dir, 'ods'), profile);
    copyFileSync(soffice(ods, 'xlsx', join(dir, 'ods-xlsx'), profile), fixtureFile(kind, 'ods'));
    rmSync(p.paths.root, { recursive: true, force: true });
    console.log(`${kind}: ${RESAVED_BY.map((b) => basename(fixtureFile(kind, b))).join(', ')}`);
  }
  rmSync(work, { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
