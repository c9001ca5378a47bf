/**
 * Dedupe benchmark on the labelled datasets in shared/benchmarks/dedupe: each dataset is imported
 * into a fresh project through `review import` (generic CSV, `ID` kept as sourceRecordId), then
 * `review dedupe` runs in a child process under /usr/bin/time (wall time, peak RSS). Scores follow
 * the benchmark README: pairwise P/R/F1 and bib-dedupe's record-level F1. Prints a table; no assertions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/project/config.js';
import { ProjectPaths } from '../src/project/paths.js';
import { readCsv } from '../src/sheets/csv.js';
import { writeImport } from '../src/stages/import/index.js';
import { toolRoot } from '../src/project/version.js';
import { runRobust } from './dedupe-robust.js';
import { DEDUPE_DATASETS, PEERS, loadBenchmarkRecords, pairwiseScores, readTrueClusters, recordScores, recordsCsv } from './dedupe-data.js';

const BIN = join(toolRoot(), 'bin', 'review.js');

export interface TimedRun { code: number; wall: number; cpu: number; rssMb: number; stderr: string; stdout: string }

/** Run the built CLI under /usr/bin/time when present: wall seconds and peak RSS of the child. */
export function timedCli(args: string[]): TimedRun {
  const useTime = existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const lines = r.stderr.trim().split('\n');
  // Wall time depends on what else the machine runs; CPU time (user + system) of the child does not.
  const [rssKb, user, sys] = useTime ? (lines.pop() ?? '').split(' ').map(Number) : [NaN, NaN, NaN];
  return { code: r.status ?? -1, wall, cpu: (user ?? NaN) + (sys ?? NaN), rssMb: (rssKb ?? NaN) / 1024, stderr: lines.join('\n'), stdout: r.stdout };
}

/** Import a benchmark CSV through the CLI; with `allowFallback`, write the records in-process if the CSV plug-in is missing. */
export function importDataset(project: string, dataset: string, allowFallback: boolean): 'cli' | 'in-process' {
  const r = timedCli(['-C', project, '-q', 'import', recordsCsv(dataset), '--source', 'Bench', '--kind', 'database', '--format', 'generic-csv']);
  if (r.code === 0) return 'cli';
  if (!allowFallback) throw new Error(`review import failed for ${dataset} (exit ${r.code}): ${r.stderr}`);
  process.stderr.write(`review import could not read ${dataset} (${r.stderr.split('\n')[0]}); importing in-process instead\n`);
  const paths = new ProjectPaths(project);
  writeImport(paths, loadConfig(paths), { records: loadBenchmarkRecords(dataset), reports: [], inputs: [] });
  return 'in-process';
}

function main(): void {
  if (process.argv.includes('--robust')) { runRobust(process.argv.slice(2).filter((a) => a !== '--robust')); return; }
  const allowFallback = process.argv.includes('--allow-in-process-import');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const header = 'dataset              records  pair P   pair R   pair F1  rec F1   peers pair F1 (bib/ASySD)  queue  wall s  cpu s  peak MB  import';
  process.stdout.write(`${header}\n${'-'.repeat(header.length)}\n`);
  const totals = { fp: 0 };
  for (const dataset of DEDUPE_DATASETS) {
    if (only.length && !only.includes(dataset)) continue;
    const project = mkdtempSync(join(tmpdir(), `dedupe-bench-${dataset}-`));
    spawnSync(process.execPath, [BIN, 'init', project, '-q'], { encoding: 'utf8' });
    const importedBy = importDataset(project, dataset, allowFallback);
    const run = timedCli(['-C', project, '-q', '--json', 'dedupe']);
    if (run.code !== 0) throw new Error(`review dedupe failed on ${dataset} (exit ${run.code}): ${run.stderr}`);
    const summary = JSON.parse(run.stdout) as { reviewQueue: number; records: number };
    const rows = readCsv(readFileSync(join(project, 'stages', 'dedupe', 'duplicates.csv'), 'utf8')).rows.map((r) => r.values);
    const clusters = new Map<string, string[]>();
    const kept = new Set<string>();
    for (const r of rows) {
      const id = r.get('source_record_id')!;
      const list = clusters.get(r.get('cluster_id')!) ?? [];
      list.push(id);
      clusters.set(r.get('cluster_id')!, list);
      if (r.get('kept') === 'true') kept.add(id);
    }
    const truth = readTrueClusters(dataset);
    const pw = pairwiseScores([...clusters.values()].filter((c) => c.length > 1), truth);
    const rec = recordScores(rows.map((r) => r.get('source_record_id')!), kept, truth);
    totals.fp += pw.fp;
    const peers = PEERS[dataset]!;
    process.stdout.write(`${dataset.padEnd(20)} ${String(summary.records).padStart(7)}  ${pw.precision.toFixed(4)}   ${pw.recall.toFixed(4)}   ${pw.f1.toFixed(4)}   ${rec.f1.toFixed(4)}   ${peers.bib.toFixed(4)} / ${peers.asysd.toFixed(4)}${pw.f1 >= Math.max(peers.bib, peers.asysd) ? ' ✓' : ' ✗'}        ${String(summary.reviewQueue).padStart(5)}  ${run.wall.toFixed(2).padStart(6)}  ${run.cpu.toFixed(2).padStart(5)}  ${run.rssMb.toFixed(0).padStart(7)}  ${importedBy}\n`);
    if (pw.fp) process.stdout.write(`  wrong pairs (${pw.fp}): ${pw.falsePairs.slice(0, 10).join(', ')}\n`);
    rmSync(project, { recursive: true, force: true });
  }
  process.stdout.write(`wrong merged pairs over all datasets: ${totals.fp} (haematology id_0000002 is a known label error)\n`);
}

if (process.argv[1]?.endsWith('dedupe.js')) main();
