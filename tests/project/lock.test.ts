import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/project/errors.js';
import { acquireProjectLock, LOCK_FILE, type LockHolder } from '../../src/project/lock.js';
import { tempDir } from '../helpers/project.js';

describe('acquireProjectLock', () => {
  it('is exclusive, names its holder, and is released only by its holder', async () => {
    const dir = tempDir();
    const first = await acquireProjectLock(dir, { command: 'review import', waitMs: 0 });
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
    expect(held).toMatchObject({ pid: process.pid, command: 'review import' });
    await expect(acquireProjectLock(dir, { command: 'review dedupe', waitMs: 0 })).rejects.toThrow(UserError);
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const second = await acquireProjectLock(dir, { command: 'review dedupe', waitMs: 0 });
    first.release(); // a late release of the first lock must not remove the second one
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    second.release();
  });

  it('waits while the lock is held and gets it once released', async () => {
    const dir = tempDir();
    const first = await acquireProjectLock(dir, { command: 'review import', waitMs: 0 });
    let told: LockHolder | undefined;
    setTimeout(() => first.release(), 150);
    const second = await acquireProjectLock(dir, { command: 'review dedupe', waitMs: 5000, pollMs: 20, onWait: (h) => (told = h) });
    expect(told?.command).toBe('review import');
    second.release();
  });

  it('gives up after the wait with a message naming the holder and the lock file', async () => {
    const dir = tempDir();
    const first = await acquireProjectLock(dir, { command: 'review import', waitMs: 0 });
    const started = Date.now();
    const error = await acquireProjectLock(dir, { command: 'review dedupe', waitMs: 300, pollMs: 20 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('`review import`');
    expect((error as UserError).details.join('\n')).toContain(join(dir, LOCK_FILE));
    first.release();
  });

  it('takes over an unreadable lock file only once it is old', async () => {
    const dir = tempDir();
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, '');
    await expect(acquireProjectLock(dir, { command: 'review dedupe', waitMs: 0 })).rejects.toThrow(UserError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    let tookOver = false;
    const lock = await acquireProjectLock(dir, { command: 'review dedupe', waitMs: 0, onTakeover: () => (tookOver = true) });
    expect(tookOver).toBe(true);
    lock.release();
  });
});
