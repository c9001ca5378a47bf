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
