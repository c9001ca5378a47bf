import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(REPO, '..', 'shared');
export const EXPORTS = join(SHARED, 'fixtures', 'exports');
export const ZOTERO_CASES = join(SHARED, 'fixtures', 'zotero-cases');
export const BIN = join(REPO, 'bin', 'review.js');

export function tempDir(prefix = 'review-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (dist/) as a user would; the vitest global setup (tests/global-setup.ts) builds it when stale. */
export function runCli(args: string[], opts: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    input: opts.input ?? '',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Copy a folder into a fresh temp dir and return the copy's path. */
export function copyToTemp(folder: string): string {
  const dir = tempDir();
  cpSync(folder, dir, { recursive: true });
  return dir;
}

/**
 * Snapshot of every file's bytes under a folder (for "left unchanged" checks). A project's cache/
 * is left out: it is derived data outside the project's state (`review run --check` ignores it,
 * anything may delete it), and an import that fails after appending records the restored
 * records.jsonl's new times there so that its parts stay reusable (tests/stages/import/incremental.test.ts
 * checks that the cache is still valid then).
 */
export function snapshot(folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    let entries: string[] = [];
    try { entries = readdirSync(d); } catch { return; }
    for (const e of entries) {
      const p = join(d, e);
      if (d === folder && e === 'cache') continue;
      // A running command's short-lived files (the lock's temp file) may vanish between list and read.
      try {
        if (statSync(p).isDirectory()) walk(p);
        else out.set(p.slice(folder.length), readFileSync(p).toString('base64'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  };
  walk(folder);
  return out;
}

export function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}
