import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

const PIECE = 1 << 20;

/**
 * Whether `file` holds exactly `bytes`. Reads the file in 1 MiB pieces rather than whole: a large
 * import's records.jsonl would otherwise be held twice (the new bytes and the old file) to compare.
 */
export function fileHasContent(file: string, bytes: Uint8Array): boolean {
  // Only a file of the same size can be unchanged: large outputs that differ are never read.
  if (!existsSync(file) || statSync(file).size !== bytes.byteLength) return false;
  const piece = Buffer.allocUnsafe(Math.min(PIECE, Math.max(bytes.byteLength, 1)));
  const expected = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fd = openSync(file, 'r');
  try {
    let offset = 0;
    while (offset < expected.length) {
      const read = readSync(fd, piece, 0, Math.min(piece.length, expected.length - offset), offset);
      // A file that shrank while being read is not the same content.
      if (read === 0) return false;
      if (piece.compare(expected, offset, offset + read, 0, read) !== 0) return false;
      offset += read;
    }
    // A file that grew while being read is not the same content either.
    return readSync(fd, piece, 0, 1, offset) === 0;
  } finally {
    closeSync(fd);
  }
}

/** Whether two files hold the same bytes (read in 1 MiB pieces; a missing file matches nothing). */
export function filesHaveSameContent(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b) || statSync(a).size !== statSync(b).size) return false;
  const pa = Buffer.allocUnsafe(PIECE);
  const pb = Buffer.allocUnsafe(PIECE);
  const fa = openSync(a, 'r');
  try {
    const fb = openSync(b, 'r');
    try {
      for (let offset = 0; ; ) {
        const ra = readSync(fa, pa, 0, PIECE, offset);
        const rb = readSync(fb, pb, 0, PIECE, offset);
        if (ra !== rb) return false;
        if (ra === 0) return true;
        if (pa.compare(pb, 0, rb, 0, ra) !== 0) return false;
        offset += ra;
      }
    } finally {
      closeSync(fb);
    }
  } finally {
    closeSync(fa);
  }
}
