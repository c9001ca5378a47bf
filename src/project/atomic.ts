import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cleanUpOnExit, whileCommitting } from './exit-cleanup.js';
import { withPath } from './fs-errors.js';

/**
 * Write a file atomically: temp file in the same folder, fsync, rename. A crash or Ctrl-C leaves
 * either the old file or the new one, never half of one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  whileCommitting(() => writeNow(path, data));
}

function writeNow(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  cleanUpOnExit({ kind: 'file', path: tmp });
  try {
    const fd = openSync(tmp, 'w');
    try {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw withPath(error, path, tmp);
  }
}

/** Stable JSON: 2-space indent, trailing newline (byte-identical across runs for equal data). */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, toJson(value));
}
