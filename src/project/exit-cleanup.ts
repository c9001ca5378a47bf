import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, truncateSync } from 'node:fs';
import { isMainThread, type MessagePort, workerData } from 'node:worker_threads';

/**
 * Something a run must undo if it ends before finishing: a temp file, a folder it made for its
 * outputs (removed only if empty), or the project lock it holds (removed only if still its own).
 */
export type Cleanup =
  | { kind: 'file'; path: string }
  | { kind: 'folder-if-empty'; path: string }
  | { kind: 'lock'; path: string; token: string }
  /** A file moved aside to be appended to: cut back to `size` bytes and moved back to `to`, if still aside. */
  | { kind: 'restore'; path: string; to: string; size: number };

/** Name under which the supervising thread passes its cleanup port to the command's worker (src/cli/supervisor.ts). */
export const CLEANUP_PORT = 'reviewCleanupPort';
/** Name under which it passes the shared counter of commits in progress (see whileCommitting). */
export const COMMITTING = 'reviewCommitting';

const pending: Cleanup[] = [];
let hooked = false;

/**
 * Undo `item` when this run ends, however it ends: normal exit, error, Ctrl-C or SIGTERM.
 * Register BEFORE making the thing (the temp file, the lock): then nothing can exist unregistered.
 *
 * When the command runs on a worker thread under the supervisor, the item is also posted to the
 * supervising thread at once (a synchronous enqueue), because a worker stopped by a signal runs no
 * JavaScript any more: the supervisor then carries out every cleanup it was told of.
 */
export function cleanUpOnExit(item: Cleanup): void {
  if (!hooked) hookExit();
  pending.push(item);
  supervisorPort()?.postMessage(item);
}

/** Carry out cleanups (every step tolerates a thing already gone). Files first, then folders deepest first. */
export function runCleanups(items: readonly Cleanup[]): void {
  for (const item of items) {
    try {
      if (item.kind === 'file') rmSync(item.path, { force: true });
      else if (item.kind === 'lock') releaseLockFile(item.path, item.token);
      else if (item.kind === 'restore') restoreFile(item.path, item.to, item.size);
    } catch {
      // Never made, or not removable (a temp file under `cache` when `cache` is a file: ENOTDIR):
      // a cleanup that throws at exit would turn any outcome into a crash and skip the cleanups after it.
    }
  }
  const folders = items.filter((i) => i.kind === 'folder-if-empty').map((i) => i.path);
  for (const dir of [...new Set(folders)].sort((a, b) => b.length - a.length)) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // Already gone, or not ours to remove any more.
    }
  }
}

/** Put back a file that was moved aside to be appended to, as it was (nothing to do once it is gone from `path`). */
export function restoreFile(path: string, to: string, size: number): void {
  try {
    if (!existsSync(path)) return;
    truncateSync(path, size);
    renameSync(path, to);
  } catch {
    // Left aside: the next import finds its output missing and makes it again from the exports.
  }
}

/** Remove a lock file only if it still holds `token` (another run may have taken over a lock thought stale). */
export function releaseLockFile(path: string, token: string): void {
  try {
    if (readFileSync(path, 'utf8').includes(`"token":"${token}"`)) rmSync(path, { force: true });
  } catch {
    // Already gone.
  }
}

/**
 * Run `write` (a commit: renames of finished outputs into place, manifest, review.json) so that an
 * interrupt does not stop it half-way: the supervisor lets a commit in progress finish (it takes
 * milliseconds) before it stops the command. Elsewhere the command stops at once.
 */
export function whileCommitting<T>(write: () => T): T {
  const counter = committingCounter();
  if (counter) Atomics.add(counter, 0, 1);
  try {
    return write();
  } finally {
    if (counter) Atomics.sub(counter, 0, 1);
  }
}

/** The same for an async commit phase (an import waiting for its copies before renaming them in). */
export async function whileCommittingAsync<T>(write: () => Promise<T>): Promise<T> {
  const counter = committingCounter();
  if (counter) Atomics.add(counter, 0, 1);
  try {
    return await write();
  } finally {
    if (counter) Atomics.sub(counter, 0, 1);
  }
}

function committingCounter(): Int32Array | undefined {
  if (isMainThread) return undefined;
  const shared = (workerData as Record<string, unknown> | null | undefined)?.[COMMITTING];
  return shared instanceof SharedArrayBuffer ? new Int32Array(shared) : undefined;
}

function supervisorPort(): MessagePort | undefined {
  if (isMainThread) return undefined;
  const data = workerData as Record<string, unknown> | null | undefined;
  const port = data?.[CLEANUP_PORT];
  return port ? (port as MessagePort) : undefined;
}

function hookExit(): void {
  hooked = true;
  process.on('exit', () => runCleanups(pending));
  // In a worker thread signals are not delivered; the supervisor handles them.
  if (!isMainThread) return;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
}
