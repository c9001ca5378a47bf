/**
 * A large UTF-8 export cut into parts that the parse workers read straight from the file. The
 * main thread reads only the file's first bytes (to sniff it) and a little around each cut; it
 * never holds the whole export. Reading a 250 MB file into fresh memory cost up to a second here:
 * first touches of new pages are slow on this kind of machine, while a worker's part buffer is
 * reused from part to part.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UTF8_HEAD_BYTES, utf8Head } from '../../formats/decode.js';
import { detectFormat, findFormat } from '../../formats/index.js';
import { Utf8Text } from '../../formats/tagged/utf8-text.js';
import type { FormatPlugin } from '../../formats/types.js';

export interface FileParts {
  plugin: FormatPlugin;
  bom: boolean;
  /** File offsets where parts start; the last entry is the file's size. */
  starts: number[];
}

/**
 * The parts of the file at `path` (`size` bytes) for a plug-in that parses bytes in parts, or
 * undefined when the file must be read whole: its start is not plain UTF-8, its plug-in cannot be
 * parsed in parts, or it has no place to cut. Sniffs as openExport does (or takes `forcedFormat`).
 */
export function planFileParts(path: string, size: number, fileName: string, forcedFormat: string | undefined, partBytes: number): FileParts | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = utf8Head(readRange(fd, 0, Math.min(size, UTF8_HEAD_BYTES)), size <= UTF8_HEAD_BYTES);
    if (!head) return undefined;
    // A forced format that does not exist is reported by the whole-file path.
    const plugin = forcedFormat ? findFormat(forcedFormat) : detectFormat(head.head, fileName).plugin;
    if (!plugin?.parseBytes || !plugin.partStart) return undefined;
    const starts = [head.textStart];
    for (let near = head.textStart + partBytes; near < size;) {
      const start = partStartInFile(fd, plugin, near, size);
      if (start >= size) break;
      starts.push(start);
      near = start + partBytes;
    }
    if (starts.length < 2) return undefined;
    starts.push(size);
    return { plugin, bom: head.bom, starts };
  } finally {
    closeSync(fd);
  }
}

/**
 * plugin.partStart(whole text, near) as a file offset, reading a window from near − 1 (partStart
 * looks from there): a start whose line ends inside the window is what the whole text gives, since
 * every line before it is whole too; else the window grows.
 */
function partStartInFile(fd: number, plugin: FormatPlugin, near: number, size: number): number {
  const partStart = plugin.partStart as NonNullable<FormatPlugin['partStart']>;
  const from = near - 1;
  for (let width = 1 << 20; ; width *= 4) {
    const to = Math.min(size, from + width);
    const window = readRange(fd, from, to);
    const local = partStart(new Utf8Text(window), 1);
    if (to === size) return local >= window.length ? size : from + local;
    if (local < window.length && window.indexOf(0x0a, local) >= 0) return from + local;
  }
}

/** Bytes [start, end) of an open file, into `into` when it is large enough (a worker's reused buffer). */
export function readRange(fd: number, start: number, end: number, into?: Buffer): Buffer {
  const length = end - start;
  const bytes = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, bytes, read, length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return read === length ? bytes : bytes.subarray(0, read);
}
