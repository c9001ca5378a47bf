import { existsSync } from 'node:fs';
import type { ReviewConfig } from '../model/config.js';
import { loadConfig } from './config.js';
import { FileHashes } from './file-hashes.js';
import { type Manifest, readManifest, staleFiles } from './manifest.js';
import type { ProjectPaths } from './paths.js';
import { listReturned, type ReturnedKind } from './returned-files.js';

/** What status needs of a stage's declaration (src/stages/shared/stage.ts; the graph's order is the listing's). */
export interface StatusStage {
  name: string;
  /** Stages whose outputs it reads: it is stale when any of them is. */
  upstream: readonly string[];
  /** The decisions/ folder of returned files it collects. */
  returnsInto?: ReturnedKind;
  pending?: (paths: ProjectPaths, config: ReviewConfig, manifest: Manifest) => string[];
}

export interface StageStatus {
  stage: string;
  state: 'up-to-date' | 'stale' | 'not-run';
  reasons: string[];
  summary: Record<string, unknown>;
  ranAt?: string;
}

/**
 * Per stage: not run, up to date, or stale with the files (and parts of review.json) whose hashes
 * changed, what is waiting, or the stage it needs that is stale: what a run would redo.
 */
export function stageStatuses(paths: ProjectPaths, stages: readonly StatusStage[]): StageStatus[] {
  const config = loadConfig(paths);
  const out: StageStatus[] = [];
  const stale = new Set<string>();
  const hashes = FileHashes.open(paths);
  for (const stage of stages) {
    const manifest = readManifest(paths, stage.name);
    if (!manifest) {
      out.push({ stage: stage.name, state: 'not-run', reasons: [], summary: {} });
      continue;
    }
    const reasons = staleFiles(paths, manifest, hashes).map((f) => `changed since last run: ${f}`);
    reasons.push(...(stage.pending?.(paths, config, manifest) ?? []));
    // Returned sheets dropped into decisions/<stage>/ by hand are what `review run` would collect next.
    // Listed as the stage lists them (returned-files.ts): a note or README beside the sheets is not a returned file.
    if (stage.returnsInto) {
      for (const file of listReturned(paths, stage.returnsInto)) if (!(paths.rel(file) in manifest.inputs)) reasons.push(`returned file not collected yet: ${paths.rel(file)}`);
    }
    const staleBefore = stage.upstream.find((s) => stale.has(s));
    if (staleBefore && reasons.length === 0) reasons.push(`needs ${staleBefore}, which is stale`);
    const state = reasons.length ? 'stale' : 'up-to-date';
    if (state === 'stale') stale.add(stage.name);
    out.push({ stage: stage.name, state, reasons, summary: manifest.summary, ranAt: manifest.ranAt });
  }
  // What was hashed is recorded for the next status (cache/hashes.json; written atomically, no lock needed).
  hashes.save();
  return out;
}
