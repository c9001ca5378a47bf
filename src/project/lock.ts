import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { cleanUpOnExit, releaseLockFile } from './exit-cleanup.js';
import { UserError } from './errors.js';
import { withPath } from './fs-errors.js';

/** The lock file in the project folder: present while a command that writes runs on the project. */
export const LOCK_FILE = '.review.lock';
/** A lock or takeover file this old that cannot be read was left half-written by a run that died. */
const UNREADABLE_STALE_MS = 10_000;

/** Who holds the lock (the lock file's JSON). */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** The command, e.g. "review screen assign". */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Unique per acquisition: a run releases the lock only if it still holds its own token. */
  token: string;
}

export interface AcquireOptions {
  command: string;
  /** How long to wait for another command to finish; 0 refuses at once. */
  waitMs: number;
  /** Told once when the lock is busy and this run starts waiting. */
  onWait?: (holder: LockHolder | undefined, waitMs: number) => void;
  /** Told when a lock left by a process that is no longer running is taken over. */
  onTakeover?: (holder: LockHolder | undefined) => void;
  pollMs?: number;
}

export interface ProjectLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): void;
}

/**
 * Take the project's exclusive lock, so that two commands never read-modify-write review.json or a
 * stage's outputs at the same time (two concurrent imports lost one source before). The lock file is
 * written whole under a temp name and then hard-linked into place: the link is atomic and fails if
 * a lock exists, so every lock file a reader sees is complete. A lock whose process no longer runs
 * (same host, pid gone) is taken over; one from another host is never taken over (its pid means
 * nothing here). Released by `release()`, and on any exit, error or signal (exit-cleanup.ts).
 */
export async function acquireProjectLock(root: string, options: AcquireOptions): Promise<ProjectLock> {
  const path = join(root, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: options.command,
    since: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  cleanUpOnExit({ kind: 'lock', path, token: holder.token });
  const deadline = Date.now() + options.waitMs;
  let waiting = false;
  for (;;) {
    if (tryCreate(path, holder)) {
      return { path, holder, release: () => releaseLockFile(path, holder.token) };
    }
    const current = readHolder(path);
    if (current === 'gone') continue;
    if (isStale(path, current)) {
      if (takeOver(path, current)) options.onTakeover?.(current === 'unreadable' ? undefined : current);
      continue;
    }
    const known = current === 'unreadable' ? undefined : current;
    if (Date.now() >= deadline) throw busy(root, path, known, options.waitMs);
    if (!waiting) {
      waiting = true;
      options.onWait?.(known, options.waitMs);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 200, Math.max(1, deadline - Date.now()))));
  }
}

/** The holder as shown in messages: "`review import` (pid 123, since 2026-12-07 03:20:01 UTC)". */
export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another review command';
  const host = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  return `\`${holder.command}\` (pid ${holder.pid}${host}, since ${holder.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')})`;
}

function busy(root: string, path: string, holder: LockHolder | undefined, waitMs: number): UserError {
  const waited = waitMs > 0 ? `, waited ${Math.round(waitMs / 1000)} s` : '';
  return new UserError(`the project ${root} is in use by ${describeHolder(holder)}${waited}; run this command again when that one has finished`, 1, [
    `--lock-wait <seconds> waits longer (0 refuses at once)`,
    `if no review command is running on this project any more, remove ${path}`,
  ]);
}

/** Create the lock file with the holder's JSON, atomically; false if a lock exists. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const content = `${JSON.stringify(holder)}\n`;
  const temp = `${path}.${holder.pid}.${holder.token}.tmp`;
  cleanUpOnExit({ kind: 'file', path: temp });
  try {
    writeWhole(temp, content, 'w');
  } catch (error) {
    rmSync(temp, { force: true });
    throw withPath(error, path, temp);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links (FAT, some network shares): exclusive create, then write.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') return createExclusive(path, content);
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function createExclusive(path: string, content: string): boolean {
  try {
    writeWhole(path, content, 'wx');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function writeWhole(path: string, content: string, flags: 'w' | 'wx'): void {
  const fd = openSync(path, flags);
  try {
    const bytes = Buffer.from(content, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
}

function readHolder(path: string): LockHolder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.token === 'string') {
      return { pid: value.pid, hostname: value.hostname, command: String(value.command ?? 'review'), since: String(value.since ?? ''), token: value.token };
    }
  } catch {
    // Not JSON: see isStale.
  }
  return 'unreadable';
}

function isStale(path: string, holder: LockHolder | 'unreadable'): boolean {
  if (holder === 'unreadable') return olderThan(path, UNREADABLE_STALE_MS);
  return holder.hostname === hostname() && !processIsAlive(holder.pid);
}

/**
 * Remove a stale lock. Two runs may find the same stale lock at once; the one that creates the
 * takeover file removes it (after checking it is still the same lock), so a fresh lock that
 * another run just took is never removed by mistake.
 */
function takeOver(path: string, stale: LockHolder | 'unreadable'): boolean {
  const takeover = `${path}.takeover`;
  cleanUpOnExit({ kind: 'file', path: takeover });
  if (!createExclusive(takeover, `${process.pid}\n`)) {
    // Another run is taking over; its takeover file is stale only if that run died in those few milliseconds.
    const pid = Number(safeRead(takeover).trim());
    if (olderThan(takeover, UNREADABLE_STALE_MS) || (Number.isInteger(pid) && pid > 0 && !processIsAlive(pid))) rmSync(takeover, { force: true });
    return false;
  }
  try {
    const now = readHolder(path);
    const same = now === 'unreadable' ? stale === 'unreadable' : now !== 'gone' && stale !== 'unreadable' && now.token === stale.token;
    if (!same) return false;
    rmSync(path, { force: true });
    return true;
  } finally {
    rmSync(takeover, { force: true });
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

/** Whether a process with this id runs on this machine (EPERM: it does, as another user). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
