import { existsSync, readFileSync } from 'node:fs';
import { type Manifest, ManifestSchema } from '../model/manifest.js';
import { configPartHash, configPartOf, readConfigJson } from './config-parts.js';
import { sha256File } from './hash.js';
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
 * hash). Parts of review.json (src/project/config-parts.ts) are hashed as parts; a stage that names
 * parts does not also hash the whole review.json (a manifest of an earlier version, merged by a
 * stage with several steps, may still list it).
 */
export function hashFiles(paths: ProjectPaths, files: string[], known?: ReadonlyMap<string, string>): Record<string, string> {
  const rels = files.map((f) => paths.rel(f));
  const hasParts = rels.some((r) => configPartOf(r) !== undefined);
  let config: Record<string, unknown> | undefined;
  const entries = files.flatMap((f, i) => {
    const rel = rels[i] as string;
    const part = configPartOf(rel);
    if (part !== undefined) {
      config ??= readConfigJson(paths) ?? {};
      return [[rel, configPartHash(config, part)] as const];
    }
    if (hasParts && f === paths.config) return [];
    return [[rel, known?.get(f) ?? sha256File(f)] as const];
  });
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
  const manifest: Manifest = {
    schemaVersion: 1,
    stage,
    toolVersion: TOOL_VERSION,
    ranAt: new Date().toISOString(),
    parameters: parts.parameters,
    inputs: hashFiles(paths, parts.inputs, parts.known),
    outputs: hashFiles(paths, parts.outputs, parts.known),
    summary: parts.summary ?? {},
  };
  writeJsonAtomic(paths.manifest(stage), manifest);
  return manifest;
}

/** A stage is stale when any recorded input or output (or part of review.json) no longer has the recorded hash. */
export function staleFiles(paths: ProjectPaths, manifest: Manifest): string[] {
  const changed: string[] = [];
  const config = readConfigJson(paths) ?? {};
  for (const [rel, hash] of Object.entries({ ...manifest.inputs, ...manifest.outputs })) {
    const part = configPartOf(rel);
    if (part !== undefined) {
      if (configPartHash(config, part) !== hash) changed.push(rel);
      continue;
    }
    const abs = paths.abs(rel);
    if (!existsSync(abs) || sha256File(abs) !== hash) changed.push(rel);
  }
  return changed;
}
