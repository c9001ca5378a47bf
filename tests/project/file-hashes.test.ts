import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileHashes, hashCacheFile, statKey } from '../../src/project/file-hashes.js';
import { sha256 } from '../../src/project/hash.js';
import { staleFiles } from '../../src/project/manifest.js';
import { ProjectPaths } from '../../src/project/paths.js';
import type { Manifest } from '../../src/model/manifest.js';
import { tempDir } from '../helpers/project.js';

/** A file-system clock a minute ahead: every file written by the test counts as old enough to be recorded. */
const later = (): bigint => BigInt(Date.now() + 60_000) * 1_000_000n;

function project(): { paths: ProjectPaths; file: (rel: string, text: string) => string } {
  const paths = new ProjectPaths(tempDir());
  return {
    paths,
    file: (rel, text) => {
      const abs = paths.abs(rel);
      mkdirSync(join(abs, '..'), { recursive: true });
      writeFileSync(abs, text);
      return abs;
    },
  };
}

interface CacheJson { version: number; files: Record<string, { stat: string; sha256: string }> }
const readCache = (paths: ProjectPaths): CacheJson => JSON.parse(readFileSync(hashCacheFile(paths), 'utf8')) as CacheJson;
const writeCache = (paths: ProjectPaths, cache: CacheJson): void => writeFileSync(hashCacheFile(paths), JSON.stringify(cache));

/** Replace the recorded hash of `rel`: a later answer equal to it can only come from the cache, not from reading the file. */
function tamper(paths: ProjectPaths, rel: string): string {
  const cache = readCache(paths);
  const fake = sha256('not the content');
  cache.files[rel] = { ...cache.files[rel]!, sha256: fake };
  writeCache(paths, cache);
  return fake;
}

describe('FileHashes (cache/hashes.json)', () => {
  it('records a file hashed once and answers from the entry while size, times and inode are as they were', () => {
    const { paths, file } = project();
    const abs = file('stages/import/records.jsonl', 'one\ntwo\n');
    const first = FileHashes.open(paths, { clockNs: later });
    expect(first.sha256(abs)).toBe(sha256('one\ntwo\n'));
    first.save();
    expect(readCache(paths).files['stages/import/records.jsonl']).toEqual({ stat: statKey(abs), sha256: sha256('one\ntwo\n') });
    const fake = tamper(paths, 'stages/import/records.jsonl');
    expect(FileHashes.open(paths).sha256(abs)).toBe(fake);
  });

  it('hashes again a file rewritten with the same size and its modification time set back (ctime differs), or replaced by another inode', () => {
    const { paths, file } = project();
    const abs = file('stages/dedupe/unique.jsonl', 'aaaa');
    utimesSync(abs, 1_700_000_000, 1_700_000_000);
    const hashes = FileHashes.open(paths, { clockNs: later });
    hashes.sha256(abs);
    hashes.save();
    const before = statSync(abs, { bigint: true });
    tamper(paths, 'stages/dedupe/unique.jsonl');

    writeFileSync(abs, 'bbbb');
    utimesSync(abs, 1_700_000_000, 1_700_000_000);
    const now = statSync(abs, { bigint: true });
    expect([now.size, now.mtimeNs, now.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    expect(FileHashes.open(paths).sha256(abs)).toBe(sha256('bbbb'));

    const other = file('elsewhere', 'cccc');
    utimesSync(other, 1_700_000_000, 1_700_000_000);
    renameSync(other, abs);
    expect(FileHashes.open(paths).sha256(abs)).toBe(sha256('cccc'));
  });

  it('ignores a corrupt, foreign or unreadable cache and hashes as before', () => {
    const { paths, file } = project();
    const abs = file('decisions/screen/KBA.xlsx', 'sheet');
    mkdirSync(paths.abs('cache'));
    for (const text of ['{"version": 1, "files": {', '[]', 'null', '{"version": 99, "files": {}}', '{"version": 1, "files": {"decisions/screen/KBA.xlsx": {"stat": 1, "sha256": "x"}}}']) {
      writeFileSync(hashCacheFile(paths), text);
      const hashes = FileHashes.open(paths, { clockNs: later });
      expect(hashes.sha256(abs)).toBe(sha256('sheet'));
    }
    const hashes = FileHashes.open(paths, { clockNs: later });
    hashes.sha256(abs);
    hashes.save();
    expect(readCache(paths).files['decisions/screen/KBA.xlsx']?.sha256).toBe(sha256('sheet'));

    // cache/ that is not a folder: nothing can be recorded, nothing fails.
    rmSync(paths.abs('cache'), { recursive: true });
    writeFileSync(paths.abs('cache'), 'a file where the folder should be');
    const blocked = FileHashes.open(paths);
    expect(blocked.sha256(abs)).toBe(sha256('sheet'));
    expect(() => blocked.save()).not.toThrow();
  });

  it('does not record a file changed within the margin of the moment its hashing began (racy: a later change in the same tick keeps its times)', () => {
    const { paths, file } = project();
    const abs = file('stages/screen/assignments.csv', 'id\n1\n');
    const ctime = statSync(abs, { bigint: true }).ctimeNs;
    const racy = FileHashes.open(paths, { clockNs: () => ctime });
    expect(racy.sha256(abs)).toBe(sha256('id\n1\n'));
    racy.save();
    expect(existsSync(hashCacheFile(paths))).toBe(false);

    // With the file system's own clock, a file written just now is not recorded either.
    const fresh = FileHashes.open(paths);
    fresh.sha256(abs);
    fresh.save();
    expect(existsSync(hashCacheFile(paths))).toBe(false);
    // Changed in place in the same instant with the same size: the answer is the new content.
    writeFileSync(abs, 'id\n2\n');
    expect(FileHashes.open(paths).sha256(abs)).toBe(sha256('id\n2\n'));
  });

  it('two commands writing the cache at once (status takes no lock) leave a valid cache: at worst one\'s new entries are lost', () => {
    const { paths, file } = project();
    const a = file('stages/import/records.jsonl', 'records');
    const b = file('stages/dedupe/unique.jsonl', 'unique');
    const first = FileHashes.open(paths, { clockNs: later });
    const second = FileHashes.open(paths, { clockNs: later });
    first.sha256(a);
    second.sha256(b);
    first.save();
    second.save();
    expect(Object.keys(readCache(paths).files)).toEqual(['stages/dedupe/unique.jsonl']);
    expect(readdirSync(paths.abs('cache')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const next = FileHashes.open(paths);
    expect([next.sha256(a), next.sha256(b)]).toEqual([sha256('records'), sha256('unique')]);
  });

  it('drops entries of files that are gone or changed when it writes the cache', () => {
    const { paths, file } = project();
    const a = file('exports/a.ris', 'a');
    const b = file('exports/b.ris', 'b');
    const hashes = FileHashes.open(paths, { clockNs: later });
    hashes.sha256(a);
    hashes.sha256(b);
    hashes.save();
    rmSync(b);
    const c = file('exports/c.ris', 'c');
    const next = FileHashes.open(paths, { clockNs: later });
    next.sha256(c);
    next.save();
    expect(Object.keys(readCache(paths).files)).toEqual(['exports/a.ris', 'exports/c.ris']);
  });
});

describe('staleFiles with the hash cache', () => {
  const manifest = (outputs: Record<string, string>): Manifest => ({ schemaVersion: 1, stage: 'dedupe', toolVersion: 'test', ranAt: '', parameters: {}, inputs: {}, outputs, summary: {} });

  it('does not read a file whose stat matches its entry, and still sees a changed one', () => {
    const { paths, file } = project();
    const abs = file('stages/dedupe/unique.jsonl', 'big file\n');
    const hashes = FileHashes.open(paths, { clockNs: later });
    hashes.sha256(abs);
    hashes.save();
    const fake = tamper(paths, 'stages/dedupe/unique.jsonl');
    // The manifest's hash is the cached one: the file is taken as unchanged without being read.
    expect(staleFiles(paths, manifest({ 'stages/dedupe/unique.jsonl': fake }))).toEqual([]);
    writeFileSync(abs, 'big file\n');
    expect(staleFiles(paths, manifest({ 'stages/dedupe/unique.jsonl': fake }))).toEqual(['stages/dedupe/unique.jsonl']);
    expect(staleFiles(paths, manifest({ 'stages/dedupe/unique.jsonl': sha256('big file\n') }))).toEqual([]);
  });
});
