/**
 * `npm run fuzz -- <family|all> <n> [--seed s] [--timeout ms] [--sizes full|suite]`: long fuzz runs
 * of the import plug-ins (cases from scripts/fuzz-cases.ts; full size by default: 200 KB lines,
 * 130,000-item lists; `suite` uses the fuzz test's smaller sizes, for many cases quickly).
 * Cases run in a worker thread; one that takes longer than the time limit is a hang: the worker is
 * stopped and a fresh one goes on. Prints per family: cases, parsed, user errors, crashes (any
 * exception but FormatError), hangs, and the slowest case; every crash, hang and slowest case is
 * saved as a reproducer under .scratch/fuzz/ (import it with `review import` to see it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type CaseOptions, FAMILIES, makeCase, runCase, SCRIPT_SIZES, seedsFor, SUITE_SIZES, type Outcome } from './fuzz-cases.js';

interface Job { index: number; bytes: Uint8Array; fileName: string }
interface Reply { index: number; outcome: Outcome; ms: number }

if (!isMainThread) {
  const port = parentPort;
  if (!port) throw new Error('fuzz worker without a parent port');
  void workerData;
  port.on('message', (job: Job) => {
    const started = performance.now();
    const outcome = runCase(Buffer.from(job.bytes), job.fileName);
    port.postMessage({ index: job.index, outcome, ms: performance.now() - started } satisfies Reply);
  });
} else {
  await main();
}

interface Tally {
  cases: number; parsed: number; userErrors: number; crashes: number; hangs: number;
  slowest: { ms: number; index: number; file: string } | undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string): string => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const value = args[i + 1];
    args.splice(i, 2);
    if (value === undefined) usage(`${name} needs a value`);
    return value;
  };
  const seed = option('--seed', '1');
  const timeoutMs = Number(option('--timeout', '10000'));
  const sizeName = option('--sizes', 'full');
  const sizes = sizeName === 'suite' ? SUITE_SIZES : sizeName === 'full' ? SCRIPT_SIZES : usage('--sizes is full or suite');
  const [which, count] = args;
  const n = Number(count);
  const families = which === 'all' ? FAMILIES : FAMILIES.filter((f) => f.id === which);
  if (!which || families.length === 0 || !Number.isInteger(n) || n <= 0 || !(timeoutMs > 0)) {
    usage(`families: all, ${FAMILIES.map((f) => f.id).join(', ')}`);
  }
  const out = resolve('.scratch/fuzz');
  mkdirSync(out, { recursive: true });
  process.stdout.write(`fuzz: seed ${seed}, ${n} cases per family, ${sizeName} sizes, ${timeoutMs} ms per case; reproducers in ${out}\n`);
  let failures = 0;
  for (const family of families) {
    const tally = await fuzzFamily(family, n, seed, sizes, timeoutMs, out);
    failures += tally.crashes + tally.hangs;
    const slow = tally.slowest ? `slowest ${tally.slowest.ms.toFixed(0)} ms (${tally.slowest.file})` : '';
    process.stdout.write(`${family.id.padEnd(16)} cases ${tally.cases}  parsed ${tally.parsed}  user errors ${tally.userErrors}  crashes ${tally.crashes}  hangs ${tally.hangs}  ${slow}\n`);
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

function usage(problem: string): never {
  process.stderr.write(`usage: npm run fuzz -- <family|all> <n> [--seed s] [--timeout ms] [--sizes full|suite]\n${problem}\n`);
  process.exit(2);
}

async function fuzzFamily(family: (typeof FAMILIES)[number], n: number, seed: string, sizes: CaseOptions, timeoutMs: number, out: string): Promise<Tally> {
  const seeds = seedsFor(family);
  const tally: Tally = { cases: 0, parsed: 0, userErrors: 0, crashes: 0, hangs: 0, slowest: undefined };
  const save = (label: string, index: number, bytes: Buffer): string => {
    const file = join(out, `${family.id}-${seed}-${index}-${label}${family.fileName.slice(family.fileName.lastIndexOf('.'))}`);
    writeFileSync(file, bytes);
    return file;
  };
  let worker = new Worker(new URL(import.meta.url));
  try {
    for (let index = 0; index < n; index++) {
      const bytes = makeCase(family, seeds, seed, index, sizes);
      const reply = await runInWorker(worker, { index, bytes, fileName: family.fileName }, timeoutMs);
      tally.cases++;
      if (reply === 'timeout') {
        tally.hangs++;
        process.stdout.write(`  hang: ${family.id} case ${index} (over ${timeoutMs} ms): ${save('hang', index, bytes)}\n`);
        await worker.terminate();
        worker = new Worker(new URL(import.meta.url));
        continue;
      }
      const { outcome, ms } = reply;
      if (ms < 0) worker = new Worker(new URL(import.meta.url));
      if (outcome.kind === 'parsed') tally.parsed++;
      else if (outcome.kind === 'user-error') tally.userErrors++;
      else {
        tally.crashes++;
        process.stdout.write(`  crash: ${family.id} case ${index}: ${outcome.name}: ${outcome.message.slice(0, 200)}: ${save('crash', index, bytes)}\n`);
      }
      if (!tally.slowest || ms > tally.slowest.ms) tally.slowest = { ms, index, file: '' };
    }
    if (tally.slowest) {
      const { index } = tally.slowest;
      tally.slowest.file = save('slowest', index, makeCase(family, seeds, seed, index, sizes));
    }
  } finally {
    await worker.terminate();
  }
  return tally;
}

function runInWorker(worker: Worker, job: Job, timeoutMs: number): Promise<Reply | 'timeout'> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      resolvePromise('timeout');
    }, timeoutMs);
    const onMessage = (reply: Reply): void => {
      if (reply.index !== job.index) return;
      cleanup();
      resolvePromise(reply);
    };
    const onError = (error: Error): void => {
      cleanup();
      // An error outside runCase (out of memory, a worker that died): a crash of this case.
      // ms -1 tells the caller that this worker is gone.
      resolvePromise({ index: job.index, outcome: { kind: 'crash', name: error.name, message: error.message, stack: error.stack ?? '' }, ms: -1 });
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    try {
      worker.postMessage(job);
    } catch (error) {
      cleanup();
      reject(error);
    }
  });
}
