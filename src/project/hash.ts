import { createHash, hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** sha256 in hex. The one-shot crypto.hash: a Hash object per call cost more than the hashing of a record id. */
export function sha256(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

const PIECE = 1 << 20;

/** sha256 of a file read in 1 MiB pieces: a large export or records.jsonl is never held whole to hash it. */
export function sha256File(path: string): string {
  const fd = openSync(path, 'r');
  try {
    return sha256Open(fd);
  } finally {
    closeSync(fd);
  }
}

/** sha256 of an open file from its current position to its end, read in 1 MiB pieces. */
export function sha256Open(fd: number): string {
  const hash = createHash('sha256');
  const piece = Buffer.allocUnsafe(PIECE);
  for (let read = readSync(fd, piece, 0, PIECE, null); read > 0; read = readSync(fd, piece, 0, PIECE, null)) {
    hash.update(piece.subarray(0, read));
  }
  return hash.digest('hex');
}
