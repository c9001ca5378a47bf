import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, EXPORTS, runCli, tempDir } from '../helpers/project.js';

// Two exports of different sources, large enough that two imports overlap in time.
const RIS = join(EXPORTS, 'ris/ESHackathon+CiteSource__20221207_gambling-harms_crimjust_41.ris');
const NBIB = join(EXPORTS, 'medline/mjwestgate+revtools__restoration_pubmed.nbib');

let project: string;
beforeEach(() => {
  project = join(tempDir(), 'p');
  expect(runCli(['init', project, '-q']).code).toBe(0);
});

function runAsync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

function sourcesInProject(): { declared: string[]; inRecords: Map<string, number> } {
  const config = JSON.parse(readFileSync(join(project, 'review.json'), 'utf8')) as { sources: { name: string }[] };
  const inRecords = new Map<string, number>();
  for (const line of readFileSync(join(project, 'stages/import/records.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const source = (JSON.parse(line) as { provenance: { source: string } }).provenance.source;
    inRecords.set(source, (inRecords.get(source) ?? 0) + 1);
  }
  return { declared: config.sources.map((s) => s.name).sort(), inRecords };
}

function lockFile(pid: number, host = hostname()): string {
  return `${JSON.stringify({ pid, hostname: host, command: 'review dedupe', since: '2026-01-01T00:00:00.000Z', token: 'left-behind' })}\n`;
}

describe('project lock', () => {
  it('two concurrent imports of different sources keep both (repeated)', async () => {
    for (let trial = 0; trial < 3; trial++) {
      project = join(tempDir(), 'p');
      expect(runCli(['init', project, '-q']).code).toBe(0);
      const [a, b] = await Promise.all([
        runAsync(['-C', project, '-q', 'import', RIS, '--source', 'Crimjust', '--kind', 'database']),
        runAsync(['-C', project, '-q', 'import', NBIB, '--source', 'PubMed', '--kind', 'database']),
      ]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const { declared, inRecords } = sourcesInProject();
      expect(declared).toEqual(['Crimjust', 'PubMed']);
      expect(inRecords.get('Crimjust')).toBe(41);
      expect(inRecords.get('PubMed')).toBe(104);
      expect(existsSync(join(project, '.review.lock'))).toBe(false);
    }
  }, 60_000);

  it('a second writing command waits a bounded time, names the holder and exits 1; readers do not wait', () => {
    // A lock held by a live process (this test's own).
    writeFileSync(join(project, '.review.lock'), lockFile(process.pid));
    const r = runCli(['-C', project, '--lock-wait', '1', 'import', RIS, '--source', 'Crimjust', '--kind', 'database']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`waiting for the lock held by \`review dedupe\` (pid ${process.pid}`);
    expect(r.stderr).toContain('is in use by `review dedupe`');
    expect(r.stderr).toContain('.review.lock');
    expect(existsSync(join(project, 'exports', 'Crimjust'))).toBe(false);
    const now = runCli(['-C', project, '--lock-wait', '0', 'dedupe']);
    expect(now.code).toBe(1);
    expect(now.stderr).not.toContain('waiting');
    expect(runCli(['-C', project, 'status']).code).toBe(0);
    // The other run's lock is left alone.
    expect(readFileSync(join(project, '.review.lock'), 'utf8')).toBe(lockFile(process.pid));
  });

  it('a lock left by a process that no longer runs is taken over, with a message', () => {
    const dead = deadPid();
    writeFileSync(join(project, '.review.lock'), lockFile(dead));
    const r = runCli(['-C', project, 'import', RIS, '--source', 'Crimjust', '--kind', 'database']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`took over the project lock left by \`review dedupe\` (pid ${dead}`);
    expect(existsSync(join(project, '.review.lock'))).toBe(false);
  });

  it('a lock from another host is never taken over', () => {
    writeFileSync(join(project, '.review.lock'), lockFile(deadPid(), 'some-other-host.example'));
    const r = runCli(['-C', project, '--lock-wait', '0', 'dedupe']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('on some-other-host.example');
  });

  it('the lock is released after a command fails', () => {
    const bad = join(tempDir(), 'notes.txt');
    writeFileSync(bad, 'Dear colleague,\nplease find the papers below.\n');
    const r = runCli(['-C', project, 'import', bad, '--source', 'Crimjust', '--kind', 'database']);
    expect(r.code).toBe(1);
    expect(readdirSync(project).filter((f) => f.startsWith('.review.lock'))).toEqual([]);
    expect(runCli(['-C', project, '--lock-wait', '0', 'import', RIS, '--source', 'Crimjust', '--kind', 'database']).code).toBe(0);
  });
});

/** A pid no process has: the largest pid Linux hands out is 2^22. */
function deadPid(): number {
  for (let pid = 4_194_000; ; pid++) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
}
