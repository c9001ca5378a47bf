/**
 * cache/hashes.json: the sha256 of project files, keyed by what identifies a file's content without
 * reading it (size, modification and change times in nanoseconds, inode), as git's index does.
 * `review status` and every manifest hash records.jsonl, unique.jsonl, sheets…: at 150,000 records
 * that was half a gigabyte read on every `status`. A file whose size, times or inode differ from its
 * entry is read and hashed again; any write to a file changes its ctime, which no tool can set back.
 *
 * The cache is only an optimisation: missing, unreadable, corrupt or unwritable, and files are
 * hashed as before. It is written atomically (temporary file and rename); two commands writing it at
 * once (`status` takes no lock) can only lose each other's new entries, as every entry stands on its
 * own.
 *
 * "Racy" entries: file times have a granularity (a clock tick, a second, two on FAT), so a file
 * changed again within the same tick as it was hashed keeps its times, and with the same size its
 * entry would still match. An entry is therefore recorded only for a file whose times are older
 * than the moment its hashing began by more than RACY_MARGIN, that moment read from the file
 * system's own clock (the times of a probe file made in cache/). A file written just before it was
 * hashed (a stage's outputs) is hashed again by the next command, which then records it.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic.js';
import { cleanUpOnExit } from './exit-cleanup.js';
import { sha256Open } from './hash.js';
import type { ProjectPaths } from './paths.js';

const CACHE_VERSION = 1;
/** Times within this much of the hashing's start are not trusted: covers 1 s and 2 s (FAT) timestamps and coarse kernel clocks. */
const RACY_MARGIN_NS = 2_000_000_000n;

interface Entry { stat: string; sha256: string }
interface CacheFile { version: number; files: Record<string, Entry> }

/** What identifies a file's content without reading it: size, times in nanoseconds and inode; undefined when it is not a regular file. */
export function statKey(path: string): string | undefined {
  try {
    return keyOf(statSync(path, { bigint: true }));
  } catch {
    return undefined;
  }
}

interface BigStat { size: bigint; mtimeNs: bigint; ctimeNs: bigint; ino: bigint; isFile(): boolean }

function keyOf(s: BigStat): string | undefined {
  return s.isFile() ? `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}` : undefined;
}

export function hashCacheFile(paths: ProjectPaths): string {
  return join(paths.root, 'cache', 'hashes.json');
}

/**
 * The project's file hashes: `sha256(file)` answers from the cache when the file's stat matches its
 * entry, and otherwise reads it; `save()` writes what was learned. `clockNs` replaces the file
 * system's clock (tests).
 */
export class FileHashes {
  private readonly known = new Map<string, Entry>();
  private readonly learned = new Map<string, Entry>();
  private clock: bigint | undefined | null;

  private constructor(private readonly paths: ProjectPaths, private readonly clockNs?: () => bigint | undefined) {}

  static open(paths: ProjectPaths, options: { clockNs?: () => bigint | undefined } = {}): FileHashes {
    const hashes = new FileHashes(paths, options.clockNs);
    for (const [rel, entry] of Object.entries(readCache(hashCacheFile(paths)))) hashes.known.set(rel, entry);
    return hashes;
  }

  /** sha256 in hex of the file at `abs` (which must exist, as for sha256File). */
  sha256(abs: string): string {
    const rel = this.paths.rel(abs);
    const key = statKey(abs);
    const entry = this.learned.get(rel) ?? this.known.get(rel);
    if (key !== undefined && entry?.stat === key) return entry.sha256;
    // The clock is read before the first file is hashed: a change made after it has later times.
    if (this.clock === undefined) this.clock = (this.clockNs ?? (() => fileSystemNow(this.paths)))() ?? null;
    const { sha256, stat } = hashWithStat(abs);
    if (stat && this.clock !== null && stat.newestNs + RACY_MARGIN_NS < this.clock && stat.key === statKey(abs)) {
      this.learned.set(rel, { stat: stat.key, sha256 });
    } else {
      this.learned.delete(rel);
    }
    return sha256;
  }

  /**
   * Write the cache when this run hashed something it can record. Entries of files that are gone or
   * changed are dropped. Best effort: a cache that cannot be written only costs the next run hashing.
   */
  save(): void {
    if (this.learned.size === 0) return;
    try {
      const files: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
      for (const [rel, entry] of this.known) if (!this.learned.has(rel) && statKey(this.paths.abs(rel)) === entry.stat) files[rel] = entry;
      for (const [rel, entry] of this.learned) files[rel] = entry;
      const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      writeJsonAtomic(hashCacheFile(this.paths), { version: CACHE_VERSION, files: sorted } satisfies CacheFile);
      for (const [rel, entry] of this.learned) this.known.set(rel, entry);
      this.learned.clear();
    } catch {
      // Unwritable cache/ (a read-only copy of a project): the next run hashes again.
    }
  }
}

/** The cache's entries; anything unreadable or of another shape counts as no cache. */
function readCache(file: string): Record<string, Entry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const cache = parsed as Partial<CacheFile>;
  if (cache.version !== CACHE_VERSION || typeof cache.files !== 'object' || cache.files === null || Array.isArray(cache.files)) return {};
  const out: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
  for (const [rel, entry] of Object.entries(cache.files)) {
    const e = entry as Partial<Entry> | null;
    if (typeof e?.stat === 'string' && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256)) out[rel] = { stat: e.stat, sha256: e.sha256 };
  }
  return out;
}

/**
 * sha256 of a file read in 1 MiB pieces, with its stat when the file was the same before and after
 * the read (a file written while it is read gets no entry).
 */
function hashWithStat(abs: string): { sha256: string; stat?: { key: string; newestNs: bigint } } {
  const fd = openSync(abs, 'r');
  try {
    const before = fstatSync(fd, { bigint: true });
    const sha256 = sha256Open(fd);
    const after = fstatSync(fd, { bigint: true });
    const key = keyOf(before);
    if (key === undefined || key !== keyOf(after)) return { sha256 };
    return { sha256, stat: { key, newestNs: before.mtimeNs > before.ctimeNs ? before.mtimeNs : before.ctimeNs } };
  } finally {
    closeSync(fd);
  }
}

/** The file system's time now: the change time of a probe file made (and removed) in cache/; undefined when none can be made. */
function fileSystemNow(paths: ProjectPaths): bigint | undefined {
  const dir = join(paths.root, 'cache');
  const probe = join(dir, `.clock.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    cleanUpOnExit({ kind: 'file', path: probe });
    const fd = openSync(probe, 'wx');
    try {
      return fstatSync(fd, { bigint: true }).ctimeNs;
    } finally {
      closeSync(fd);
      rmSync(probe, { force: true });
    }
  } catch {
    return undefined;
  }
}
