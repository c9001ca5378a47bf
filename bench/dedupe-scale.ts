/**
 * Dedupe at scale: ≥100,000 records built from the real benchmark records, each repeated with
 * realistic perturbations (seeded xoshiro128**): title case and punctuation changed, DOI dropped,
 * journal abbreviated to word stems, author names written "Given Family" instead of "Family, Given",
 * pages abbreviated ("123-129" → "123-9"). Imported through `review import`, then `review dedupe` is
 * timed in a child process (wall, peak RSS) at 10k, 25k, 50k and 100k records, to show how time grows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Prng } from '../src/stages/screen/prng.js';
import { toolRoot } from '../src/project/version.js';
import { DEDUPE_DATASETS, recordsCsv } from './dedupe-data.js';
import { timedCli } from './dedupe.js';

const COLUMNS = ['ID', 'ENTRYTYPE', 'title', 'author', 'year', 'journal', 'volume', 'number', 'pages', 'doi'];
const SIZES = [10_000, 25_000, 50_000, 100_000];

function baseRows(): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const ds of DEDUPE_DATASETS) {
    const rows = parse(readFileSync(recordsCsv(ds), 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
    for (const r of rows) out.push({ ...r, journal: r.journal || r.booktitle || '', number: r.number || r.issue || '' });
  }
  return out;
}

function perturb(row: Record<string, string>, rng: Prng): Record<string, string> {
  const r = { ...row };
  const roll = (p: number): boolean => rng.int(1000) < p * 1000;
  if (r.title && roll(0.3)) r.title = r.title.toUpperCase();
  else if (r.title && roll(0.3)) r.title = r.title.toLowerCase();
  if (r.title && roll(0.4)) r.title = r.title.replace(/[:;,.-]/g, roll(0.5) ? ' ' : '').replace(/\s+/g, ' ');
  if (r.doi && roll(0.5)) r.doi = '';
  if (r.journal && roll(0.3)) r.journal = r.journal.split(/\s+/).filter((w) => !/^(of|the|and|&|in|for)$/i.test(w)).map((w) => (w.length > 5 ? w.slice(0, 4) : w)).join(' ');
  if (r.author && roll(0.3)) {
    r.author = r.author.split(/\s+and\s+/).map((a) => { const [family, given] = a.split(/,\s*/); return given ? `${given} ${family}` : a; }).join(' and ');
  }
  const pages = /^(\d+)\s*-+\s*(\d+)$/.exec(r.pages ?? '');
  if (pages && roll(0.3) && pages[1]!.length === pages[2]!.length) {
    const [first, last] = [pages[1]!, pages[2]!];
    let i = 0;
    while (i < first.length - 1 && first[i] === last[i]) i++;
    r.pages = `${first}-${last.slice(i)}`;
  }
  return r;
}

export function scaleCsv(target: number, seed = 'dedupe-scale'): string {
  const base = baseRows();
  const rng = new Prng(seed);
  const rows: string[][] = [];
  for (let copy = 0; rows.length < target; copy++) {
    for (const row of base) {
      if (rows.length >= target) break;
      const r = copy === 0 ? row : perturb(row, rng);
      rows.push(COLUMNS.map((c) => (c === 'ID' ? `${r.ID}_${copy}` : r[c] ?? '')));
    }
  }
  return stringify([COLUMNS, ...rows]);
}

function main(): void {
  const bin = join(toolRoot(), 'bin', 'review.js');
  process.stdout.write('records   wall s   cpu s  peak MB  µs/record (wall)  unique  queue\n');
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'dedupe-scale-'));
    const project = join(dir, 'p');
    spawnSync(process.execPath, [bin, 'init', project, '-q'], { encoding: 'utf8' });
    const file = join(dir, `scale-${size}.csv`);
    writeFileSync(file, scaleCsv(size));
    const imp = timedCli(['-C', project, '-q', 'import', file, '--source', 'Scale', '--kind', 'database', '--format', 'generic-csv']);
    if (imp.code !== 0) throw new Error(`import failed: ${imp.stderr}`);
    const run = timedCli(['-C', project, '-q', '--json', 'dedupe']);
    if (run.code !== 0) throw new Error(`dedupe failed: ${run.stderr}`);
    const s = JSON.parse(run.stdout) as { unique: number; reviewQueue: number };
    process.stdout.write(`${String(size).padStart(7)}  ${run.wall.toFixed(2).padStart(7)}  ${run.cpu.toFixed(2).padStart(6)}  ${run.rssMb.toFixed(0).padStart(7)}  ${((run.wall * 1e6) / size).toFixed(0).padStart(16)}  ${String(s.unique).padStart(6)}  ${String(s.reviewQueue).padStart(5)}\n`);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('dedupe-scale.js')) main();
