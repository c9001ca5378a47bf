/**
 * The labelled dedupe benchmarks (shared/benchmarks/dedupe): scoring by the README's rules, and an
 * in-process reader that builds ImportedRecords from records_pre_merged.csv for unit tests (the
 * benchmark itself imports through the real `review import`).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { cleanDoi, parseInvertedName, parseYear } from '../src/formats/common/fields.js';
import type { Author, ImportedRecord, RecordType } from '../src/model/record.js';
import { toolRoot } from '../src/project/version.js';

export const DEDUPE_BENCH = resolve(toolRoot(), '..', 'shared', 'benchmarks', 'dedupe');
export const DEDUPE_DATASETS = ['cytology_screening', 'haematology', 'stroke', 'digital_work', 'special_cases'] as const;
/** The peers' pair F1 from the benchmark README (bib-dedupe, ASySD). */
export const PEERS: Record<string, { bib: number; asysd: number }> = {
  cytology_screening: { bib: 0.9922, asysd: 0.9849 },
  haematology: { bib: 0.9, asysd: 0.8315 },
  stroke: { bib: 0.9979, asysd: 0.9841 },
  digital_work: { bib: 0.9965, asysd: 0.8891 },
  special_cases: { bib: 0.5, asysd: 0.5 },
};

export function recordsCsv(dataset: string): string {
  return join(DEDUPE_BENCH, dataset, 'records_pre_merged.csv');
}

/** True clusters: rows of `merged_ids`, member ids joined with ";". */
export function readTrueClusters(dataset: string): string[][] {
  const rows = parse(readFileSync(join(DEDUPE_BENCH, dataset, 'merged_record_ids.csv'), 'utf8'), { columns: true }) as { merged_ids: string }[];
  return rows.map((r) => r.merged_ids.split(';').map((s) => s.trim()).filter(Boolean));
}

const ENTRY_TYPES: Record<string, RecordType> = {
  article: 'article', inproceedings: 'conference', conference: 'conference', proceedings: 'conference',
  book: 'book', incollection: 'chapter', inbook: 'chapter', phdthesis: 'thesis', mastersthesis: 'thesis', techreport: 'report',
};

/** Benchmark rows as ImportedRecords (one source "Bench"), ID kept as sourceRecordId. */
export function loadBenchmarkRecords(dataset: string, source = 'Bench'): ImportedRecord[] {
  const rows = parse(readFileSync(recordsCsv(dataset), 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((row, index) => recordFromRow(row, index, source, `exports/${dataset}.csv`));
}

export function recordFromRow(row: Record<string, string>, index: number, source: string, file: string): ImportedRecord {
  const get = (k: string): string | undefined => (row[k]?.trim() ? row[k]!.trim() : undefined);
  const authors = (get('author') ?? '').split(/\s+and\s+/).map((a) => parseInvertedName(a)).filter((a): a is Author => !!a);
  const record: ImportedRecord = {
    schemaVersion: 1,
    id: `r${String(index).padStart(12, '0')}`,
    authors,
    issn: [],
    isbn: [],
    keywords: [],
    provenance: { source, file, fileSha256: '0'.repeat(64), format: 'test-csv', index, line: index + 2 },
    raw: [],
  };
  const type = ENTRY_TYPES[(get('ENTRYTYPE') ?? '').toLowerCase()];
  if (type) record.type = type;
  const set = <K extends keyof ImportedRecord>(k: K, v: ImportedRecord[K] | undefined): void => { if (v !== undefined) record[k] = v; };
  set('title', get('title'));
  set('year', parseYear(get('year')));
  set('journal', get('journal') ?? get('booktitle'));
  set('volume', get('volume'));
  set('issue', get('number') ?? get('issue'));
  set('pages', get('pages'));
  set('doi', cleanDoi(get('doi')));
  set('abstract', get('abstract'));
  set('sourceRecordId', get('ID'));
  return record;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

function prf(tp: number, fp: number, fn: number): Scores {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, fp, fn };
}

function pairsOf(clusters: readonly string[][]): Set<string> {
  const out = new Set<string>();
  for (const c of clusters) {
    const ids = [...c].sort();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.add(`${ids[i]}|${ids[j]}`);
  }
  return out;
}

/** Pairwise scores: every pair inside a predicted cluster vs every pair inside a true cluster. */
export function pairwiseScores(predicted: readonly string[][], truth: readonly string[][]): Scores & { falsePairs: string[]; missedPairs: string[] } {
  const p = pairsOf(predicted);
  const t = pairsOf(truth);
  let tp = 0;
  const falsePairs: string[] = [];
  for (const x of p) if (t.has(x)) tp++; else falsePairs.push(x);
  const missedPairs = [...t].filter((x) => !p.has(x));
  return { ...prf(tp, falsePairs.length, missedPairs.length), falsePairs, missedPairs };
}

/** Record-level scores (bib-dedupe's): only which record ids were kept counts. */
export function recordScores(allIds: readonly string[], kept: ReadonlySet<string>, truth: readonly string[][]): Scores {
  let tp = 0; let fp = 0; let fn = 0;
  const inCluster = new Set(truth.flat());
  for (const id of allIds) if (!inCluster.has(id) && !kept.has(id)) fp++;
  for (const c of truth) {
    const k = c.filter((id) => kept.has(id)).length;
    if (k === 0) { fp++; tp += c.length - 1; } else { fn += k - 1; tp += c.length - k; }
  }
  return prf(tp, fp, fn);
}
