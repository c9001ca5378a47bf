/**
 * Leave one dataset out (`npm run bench:dedupe -- --robust --held-out`): every limit in
 * src/stages/dedupe/tuning.ts is chosen on four labelled sets and the fifth is scored with the
 * choice. A limit's value is chosen from a small grid around the default, one limit at a time
 * (the others at their defaults), by the mean pair F1 over the clean records and the seven
 * corruptions (scope all) of the four sets, a wrong pair costing ten missed ones; ties keep the
 * default. The fifth set is then scored, clean and under each corruption, with all chosen
 * values together, next to the in-sample figures (the defaults, which were chosen on all five).
 */
import { DEFAULT_TUNING, type DedupeTuning } from '../src/stages/dedupe/tuning.js';
import type { ImportedRecord } from '../src/model/record.js';
import { DEDUPE_DATASETS, PEERS, readTrueClusters } from './dedupe-data.js';
import { CORRUPTIONS, corruptedRecords, scoreRecords } from './dedupe-robust.js';

/** The values tried for each limit: the default and plausible neighbours on either side. */
export const GRID: { [K in keyof DedupeTuning]: number[] } = {
  minProfiledValues: [20, 50, 100, 200],
  counterDistinctShare: [0.5, 0.7, 0.9, 0.99],
  minConfidentMatches: [2, 3, 5, 10],
  matchDisagreementRatio: [0.3, 0.5, 0.7, 0.9],
  sameTitle: [0.88, 0.9, 0.92, 0.95],
  similarTitle: [0.7, 0.75, 0.8, 0.85],
  titleWordsFloor: [0.4, 0.5, 0.6],
  longTitleWords: [6, 8, 10],
};

type Variant = { corruption: string; records: ImportedRecord[] };
type Score = { f1: number; fp: number; queue: number; records: number };

export function runHeldOut(seed: number, only: readonly string[]): void {
  const out = process.stdout;
  const variants = ['clean', ...Object.keys(CORRUPTIONS)];
  const data = new Map<string, { truth: string[][]; variants: Variant[]; truePairs: number }>();
  for (const dataset of DEDUPE_DATASETS) {
    const truth = readTrueClusters(dataset);
    const truePairs = truth.reduce((n, c) => n + (c.length * (c.length - 1)) / 2, 0);
    data.set(dataset, { truth, truePairs, variants: variants.map((corruption) => ({ corruption, records: corruptedRecords(dataset, corruption, 'all', seed) })) });
  }
  // Every (limit, value) scored once on every set and variant; the default's scores are shared.
  const cache = new Map<string, Score[]>();
  const scores = (dataset: string, tuning: Partial<DedupeTuning>): Score[] => {
    const key = `${dataset} ${JSON.stringify(tuning)}`;
    let s = cache.get(key);
    if (!s) {
      const d = data.get(dataset)!;
      s = d.variants.map((v) => scoreRecords(v.records, d.truth, 'all', tuning));
      cache.set(key, s);
    }
    return s;
  };
  const objective = (dataset: string, tuning: Partial<DedupeTuning>): number => {
    const s = scores(dataset, tuning);
    // A missed pair costs about 1 / (2 · true pairs) of F1; a wrong pair is made to cost ten times that.
    const penalty = (5 * s.reduce((n, x) => n + x.fp, 0)) / s.length / data.get(dataset)!.truePairs;
    return s.reduce((n, x) => n + x.f1, 0) / s.length - penalty;
  };
  const limits = Object.keys(GRID) as (keyof DedupeTuning)[];
  out.write(`leave one dataset out, seed ${seed}: each limit chosen on the other four sets (mean pair F1 over clean + ${variants.length - 1} corruptions, scope all), the fifth scored with the choice\n`);
  const header = 'held out             limits chosen on the other four (≠ default)            clean in / held-out   worst corrupted in / held-out   wrong in / held-out   max queue % in / held-out   best peer';
  out.write(`${header}\n${'-'.repeat(header.length)}\n`);
  for (const heldOut of DEDUPE_DATASETS) {
    if (only.length && !only.includes(heldOut)) continue;
    const training = DEDUPE_DATASETS.filter((d) => d !== heldOut);
    const chosen: Partial<DedupeTuning> = {};
    for (const limit of limits) {
      let best = DEFAULT_TUNING[limit];
      let bestScore = training.reduce((n, d) => n + objective(d, {}), 0);
      for (const value of GRID[limit]) {
        if (value === DEFAULT_TUNING[limit]) continue;
        const score = training.reduce((n, d) => n + objective(d, { [limit]: value }), 0);
        // Strictly better only: a tie keeps the default.
        if (score > bestScore + 1e-9) { best = value; bestScore = score; }
      }
      if (best !== DEFAULT_TUNING[limit]) chosen[limit] = best;
    }
    const inSample = scores(heldOut, {});
    const held = Object.keys(chosen).length ? scores(heldOut, chosen) : inSample;
    const worst = (s: Score[]): number => Math.min(...s.map((x) => x.f1));
    const wrong = (s: Score[]): number => Math.max(...s.map((x) => x.fp));
    const queue = (s: Score[]): number => Math.max(...s.map((x) => (100 * x.queue) / x.records));
    const peer = Math.max(PEERS[heldOut]!.bib, PEERS[heldOut]!.asysd);
    const changed = Object.entries(chosen).map(([k, v]) => `${k}=${v}`).join(', ') || '(the defaults)';
    out.write(`${heldOut.padEnd(20)} ${changed.padEnd(54)} ${inSample[0]!.f1.toFixed(4)} / ${held[0]!.f1.toFixed(4)}${held[0]!.f1 >= peer ? ' ✓' : ' ✗'}      ${worst(inSample).toFixed(4)} / ${worst(held).toFixed(4)}                 ${String(wrong(inSample)).padStart(3)} / ${String(wrong(held)).padEnd(3)}             ${queue(inSample).toFixed(2)} / ${queue(held).toFixed(2)}                 ${peer.toFixed(4)}\n`);
    for (const [k, v] of variants.entries()) {
      if (held[k]!.f1 !== inSample[k]!.f1) out.write(`  ${v}: ${inSample[k]!.f1.toFixed(4)} → ${held[k]!.f1.toFixed(4)} held out\n`);
    }
  }
  out.write("✓: held-out clean pair F1 at least the best peer's; wrong = most wrong pairs under any variant (haematology's 2 are its labelled error).\n");
}
