import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

/** What each file-system refusal means for the user, and what they can do about it. */
const USER_SYSTEM_ERRORS: Record<string, { what: string; todo: string }> = {
  ENOSPC: { what: 'the disk is full', todo: 'free some space on that disk (or move the project to a disk with room) and run the command again' },
  EDQUOT: { what: 'your disk quota is used up', todo: 'free some space within your quota (or move the project) and run the command again' },
  EROFS: { what: 'the file system is read-only', todo: 'copy the project to a folder you can write to, or remount the disk read-write, and run the command again' },
  EACCES: { what: 'permission denied', todo: 'check that you may read and write the project folder and its files (owner and permissions), and run the command again' },
  EPERM: { what: 'the operation is not permitted', todo: 'check that you may read and write the project folder and its files (owner, permissions, a file locked by another program), and run the command again' },
};

const VERBS: Record<string, string> = {
  open: 'open', read: 'read', scandir: 'list', stat: 'read', lstat: 'read', access: 'read', write: 'write', mkdir: 'create the folder',
  rename: 'write', link: 'write', copyfile: 'copy to', unlink: 'remove', rmdir: 'remove', fsync: 'write', ftruncate: 'write',
};

/**
 * Name the output a write failed on: Node's error for writeSync/fsyncSync has no path, and one for
 * a temp file names the temp file, which the user never sees. Returns the error for rethrowing.
 */
export function withPath(error: unknown, path: string, tempPath?: string): unknown {
  if (!(error instanceof Error) || !('code' in error)) return error;
  const e = error as NodeJS.ErrnoException & { dest?: string };
  if (!e.path || e.path === tempPath) e.path = path;
  if (e.dest !== undefined) delete e.dest;
  return error;
}

/**
 * A file-system error caused by the user's disk or permissions (disk full, quota, read-only,
 * access denied) as a UserError (exit 1) naming the path; undefined for anything else (a bug).
 * Every write is atomic and its temp file is removed when a run fails, so the message can say that
 * no file was left half-written.
 */
export function userErrorFromSystemError(error: unknown): UserError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, dest, syscall } = error as NodeJS.ErrnoException & { dest?: string };
  const known = code ? USER_SYSTEM_ERRORS[code] : undefined;
  if (!known || !code) return undefined;
  const target = outputOf(dest ?? path) ?? 'a file of the project';
  const verb = (syscall && VERBS[syscall]) ?? 'write';
  return new UserError(`cannot ${verb} ${target}: ${known.what} [${code}${syscall ? `, ${syscall}` : ''}]`, 1, [
    known.todo,
    'no file was left half-written: every output is replaced whole or not at all, and temporary files are removed',
  ]);
}

/**
 * The output a temp path stands for: `.records.jsonl.123.staged` and `.review.json.123.1765000000000.tmp`
 * (staged-file.ts, atomic.ts) are named as `records.jsonl` and `review.json`, the files the user knows.
 */
function outputOf(path: string | undefined): string | undefined {
  if (!path) return path;
  const dir = dirname(path);
  const name = basename(path);
  const suffix = name.endsWith('.staged') ? '.staged' : name.endsWith('.tmp') ? '.tmp' : undefined;
  if (!suffix || !name.startsWith('.')) return path;
  const parts = name.slice(1, -suffix.length).split('.');
  while (parts.length > 1 && /^\d+$/.test(parts[parts.length - 1] ?? '')) parts.pop();
  return join(dir, parts.join('.'));
}
