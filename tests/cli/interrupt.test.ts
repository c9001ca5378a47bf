import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, EXPORTS, runCli, snapshot, tempDir } from '../helpers/project.js';

// The signal must get through while the command is busy on the CPU (parsing, clustering), which a
// JavaScript signal handler on the main thread could not do: it ran only when the work ended.
const RIS = join(EXPORTS, 'ris/ESHackathon+CiteSource__20221207_gambling-harms_crimjust_41.ris');
const NBIB = join(EXPORTS, 'medline/mjwestgate+synthesisr__PubMed_example.txt');

let scratch: string;
beforeAll(() => {
  scratch = tempDir();
});

/** A RIS export of about `mb` MB: one real export repeated. */
function bigRis(mb: number): string {
  const path = join(scratch, `big-${mb}.ris`);
  if (existsSync(path)) return path;
  const piece = readFileSync(RIS);
  const fd = openSync(path, 'w');
  for (let i = 0; i < Math.ceil((mb << 20) / piece.length); i++) writeSync(fd, piece);
  closeSync(fd);
  return path;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, CI: 'true', ...env } });
  return { child, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/** Wait until the command is busy: it holds the lock and has been working for `busyMs` more. */
async function whenBusy(project: string, busyMs: number): Promise<void> {
  for (let i = 0; i < 600 && !existsSync(join(project, '.review.lock')); i++) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(join(project, '.review.lock'))).toBe(true);
  await new Promise((r) => setTimeout(r, busyMs));
}

async function stopWithin(project: string, run: { child: ChildProcess; exit: Promise<number | null> }, signal: 'SIGTERM' | 'SIGINT'): Promise<{ code: number | null; ms: number }> {
  const sent = Date.now();
  run.child.kill(signal);
  const code = await run.exit;
  return { code, ms: Date.now() - sent };
}

function projectWithImport(): string {
  const project = join(tempDir(), 'p');
  expect(runCli(['init', project, '-q']).code).toBe(0);
  expect(runCli(['-C', project, '-q', 'import', NBIB, '--source', 'PubMed', '--kind', 'database']).code).toBe(0);
  return project;
}

describe('an interrupt while a stage is busy', () => {
  it.each([
    ['on the main thread (REVIEW_THREADS=1)', '1'],
    ['with parallel parsing', ''],
  ])('SIGTERM stops a busy import %s within 2 s and leaves the last good state', async (_how, threads) => {
    const big = bigRis(100);
    const project = projectWithImport();
    const before = snapshot(project);
    const run = start(['-C', project, '-q', 'import', big, '--source', 'Big', '--kind', 'database'], { REVIEW_THREADS: threads });
    await whenBusy(project, 1500);
    const { code, ms } = await stopWithin(project, run, 'SIGTERM');
    expect(code).toBe(143);
    expect(ms).toBeLessThan(2000);
    // review.json, records.jsonl, exports/ as before; no temp file, no lock, no new folder.
    expect(snapshot(project)).toEqual(before);
  }, 120_000);

  it('Ctrl-C stops a busy dedupe within 2 s and leaves the last good state', async () => {
    const project = projectWithImport();
    expect(runCli(['-C', project, '-q', 'import', bigRis(24), '--source', 'Big', '--kind', 'database']).code).toBe(0);
    const before = snapshot(project);
    const run = start(['-C', project, '-q', 'dedupe']);
    await whenBusy(project, 1500);
    const { code, ms } = await stopWithin(project, run, 'SIGINT');
    expect(code).toBe(130);
    expect(ms).toBeLessThan(2000);
    expect(snapshot(project)).toEqual(before);
  }, 120_000);
});
