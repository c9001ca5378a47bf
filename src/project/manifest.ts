import { existsSync, readFileSync } from 'node:fs';
import { type Manifest, ManifestSchema } from '../model/manifest.js';
import { codeFingerprint } from './code-fingerprint.js';
import { configPartHash, configPartOf, readConfigJson } from './config-parts.js';
import { FileHashes } from './file-hashes.js';
import type { ProjectPaths } from './paths.js';
import { writeJsonAtomic } from './atomic.js';
import { TOOL_VERSION } from './version.js';

export type { Manifest } from '../model/manifest.js';

export function readManifest(paths: ProjectPaths, stage: string): Manifest | undefined {
  const file = paths.manifest(stage);
  if (!existsSync(file)) return undefined;
  const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Project-relative path → sha256, sorted; `known` supplies hashes already computed (absolute path →
 * hash). Files are hashed through the hash cache (src/project/file-hashes.ts); `shared` is the
 * caller's, which it saves. Parts of review.json (src/project/config-parts.ts) are hashed as parts;
 * a stage that names parts does not also hash the whole review.json (a manifest of an earlier
 * version, merged by a stage with several steps, may still list it).
 */
export function hashFiles(paths: ProjectPaths, files: string[], known?: ReadonlyMap<string, string>, shared?: FileHashes): Record<string, string> {
  const rels = files.map((f) => paths.rel(f));
  const hasParts = rels.some((r) => configPartOf(r) !== undefined);
  let config: Record<string, unknown> | undefined;
  const hashes = shared ?? FileHashes.open(paths);
  const entries = files.flatMap((f, i) => {
    const rel = rels[i] as string;
    const part = configPartOf(rel);
    if (part !== undefined) {
      config ??= readConfigJson(paths) ?? {};
      return [[rel, configPartHash(config, part)] as const];
    }
    if (hasParts && f === paths.config) return [];
    return [[rel, known?.get(f) ?? hashes.sha256(f)] as const];
  });
  if (!shared) hashes.save();
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Record<string, string> = {};
  for (const [rel, hash] of entries) out[rel] = hash;
  return out;
}

/** Write a stage manifest. The run time lives here only, never in data files. */
export function writeManifest(
  paths: ProjectPaths,
  stage: string,
  parts: { parameters: Record<string, unknown>; inputs: string[]; outputs: string[]; summary?: Record<string, unknown>; known?: ReadonlyMap<string, string> },
): Manifest {
  const hashes = FileHashes.open(paths);
  const manifest: Manifest = {
    schemaVersion: 1,
    stage,
    toolVersion: TOOL_VERSION,
    code: codeFingerprint(),
    ranAt: new Date().toISOString(),
    parameters: parts.parameters,
    inputs: hashFiles(paths, parts.inputs, parts.known, hashes),
    outputs: hashFiles(paths, parts.outputs, parts.known, hashes),
    summary: parts.summary ?? {},
  };
  hashes.save();
  writeJsonAtomic(paths.manifest(stage), manifest);
  return manifest;
}

/**
 * A stage is stale when any recorded input or output (or part of review.json) no longer has the
 * recorded hash. Files whose size, times and inode are as when they were last hashed are not read
 * again (cache/hashes.json, src/project/file-hashes.ts).
 */
export function staleFiles(paths: ProjectPaths, manifest: Manifest, shared?: FileHashes): string[] {
  const changed: string[] = [];
  const config = readConfigJson(paths) ?? {};
  const hashes = shared ?? FileHashes.open(paths);
  for (const [rel, hash] of Object.entries({ ...manifest.inputs, ...manifest.outputs })) {
    const part = configPartOf(rel);
    if (part !== undefined) {
      if (configPartHash(config, part) !== hash) changed.push(rel);
      continue;
    }
    const abs = paths.abs(rel);
    if (!existsSync(abs) || hashes.sha256(abs) !== hash) changed.push(rel);
  }
  // `status` takes no lock: the cache is written atomically and only ever holds entries that stand on their own.
  if (!shared) hashes.save();
  return changed;
}
