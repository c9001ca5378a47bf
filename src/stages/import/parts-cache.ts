/**
 * Incremental import: which stretch of the current records.jsonl each declared export made.
 *
 * records.jsonl is the declared exports' records, file after file in review.json order, and a
 * file's lines depend only on that file (its bytes, its source's name, its path, a forced format and
 * the parsing code: record ids and provenance are per file). So a file whose part is still in
 * records.jsonl need not be parsed again: its bytes are reused. The index of those parts lives in
 * `cache/import.json`, derived data that `review run --check` never copies and that anything may
 * delete. It is trusted only while everything it describes is as it was when it was written:
 *  - records.jsonl has the sha256 its manifest records, and the same size, times and inode it
 *    had when the index was written (any write changes its ctime, which no tool can set back);
 *  - each reused export has the same size, times and inode as when it was parsed;
 *  - the parsing code is the same (a fingerprint of the modules that shape records.jsonl).
 * Anything else, or an unreadable index, and the file is parsed as before.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeJsonAtomic } from '../../project/atomic.js';
import { codeFingerprint } from '../../project/code-fingerprint.js';
import { statKey } from '../../project/file-hashes.js';
import { readManifest } from '../../project/manifest.js';
import type { ProjectPaths } from '../../project/paths.js';
import { ARTIFACTS, artifactFile } from '../shared/artifacts.js';
import type { FileReport } from './index.js';

const CACHE_VERSION = 1;

/** One export's stretch of records.jsonl and the report its parse gave. */
export interface CachedPart {
  source: string;
  file: string;
  /** The format forced for its source in review.json, or null (sniffed). */
  forcedFormat: string | null;
  /** Size, modification and change times (ns) and inode of the export when it was parsed. */
  stat: string;
  offset: number;
  length: number;
  report: FileReport;
}

interface CacheFile {
  version: number;
  code: string;
  records: { sha256: string; stat: string };
  parts: CachedPart[];
}

/** A valid index: the parts of the records.jsonl now in place, in file order. */
export interface PartsCache {
  recordsSha256: string;
  recordsSize: number;
  parts: CachedPart[];
}

export function cacheFile(paths: ProjectPaths): string {
  return join(paths.root, 'cache', 'import.json');
}

/** The index, if it still describes records.jsonl as it is (see the module comment); otherwise undefined. */
export function loadPartsCache(paths: ProjectPaths): PartsCache | undefined {
  const file = cacheFile(paths);
  if (!existsSync(file)) return undefined;
  let cache: CacheFile;
  try {
    cache = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  if (!isCacheFile(cache) || cache.version !== CACHE_VERSION || cache.code !== importCode()) return undefined;
  const records = artifactFile(paths, ARTIFACTS.importedRecords);
  const recorded = readManifest(paths, ARTIFACTS.importedRecords.writer)?.outputs[paths.rel(records)];
  if (recorded !== cache.records.sha256 || statKey(records) !== cache.records.stat) return undefined;
  let end = 0;
  for (const part of cache.parts) {
    if (part.offset !== end) return undefined;
    end += part.length;
  }
  if (end !== statSync(records).size) return undefined;
  return { recordsSha256: cache.records.sha256, recordsSize: end, parts: cache.parts };
}

/** The cached part of `file` of `source`, if the export and how it is read are as they were. */
export function findPart(cache: PartsCache | undefined, source: string, file: string, forcedFormat: string | undefined, stat: string | undefined): CachedPart | undefined {
  if (!cache || !stat) return undefined;
  return cache.parts.find((p) => p.source === source && p.file === file && p.forcedFormat === (forcedFormat ?? null) && p.stat === stat);
}

/**
 * Write the index for the records.jsonl just committed. Best effort: without an index the next
 * import parses every file, as it always could.
 */
export function savePartsCache(paths: ProjectPaths, recordsSha256: string, parts: Omit<CachedPart, 'stat'>[]): void {
  const file = cacheFile(paths);
  try {
    const stats = parts.map((p) => statKey(paths.abs(p.file)));
    const records = statKey(artifactFile(paths, ARTIFACTS.importedRecords));
    if (!records || stats.some((s) => s === undefined)) return;
    const cache: CacheFile = {
      version: CACHE_VERSION,
      code: importCode(),
      records: { sha256: recordsSha256, stat: records },
      parts: parts.map((p, i) => ({ ...p, stat: stats[i] as string })),
    };
    mkdirSync(dirname(file), { recursive: true });
    writeJsonAtomic(file, cache);
  } catch {
    // A cache that cannot be written only costs the next import a full parse.
  }
}

/**
 * After records.jsonl was put back exactly as it was (an append that failed), record its new
 * times: the parts the index names are still the file's, so the next import need not parse them.
 */
export function restatRecords(paths: ProjectPaths): void {
  const file = cacheFile(paths);
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    const records = statKey(artifactFile(paths, ARTIFACTS.importedRecords));
    if (!isCacheFile(cache) || !records) return;
    writeJsonAtomic(file, { ...cache, records: { ...cache.records, stat: records } });
  } catch {
    // No index, or it cannot be written: the next import parses every file.
  }
}

function isCacheFile(value: unknown): value is CacheFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<CacheFile>;
  return typeof v.code === 'string' && typeof v.records?.sha256 === 'string' && typeof v.records.stat === 'string'
    && Array.isArray(v.parts) && v.parts.every((p: Partial<CachedPart>) =>
      typeof p.source === 'string' && typeof p.file === 'string' && (p.forcedFormat === null || typeof p.forcedFormat === 'string')
      && typeof p.stat === 'string' && Number.isSafeInteger(p.offset) && Number.isSafeInteger(p.length)
      && typeof p.report === 'object' && p.report !== null);
}

/**
 * The modules whose code shapes records.jsonl and the import report: format plug-ins, the import
 * stage, the shared JSON writers, the record model and the hash that makes record ids. Any change
 * to them (a new release, a rebuild or a local edit) makes every cached part stale.
 */
const CODE_FOLDERS = ['formats', 'stages/import', 'stages/shared', 'model', 'project'];

const importCode = (): string => codeFingerprint(CODE_FOLDERS, String(CACHE_VERSION));
