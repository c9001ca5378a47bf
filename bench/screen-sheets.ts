/**
 * Benchmark: write the screening sheet set for 50,000 records (seed review allocation: one screener
 * on all, one on half, a pool of four on the other half = 100,000 sheet rows) and read it back.
 * Targets: under 15 s each. Run: npm run build && npm run bench:screen
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectPaths } from '../src/project/paths.js';
import { readWorkbook } from '../src/sheets/xlsx.js';
import { readFileSync } from 'node:fs';
import { runScreenAssign } from '../src/stages/screen/index.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 50_000);
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);

const root = mkdtempSync(join(tmpdir(), 'review-bench-screen-'));
const paths = new ProjectPaths(root);
const screeners = ['KBA', 'ON', 'SS', 'LEB', 'MRJ', 'DvH'];
writeFileSync(paths.config, JSON.stringify({
  schemaVersion: 1,
  sources: [{ name: 'PsycInfo', kind: 'database', files: [] }],
  screeners: screeners.map((id) => ({ id, name: id })),
  screening: { reviewsPerRecord: 2, seed: 'bench', allocation: [{ screener: 'KBA', share: 1 }, { screener: 'ON', share: 0.5 }, { pool: ['SS', 'LEB', 'MRJ', 'DvH'], share: 0.5 }], reasons: ['wrong-population', 'no-outreach'] },
}));
mkdirSync(paths.stage('dedupe'), { recursive: true });
const lines: string[] = [];
const abstract = 'Outreach services meet children and young people where they are: streets, homes and online. '.repeat(12);
for (let i = 0; i < RECORDS; i++) {
  const id = `r${i.toString(16).padStart(12, '0')}`;
  lines.push(JSON.stringify({
    schemaVersion: 1, id, clusterId: id, members: [{ id, source: 'PsycInfo', file: 'exports/p.ris', index: i }], sources: ['PsycInfo'], firstSource: 'PsycInfo',
    title: `Outreach work with young people in city ${i}: a mixed-methods evaluation`, abstract, authors: [{ family: 'Nordmann', given: 'K.' }, { family: 'Hansen', given: 'O.' }],
    year: 2010 + (i % 15), journal: 'Nordic Social Work Research', doi: `10.1080/2156857X.2020.${i}`, issn: [], isbn: [], keywords: [],
  }));
}
writeFileSync(paths.stageFile('dedupe', 'unique.jsonl'), `${lines.join('\n')}\n`);
lines.length = 0;

const t0 = performance.now();
const summary = await runScreenAssign(paths);
const writeSeconds = (performance.now() - t0) / 1000;
const writePeak = peakRss;

// The read's own peak: sampled from here on (the written sheets are in the page cache, not in RSS).
const rssBeforeRead = process.memoryUsage().rss;
let readPeak = rssBeforeRead;
const readSampler = setInterval(() => { readPeak = Math.max(readPeak, process.memoryUsage().rss); }, 20);
const t1 = performance.now();
const cpu1 = process.cpuUsage();
let rows = 0;
for (const s of summary.sheets) {
  const wb = await readWorkbook(readFileSync(paths.stageFile('screen', 'sheets', `${s.screener}.xlsx`)));
  rows += wb.sheets[0]?.rows.length ?? 0;
}
const readSeconds = (performance.now() - t1) / 1000;
const readCpu = process.cpuUsage(cpu1);
clearInterval(readSampler);
readPeak = Math.max(readPeak, process.memoryUsage().rss);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const mb = (b: number): string => `${Math.round(b / 1e6)} MB`;
console.log(`records: ${RECORDS}, sheet rows: ${rows} (${summary.sheets.map((s) => `${s.screener} ${s.records}`).join(', ')})`);
console.log(`write (allocate + ${summary.sheets.length} xlsx sheets + commit): ${writeSeconds.toFixed(1)} s, peak RSS ${mb(writePeak)}  [target < 15 s]`);
console.log(`read back (${summary.sheets.length} sheets): ${readSeconds.toFixed(1)} s (CPU ${((readCpu.user + readCpu.system) / 1e6).toFixed(1)} s), peak RSS while reading ${mb(readPeak)} (${mb(rssBeforeRead)} before), overall ${mb(peakRss)}  [target < 15 s]`);
rmSync(root, { recursive: true, force: true });
if (writeSeconds >= 15 || readSeconds >= 15 || rows !== RECORDS * 2) process.exitCode = 1;
