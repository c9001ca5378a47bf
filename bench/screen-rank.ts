/**
 * Screening-prioritisation benchmark (issue #17): `review screen simulate`'s replay on the six shared
 * Cohen et al. 2006 drug-class reviews (../shared/benchmarks/screening), label1 (title/abstract) and
 * label2 (full text), seeds 1–5, beside ASReview LAB 3.0.5's figures from that folder's README table
 * (its default elas_u4 model, no prior knowledge, means of three seeds — measured by the README's authors).
 * Prints a Markdown table and checks what the issue must show:
 *   - mean WSS@95 over the seeds ≥ ASReview's on every set and label;
 *   - the mean over all sets above ASReview's mean by a clear margin (reported);
 *   - the stopping rule reaches the target recall in ≥ 95 % of runs (and the work it saved).
 * Exit code 1 when a check fails. SETS=ADHD,NSAIDS and SEEDS=1,2 narrow a run while developing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseLabelledCsv } from '../src/stages/screen/rank/labelled.js';
import { simulateScreening } from '../src/stages/screen/rank/simulate.js';
import { DEFAULT_STOPPING } from '../src/stages/screen/rank/stopping.js';
import { LABELS, readSet, SCREENING_SETS, screeningDir } from './screen-rank-data.js';

interface Peer {
  wss95: number;
  wss100: number;
  recallAt10: number;
}

/** ASReview's rows of the README table: "| set | label | records | relevant | WSS@95 | WSS@100 | recall@10 % | …". */
export function peerFigures(readme: string): Map<string, Peer> {
  const out = new Map<string, Peer>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // ['', set, label, records, relevant, wss95, wss100, recall10, to95, to100, '']
    if (cells.length < 10 || !/^label[12]$/.test(cells[2] ?? '')) continue;
    const [wss95, wss100, recallAt10] = [cells[5], cells[6], cells[7]].map((c) => Number((c ?? '').replace('−', '-')));
    if ([wss95, wss100, recallAt10].some((v) => v === undefined || !Number.isFinite(v))) continue;
    out.set(`${cells[1]}/${cells[2]}`, { wss95: wss95 as number, wss100: wss100 as number, recallAt10: recallAt10 as number });
  }
  return out;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const f3 = (v: number): string => v.toFixed(3);

const sets = process.env.SETS ? process.env.SETS.split(',') : [...SCREENING_SETS];
const seeds = (process.env.SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const peers = peerFigures(readFileSync(join(screeningDir(), 'README.md'), 'utf8'));
const target = DEFAULT_STOPPING.targetRecall;

const rows: string[] = [];
const failures: string[] = [];
const ours: number[] = [];
const theirs: number[] = [];
let runs = 0;
let reached = 0;
const saved: number[] = [];
const started = Date.now();
for (const set of sets) {
  const text = readSet(set);
  for (const label of LABELS) {
    const records = parseLabelledCsv(text, `${set}.csv`, label);
    const results = seeds.map((seed) => {
      process.stderr.write(`bench:screen-rank ${set} ${label} seed ${seed} (${Math.round((Date.now() - started) / 1000)} s)\n`);
      return simulateScreening(records, { seed });
    });
    const peer = peers.get(`${set}/${label}`);
    if (!peer) throw new Error(`no ASReview figures for ${set} ${label} in the README table`);
    const m = (pick: (r: (typeof results)[number]) => number): number => mean(results.map(pick));
    const wss95 = m((r) => r.metrics.wss95);
    const stopRecalls = results.map((r) => r.stop.recall);
    const ok = stopRecalls.filter((r) => r >= target).length;
    runs += results.length;
    reached += ok;
    saved.push(...results.map((r) => r.stop.workSaved));
    ours.push(wss95);
    theirs.push(peer.wss95);
    if (wss95 < peer.wss95) failures.push(`${set} ${label}: WSS@95 ${f3(wss95)} below ASReview's ${f3(peer.wss95)}`);
    rows.push(`| ${set} | ${label} | ${records.length} | ${results[0]!.metrics.relevant} | **${f3(wss95)}** | ${f3(peer.wss95)} | ${f3(m((r) => r.metrics.wss100))} | ${f3(peer.wss100)} | ${f3(m((r) => r.metrics.recallAt10))} | ${f3(peer.recallAt10)} | ${m((r) => r.metrics.screenedTo95).toFixed(0)} | ${f3(mean(stopRecalls))} (min ${f3(Math.min(...stopRecalls))}) | ${ok}/${results.length} | ${(100 * m((r) => r.stop.workSaved)).toFixed(1)} % |`);
  }
}

const ourMean = mean(ours);
const theirMean = mean(theirs);
const share = reached / runs;
if (share < 0.95) failures.push(`stopping rule reached recall ${target} in ${reached} of ${runs} runs (${(100 * share).toFixed(1)} %), below 95 %`);
if (ourMean <= theirMean) failures.push(`mean WSS@95 ${f3(ourMean)} not above ASReview's ${f3(theirMean)}`);

console.log(`Seeds ${seeds.join(', ')}; stopping rule: target recall ${target}, confidence ${DEFAULT_STOPPING.confidence}, checked after every record; ASReview: README of ../shared/benchmarks/screening (elas_u4, means of 3 seeds).\n`);
console.log('| set | label | records | relevant | WSS@95 | ASReview | WSS@100 | ASReview | recall@10 % | ASReview | screened to 95 % | stop: recall reached | runs ≥ target | stop: work saved |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\nmean WSS@95 over ${ours.length} set×label: ${f3(ourMean)} (ASReview ${f3(theirMean)}, +${f3(ourMean - theirMean)}); stopping rule: recall ≥ ${target} in ${reached}/${runs} runs (${(100 * share).toFixed(1)} %), mean work saved ${(100 * mean(saved)).toFixed(1)} %`);
console.log(`time ${Math.round((Date.now() - started) / 1000)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
if (failures.length) {
  console.log(`\nFAILED:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exitCode = 1;
} else console.log('\nall checks pass');
