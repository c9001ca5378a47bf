/**
 * Robustness benchmark (`npm run bench:dedupe -- --robust`): each labelled set is rerun with one
 * corruption of the kind real exports show, applied either to every record (one source) or to one
 * of two sources (the records split at random into sources A and B; only A corrupted). Seeded: the
 * same seed gives the same corrupted records and the same table. The labels do not change: a
 * corruption keeps every record the same bibliographic record, so a good matcher keeps its F1.
 * Runs the dedupe plan in-process on the benchmark reader's records (bench/dedupe-data.ts) so that
 * 5 sets x 8 variants x 2 scopes stay affordable; the clean table of `npm run bench:dedupe` goes
 * through the real `review import`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { ImportedRecord } from '../src/model/record.js';
import { planDedupe } from '../src/stages/dedupe/plan.js';
import type { DedupeTuning } from '../src/stages/dedupe/tuning.js';
import { runHeldOut } from './dedupe-held-out.js';
import { DEDUPE_DATASETS, pairwiseScores, readTrueClusters, recordFromRow, recordsCsv } from './dedupe-data.js';

type Row = Record<string, string>;
export type Scope = 'all' | 'one';

/** mulberry32: a small seeded PRNG, so a run is reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STOP = new Set(['the', 'of', 'and', 'for', 'in', 'on', 'a', 'an', 'de', 'la', 'le', 'der', 'und', '&']);

/** A mechanical abbreviation: the first four letters of each significant word ("Journal of Clinical Oncology" → "Jour Clin Onco"). */
export function abbreviateJournal(name: string): string {
  return name.split(/[\s.,:;()]+/).filter((w) => w && !STOP.has(w.toLowerCase())).map((w) => w.slice(0, 4)).join(' ');
}

/** A stand-in translation sharing no word with the title: every letter moved along the alphabet. */
export function pseudoTranslation(title: string): string {
  return title.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 7) % 26) + 97))
    .replace(/[A-Z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 65 + 7) % 26) + 65));
}

const issueOf = (r: Row): string => (r.number ?? r.issue ?? '').trim();
const setIssue = (r: Row, v: string): void => { delete r.issue; r.number = v; };

/** Each corruption edits the rows in scope (`hit`) in place; `rand` is the run's seeded generator. */
export const CORRUPTIONS: Record<string, (rows: Row[], hit: (r: Row) => boolean, rand: () => number) => void> = {
  'issue-counter': (rows, hit) => { let n = 1; for (const r of rows) if (hit(r)) setIssue(r, String(n++)); },
  'volume-with-issue': (rows, hit) => {
    for (const r of rows) if (hit(r) && r.volume?.trim() && issueOf(r)) r.volume = `${r.volume.trim()} (${issueOf(r)})`;
  },
  'pages-half-blank': (rows, hit, rand) => { for (const r of rows) if (hit(r) && rand() < 0.5) r.pages = ''; },
  'title-translation': (rows, hit, rand) => {
    let k = 0;
    for (const r of rows) {
      if (!hit(r) || !r.title?.trim() || rand() >= 0.1) continue;
      const t = r.title.trim();
      const tr = pseudoTranslation(t);
      r.title = [`${t}; ${tr}`, `${t} = ${tr}`, `[${t}]`, `${tr} [${t}]`][k++ % 4]!;
    }
  },
  'journal-abbreviated': (rows, hit) => { for (const r of rows) if (hit(r) && r.journal?.trim()) r.journal = abbreviateJournal(r.journal.trim()); },
  'doi-half-removed': (rows, hit, rand) => { for (const r of rows) if (hit(r) && rand() < 0.5) r.doi = ''; },
  'container-doi': (rows, hit) => {
    // The journal volume with the most records in scope: all of them get one (supplement's) DOI.
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      if (!hit(r) || !r.journal?.trim() || !r.volume?.trim()) continue;
      const key = `${r.journal.trim().toLowerCase()}|${r.volume.trim()}|${(r.year ?? '').trim()}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const biggest = [...groups.entries()].sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1))[0];
    for (const r of biggest?.[1] ?? []) r.doi = '10.9999/container.suppl.1';
  },
};

export interface RobustResult { dataset: string; corruption: string; scope: Scope; records: number; precision: number; recall: number; f1: number; fp: number; queue: number }

/** The records of one set with one corruption applied (seeded), as `review import` would give them. */
export function corruptedRecords(dataset: string, corruption: string, scope: Scope, seed: number): ImportedRecord[] {
  const rows = parse(readFileSync(recordsCsv(dataset), 'utf8'), { columns: true, relax_column_count: true }) as Row[];
  const rand = seededRandom(seed);
  // Source of each row: one source, or two at random with only "A" corrupted.
  const source = new Map<Row, string>(rows.map((r) => [r, scope === 'all' ? 'Bench' : rand() < 0.5 ? 'A' : 'B']));
  const hit = (r: Row): boolean => source.get(r) !== 'B';
  if (corruption !== 'clean') CORRUPTIONS[corruption]!(rows, hit, rand);
  return rows.map((r, i) => recordFromRow(r, i, source.get(r)!, `exports/${dataset}-${source.get(r)}.csv`));
}

/** Dedupe `records` in-process and score the clusters against the labels. */
export function scoreRecords(records: readonly ImportedRecord[], truth: readonly string[][], scope: Scope, tuning?: Partial<DedupeTuning>): Omit<RobustResult, 'dataset' | 'corruption' | 'scope'> {
  const plan = planDedupe(records, { sourceOrder: scope === 'all' ? ['Bench'] : ['A', 'B'], ...(tuning ? { tuning } : {}) });
  const clusters = new Map<string, string[]>();
  for (const d of plan.duplicates) {
    const list = clusters.get(d.cluster_id);
    if (list) list.push(d.source_record_id); else clusters.set(d.cluster_id, [d.source_record_id]);
  }
  const pw = pairwiseScores([...clusters.values()].filter((c) => c.length > 1), truth);
  return { records: records.length, precision: pw.precision, recall: pw.recall, f1: pw.f1, fp: pw.fp, queue: plan.queue.length };
}

export function runVariant(dataset: string, corruption: string, scope: Scope, seed: number, truth = readTrueClusters(dataset)): RobustResult {
  return { dataset, corruption, scope, ...scoreRecords(corruptedRecords(dataset, corruption, scope, seed), truth, scope) };
}

export function runRobust(argv: string[]): void {
  const seedArg = argv.find((a) => a.startsWith('--seed='));
  const seed = seedArg ? Number(seedArg.slice(7)) : 14;
  const scopes: Scope[] = argv.includes('--scope=all') ? ['all'] : argv.includes('--scope=one') ? ['one'] : ['all', 'one'];
  const only = argv.filter((a) => !a.startsWith('--'));
  if (argv.includes('--held-out')) { runHeldOut(seed, only); return; }
  const out = process.stdout;
  out.write(`robustness benchmark, seed ${seed} (scope all: every record corrupted; one: source A of two random halves)\n`);
  const header = 'dataset              corruption           scope  pair P   pair R   pair F1  ΔF1      wrong  queue  queue %';
  out.write(`${header}\n${'-'.repeat(header.length)}\n`);
  for (const dataset of DEDUPE_DATASETS) {
    if (only.length && !only.includes(dataset)) continue;
    const truth = readTrueClusters(dataset);
    for (const scope of scopes) {
      let clean: number | undefined;
      for (const corruption of ['clean', ...Object.keys(CORRUPTIONS)]) {
        const r = runVariant(dataset, corruption, scope, seed, truth);
        clean ??= r.f1;
        const delta = r.f1 - clean;
        out.write(`${dataset.padEnd(20)} ${corruption.padEnd(20)} ${scope.padEnd(5)}  ${r.precision.toFixed(4)}   ${r.recall.toFixed(4)}   ${r.f1.toFixed(4)}   ${(delta >= 0 ? '+' : '') + delta.toFixed(4)}${delta < -0.01 ? '!' : ' '} ${String(r.fp).padStart(5)}  ${String(r.queue).padStart(5)}  ${((100 * r.queue) / r.records).toFixed(2).padStart(6)}\n`);
      }
    }
  }
  out.write('ΔF1 = F1 minus the clean F1 of the same set and scope; ! marks a drop of more than 0.01.\n');
}
