import { existsSync } from 'node:fs';
import { loadConfig } from './config.js';
import { readManifest, staleFiles } from './manifest.js';
import type { ProjectPaths } from './paths.js';
import { listReturned } from './returned-files.js';

export const STAGES = ['import', 'dedupe', 'screen', 'fulltext', 'extract', 'prisma', 'report'] as const;

export interface StageStatus {
  stage: string;
  state: 'up-to-date' | 'stale' | 'not-run';
  reasons: string[];
  summary: Record<string, unknown>;
  ranAt?: string;
}

/** Per stage: not run, up to date, or stale with the files whose hashes changed (what a run would redo). */
export function stageStatuses(paths: ProjectPaths): StageStatus[] {
  const config = loadConfig(paths);
  const out: StageStatus[] = [];
  let upstreamStale = false;
  for (const stage of STAGES) {
    const manifest = readManifest(paths, stage);
    if (!manifest) {
      out.push({ stage, state: 'not-run', reasons: [], summary: {} });
      continue;
    }
    const reasons = staleFiles(paths, manifest).map((f) => `changed since last run: ${f}`);
    if (stage === 'import') {
      const declared = config.sources.flatMap((s) => s.files);
      for (const f of declared) if (!(f in manifest.inputs)) reasons.push(`declared but not imported: ${f}`);
      for (const f of Object.keys(manifest.inputs)) if (f !== 'review.json' && !declared.includes(f) && existsSync(paths.abs(f))) reasons.push(`imported but no longer declared: ${f}`);
    }
    // Returned sheets dropped into decisions/<stage>/ by hand are what `review run` would collect next.
    // Listed as the stage lists them (returned-files.ts): a note or README beside the sheets is not a returned file.
    if (stage === 'screen' || stage === 'fulltext' || stage === 'extract') {
      for (const file of listReturned(paths, stage)) if (!(paths.rel(file) in manifest.inputs)) reasons.push(`returned file not collected yet: ${paths.rel(file)}`);
    }
    if (upstreamStale && reasons.length === 0) reasons.push('an earlier stage is stale');
    const state = reasons.length ? 'stale' : 'up-to-date';
    if (state === 'stale') upstreamStale = true;
    out.push({ stage, state, reasons, summary: manifest.summary, ranAt: manifest.ranAt });
  }
  return out;
}
