/**
 * Import benchmark: builds ≥100,000-record RIS and MEDLINE files by repeating real fixtures,
 * then measures in-process (median of 3) (a) the parse alone on one thread: records mapped and
 * dropped, the file's bytes already in memory; (b) the import's work as `review import` does it
 * (importFile: the file parsed in parallel parts that the worker threads read from it, and
 * written as records.jsonl's bytes, which are made in memory and dropped piece by piece: everything
 * but the disk); and (c) the whole `review import` command in a child process (start-up, reading, hashing,
 * copying the export, writing and fsyncing records.jsonl): wall time and peak RSS at 25k, 50k and
 * 100k records, so memory growth can be read off. Prints a table; no assertions (figures go in
 * notes, not timed tests). REVIEW_THREADS=1 runs (b) and (c) on the main thread only.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeBytes } from '../src/formats/decode.js';
import { importFile } from '../src/stages/import/index.js';
import { JsonBytes } from '../src/project/json-bytes.js';
import { parseExport, parseExportEach } from '../src/stages/import/parse-file.js';
import { ParseWorkers } from '../src/stages/import/parse-workers.js';
import { ProjectPaths } from '../src/project/paths.js';
import { toolRoot } from '../src/project/version.js';

const ROOT = toolRoot();
const EXPORTS = resolve(ROOT, '..', 'shared', 'fixtures', 'exports');
const BIN = join(ROOT, 'bin', 'review.js');

const FAMILIES: Record<string, { files: string[]; separator: string }> = {
  ris: {
    separator: '\n',
    files: [
      'ris/ESHackathon+CiteSource__20221207_gambling-harms_scopus_255.ris',
      'ris/ESHackathon+CiteSource__20221207_gambling-harms_psycinfo_124.ris',
      'ris/ESHackathon+CiteSource__WoS_79.ris',
      'ris/asreview+citation-file-formatting___baseline_embase.ris',
      'ris/camaradesuk+ASySD__ris_export.txt',
      'ris/mjwestgate+revtools__restoration_scopus.ris',
    ],
  },
  medline: {
    separator: '\n\n',
    files: [
      'medline/UWNETLAB+metaknowledge__medline_test.medline',
      'medline/mjwestgate+revtools__restoration_pubmed.nbib',
      'medline/asreview+citation-file-formatting___baseline_pubmed.ris',
    ],
  },
};

function buildFile(family: string, target: number): { text: string; records: number } {
  const spec = FAMILIES[family]!;
  const parts = spec.files.map((f) => {
    const bytes = readFileSync(join(EXPORTS, f));
    const text = decodeBytes(bytes).text.replace(/^\uFEFF/, '').trimEnd();
    return { text, records: parseExport(bytes, f).records.length };
  });
  const chunks: string[] = [];
  let records = 0;
  while (records < target) {
    for (const p of parts) {
      chunks.push(p.text);
      records += p.records;
      if (records >= target) break;
    }
  }
  return { text: chunks.join(spec.separator) + '\n', records };
}

function writeBenchFile(family: string, target: number, file: string): number {
  const { text, records } = buildFile(family, target);
  writeFileSync(file, text);
  return records;
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function runImport(file: string, records: number): { wall: number; rssMb: number } {
  const project = mkdtempSync(join(tmpdir(), 'review-bench-'));
  spawnSync(process.execPath, [BIN, 'init', project], { encoding: 'utf8' });
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, '-C', project, '-q', 'import', file, '--source', 'Bench', '--kind', 'database'], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  const rssKb = Number(r.stderr.trim().split('\n').pop());
  // Count lines in the bytes: 100k MEDLINE records are more JSON than one JS string can hold.
  const written = countLines(readFileSync(join(project, 'stages/import/records.jsonl')));
  if (written !== records) throw new Error(`expected ${records} records, wrote ${written}`);
  rmSync(project, { recursive: true, force: true });
  return { wall, rssMb: rssKb / 1024 };
}

const work = mkdtempSync(join(tmpdir(), 'review-bench-files-'));
mkdirSync(work, { recursive: true });
/** Records per second of `run`, median of three; `run` returns how many records it saw. */
async function rate(records: number, run: () => number | Promise<number>): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const seen = await run();
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (seen !== records) throw new Error(`saw ${seen} records, expected ${records}`);
    rates.push(records / secs);
  }
  return median(rates);
}

/** parse alone: records mapped and dropped. */
function parseOnly(bytes: Buffer, file: string): number {
  return parseExportEach(bytes, file, undefined, () => undefined, { rawAsBytes: true }).recordCount;
}

/** The import's work without the disk: importFile, its records.jsonl bytes dropped in 8 MiB pieces. */
async function importInMemory(file: string, workers: ParseWorkers | undefined): Promise<number> {
  let written = 0;
  const out = new JsonBytes(9 << 20, (piece) => { written += piece.length; }, 8 << 20);
  const source = { name: 'Bench', kind: 'database' as const, files: [] };
  const report = await importFile(new ProjectPaths(work), source, 'exports/Bench/bench.txt', out, { readFrom: file, ...(workers ? { workers } : {}) });
  out.flush(true);
  if (written === 0) throw new Error('nothing written');
  return report.records;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const workers = ParseWorkers.fromEnvironment();
process.stdout.write(`threads: ${workers ? workers.size : 1}\n`);
process.stdout.write('format   records     MB  parse rec/s  import in memory rec/s  CLI wall s  CLI rec/s  peak RSS MB\n');
// Optional arguments pick formats and sizes, e.g. `npm run bench:import -- medline 100000`.
const families = process.argv[2]?.split(',') ?? Object.keys(FAMILIES);
const targets = process.argv[3]?.split(',').map(Number) ?? [25_000, 50_000, 100_000];
for (const family of families) {
  for (const target of targets) {
    const file = join(work, `${family}-${target}.txt`);
    // Only the file stays: the built text would otherwise sit in this process's heap while it parses.
    const records = writeBenchFile(family, target, file);
    const bytes = readFileSync(file);
    const parse = await rate(records, () => parseOnly(bytes, file));
    const json = await rate(records, () => importInMemory(file, workers));
    const cli = runImport(file, records);
    process.stdout.write(
      `${family.padEnd(8)} ${String(records).padStart(7)}  ${(bytes.length / 1e6).toFixed(0).padStart(5)}  ${fmt(parse).padStart(11)}  ${fmt(json).padStart(22)}  ${cli.wall.toFixed(2).padStart(10)}  ${fmt(records / cli.wall).padStart(9)}  ${cli.rssMb.toFixed(0).padStart(11)}\n`,
    );
  }
}
await workers?.close();
rmSync(work, { recursive: true, force: true });
