/**
 * Ranking at scale: 100,000 records built by repeating the six shared screening sets (each copy with a
 * new id and a seeded tenth of its abstract words dropped, so copies are not identical), 2,000 of them
 * labelled. Times one round of rankByRelevance (features, training, ranking) — median of 3, CPU and
 * wall, with the load average, since the machine is shared.
 */
import { loadavg } from 'node:os';
import { parseLabelledCsv } from '../src/stages/screen/rank/labelled.js';
import { rankByRelevance, type RankableRecord } from '../src/stages/screen/rank/index.js';
import { Prng } from '../src/stages/screen/prng.js';
import { readSet, SCREENING_SETS } from './screen-rank-data.js';

const SIZE = Number(process.env.RANK_SCALE_SIZE ?? 100_000);
const LABELLED = 2_000;

function build(): { records: RankableRecord[]; labels: Map<string, boolean> } {
  const base = SCREENING_SETS.flatMap((s) => parseLabelledCsv(readSet(s), `${s}.csv`, 'label1'));
  const rng = new Prng('rank-scale');
  const records: RankableRecord[] = [];
  const relevant = new Map<string, boolean>();
  for (let i = 0; i < SIZE; i++) {
    const b = base[i % base.length]!;
    const copy = Math.floor(i / base.length);
    const abstract = copy === 0 ? b.abstract : b.abstract.split(' ').filter(() => rng.int(10) !== 0).join(' ');
    const id = `c${copy}-${i % base.length}-${b.id}`; // the same PMID can sit in two sets
    records.push({ id, title: b.title, abstract, keywords: b.keywords });
    relevant.set(id, b.relevant);
  }
  const labels = new Map<string, boolean>();
  for (const r of rng.shuffle(records).slice(0, LABELLED)) labels.set(r.id, relevant.get(r.id)!);
  return { records, labels };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { records, labels } = build();
const wall: number[] = [];
const cpu: number[] = [];
let first: string[] | undefined;
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const order = rankByRelevance({ records, labels, seed: 1 });
  const c = process.cpuUsage(c0);
  wall.push((performance.now() - t0) / 1000);
  cpu.push((c.user + c.system) / 1e6);
  if (first && first.join('\n') !== order.join('\n')) throw new Error('two rankings of the same input differ');
  first = order;
}
console.log(`rankByRelevance: ${records.length.toLocaleString('en')} records, ${labels.size.toLocaleString('en')} labelled → ${first!.length.toLocaleString('en')} ranked`);
console.log(`median of 3: ${median(wall).toFixed(2)} s wall, ${median(cpu).toFixed(2)} s CPU (runs: ${wall.map((w) => w.toFixed(2)).join(', ')} s wall); load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
