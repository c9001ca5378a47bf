/**
 * A bounded reader of zip archives held in memory (an .xlsx is a zip), for untrusted files people
 * return. Everything is checked against the central directory's declared sizes BEFORE anything is
 * inflated (entry count, sizes, compression ratio), and again while inflating, since declared sizes
 * can lie: inflation stops at the first byte beyond what was declared or allowed. Entries are
 * inflated as a stream of chunks, so a caller can scan a part without holding it whole.
 */
import { createInflateRaw, crc32 } from 'node:zlib';

export interface ZipLimits {
  /** Entries in the central directory (an .xlsx has a few dozen; thousands mean something else). */
  maxEntries: number;
  /** Uncompressed bytes of one entry that is read. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries read from one archive. */
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio allowed for an entry larger than `ratioGraceBytes` (Apache POI's rule: 100). */
  maxRatio: number;
  ratioGraceBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  ratioGraceBytes: 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** A file that is not a readable archive or breaks a limit; the message says which, for people. */
export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MB = 1024 * 1024;

export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(private readonly zip: Buffer, private readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS) {
    const eocd = findEndRecord(zip);
    const count = zip.readUInt16LE(eocd + 10);
    const dirSize = zip.readUInt32LE(eocd + 12);
    const dirOffset = zip.readUInt32LE(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError('a zip64 archive (over 65,535 entries or 4 GB), larger than any workbook this tool reads');
    if (count > limits.maxEntries) throw new ZipError(`the archive has ${count} entries, more than the ${limits.maxEntries} allowed in a workbook`);
    if (dirOffset + dirSize > eocd) throw new ZipError('the zip directory is damaged (it points past the end of the file)');
    let p = dirOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > eocd || zip.readUInt32LE(p) !== CENTRAL_SIG) throw new ZipError('the zip directory is damaged');
      const nameLength = zip.readUInt16LE(p + 28);
      const name = zip.toString('utf8', p + 46, p + 46 + nameLength).replace(/\\/g, '/');
      const entry: ZipEntry = {
        name,
        flags: zip.readUInt16LE(p + 8),
        method: zip.readUInt16LE(p + 10),
        crc: zip.readUInt32LE(p + 16),
        compressedSize: zip.readUInt32LE(p + 20),
        size: zip.readUInt32LE(p + 24),
        localOffset: zip.readUInt32LE(p + 42),
      };
      // Duplicate names are a known trick to show one reader one part and another reader another.
      if (this.entries.has(name)) throw new ZipError(`the archive holds "${name}" twice`);
      this.entries.set(name, entry);
      p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * Check an entry's declared size and ratio against the limits without inflating anything; throws
   * a ZipError naming the entry and the limit.
   */
  check(name: string): ZipEntry {
    const e = this.entries.get(name);
    if (!e) throw new ZipError(`the part ${name} is missing`);
    if (e.flags & 1) throw new ZipError(`${name} is encrypted; save the workbook without a password`);
    if (e.method !== 0 && e.method !== 8) throw new ZipError(`${name} uses zip compression method ${e.method}; save the workbook again as .xlsx`);
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff) throw new ZipError(`${name} is a zip64 entry (4 GB or more)`);
    if (e.size > this.limits.maxEntryBytes) throw new ZipError(`${name} declares ${mb(e.size)} uncompressed, more than the ${mb(this.limits.maxEntryBytes)} allowed for one part`);
    if (this.inflated + e.size > this.limits.maxTotalBytes) throw new ZipError(`the parts read declare more than ${mb(this.limits.maxTotalBytes)} uncompressed in total`);
    if (e.size > this.limits.ratioGraceBytes && e.size > e.compressedSize * this.limits.maxRatio) {
      throw new ZipError(`${name} declares ${mb(e.size)} from ${mb(e.compressedSize)} compressed, a ratio over ${this.limits.maxRatio}:1 (a zip bomb, not a spreadsheet)`);
    }
    if (e.method === 0 && e.size !== e.compressedSize) throw new ZipError(`${name} is stored uncompressed but declares two different sizes`);
    return e;
  }

  /** The entry's bytes in chunks, inflated as they are consumed; stops at the declared size. */
  async *chunks(name: string): AsyncGenerator<Buffer> {
    const e = this.check(name);
    const data = this.rawData(e);
    let total = 0;
    let crc = 0;
    const take = (chunk: Buffer): void => {
      total += chunk.length;
      // Declared sizes can lie: what was declared (and checked above) is all that is ever inflated.
      if (total > e.size) throw new ZipError(`${name} inflates to more than the ${mb(e.size)} its directory entry declares (a zip bomb or a damaged file)`);
      crc = crc32(chunk, crc);
    };
    if (e.method === 0) {
      for (let at = 0; at < data.length; at += MB) {
        const chunk = data.subarray(at, Math.min(at + MB, data.length));
        take(chunk);
        yield chunk;
      }
    } else {
      const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
      inflate.end(data);
      try {
        for await (const chunk of inflate as AsyncIterable<Buffer>) {
          take(chunk);
          yield chunk;
        }
      } catch (error) {
        if (error instanceof ZipError) throw error;
        throw new ZipError(`${name} cannot be inflated (${(error as Error).message}); the file is damaged`);
      } finally {
        inflate.destroy();
      }
    }
    if (total !== e.size) throw new ZipError(`${name} inflates to ${total} bytes, not the ${e.size} declared; the file is damaged`);
    if (crc >>> 0 !== e.crc) throw new ZipError(`${name} fails its checksum; the file is damaged`);
    this.inflated += total;
  }

  private rawData(e: ZipEntry): Buffer {
    const at = e.localOffset;
    if (at + 30 > this.zip.length || this.zip.readUInt32LE(at) !== LOCAL_SIG) throw new ZipError(`${e.name}: its local header is damaged`);
    const start = at + 30 + this.zip.readUInt16LE(at + 26) + this.zip.readUInt16LE(at + 28);
    const end = start + e.compressedSize;
    if (end > this.zip.length) throw new ZipError(`${e.name} runs past the end of the file (truncated download?)`);
    return this.zip.subarray(start, end);
  }
}

function findEndRecord(zip: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let p = zip.length - 22; p >= stop; p--) {
    if (zip.readUInt32LE(p) === EOCD_SIG) return p;
  }
  throw new ZipError('not a zip archive (no zip end record; truncated, or not an .xlsx)');
}

function mb(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${bytes} bytes`;
}
