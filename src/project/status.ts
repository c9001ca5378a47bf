import { existsSync } from 'node:fs';
import type { ReviewConfig } from '../model/config.js';
import { codeFingerprint } from './code-fingerprint.js';
import { loadConfig } from './config.js';
import { FileHashes } from './file-hashes.js';
import { type Manifest, readManifest, staleFiles } from './manifest.js';
import type { ProjectPaths } from './paths.js';
import { listReturned, type ReturnedKind } from './returned-files.js';

/** A decisions/ file or folder of people's work a stage reads: a returned kind's folder, or one file (project-relative). */
export type ReadDecision = ReturnedKind | `decisions/${string}`;

/** What status needs of a stage's declaration (src/stages/shared/stage.ts; the graph's order is the listing's). */
export interface StatusStage {
  name: string;
  /** Stages whose outputs it reads: it is stale when any of them is. */
  upstream: readonly string[];
  /** The decisions/ folder of returned files it collects. */
  returnsInto?: ReturnedKind;
  /** Files (a folder ends in "/") of earlier stages it reads when they exist and does without otherwise. */
  optionalInputs?: readonly string[];
  /** Other people's files it reads (StageDeclaration.alsoReads). */
  alsoReads?: readonly ReadDecision[];
  pending?: (paths: ProjectPaths, config: ReviewConfig, manifest: Manifest) => string[];
}

export interface StageStatus {
  stage: string;
  state: 'up-to-date' | 'stale' | 'not-run';
  reasons: string[];
  summary: Record<string, unknown>;
  ranAt?: string;
}

/** The files of people's work a stage reads that exist now: its returned files, and those it reads besides. */
function decisionFiles(paths: ProjectPaths, stage: StatusStage): { file: string; reason: string }[] {
  const out: { file: string; reason: string }[] = [];
  // Listed as the stage lists them (returned-files.ts): a note or README beside the sheets is not a returned file.
  if (stage.returnsInto) for (const file of listReturned(paths, stage.returnsInto)) out.push({ file: paths.rel(file), reason: 'returned file not collected yet' });
  for (const read of stage.alsoReads ?? []) {
    if (read.startsWith('decisions/')) {
      if (existsSync(paths.abs(read))) out.push({ file: read, reason: 'decision file not read yet' });
    } else {
      for (const file of listReturned(paths, read as ReturnedKind)) out.push({ file: paths.rel(file), reason: 'returned file not read yet' });
    }
  }
  return out;
}

/**
 * One stage's state, given its manifest and the stages before it that are stale (`staleBefore`):
 * what a run would redo. Shared by `review status` and `review run`, which skips an up-to-date stage.
 */
export function stageStatus(paths: ProjectPaths, config: ReviewConfig, stage: StatusStage, manifest: Manifest | undefined, staleBefore: ReadonlySet<string>, hashes: FileHashes): StageStatus {
  if (!manifest) return { stage: stage.name, state: 'not-run', reasons: [], summary: {} };
  const reasons = staleFiles(paths, manifest, hashes).map((f) => `changed since last run: ${f}`);
  reasons.push(...(stage.pending?.(paths, config, manifest) ?? []));
  // Returned sheets or decisions dropped into decisions/ by hand are what `review run` would read next.
  for (const { file, reason } of decisionFiles(paths, stage)) if (!(file in manifest.inputs)) reasons.push(`${reason}: ${file}`);
  // An optional input made since its last run (report before any extraction) is one it has not read.
  for (const rel of stage.optionalInputs ?? []) {
    const read = rel.endsWith('/') ? Object.keys(manifest.inputs).some((f) => f.startsWith(rel)) : rel in manifest.inputs;
    if (!read && existsSync(paths.abs(rel))) reasons.push(`made since its last run: ${rel}`);
  }
  // Outputs depend on the code as well as the inputs: another build may write other bytes.
  if (manifest.code !== codeFingerprint()) reasons.push('made by another build of review');
  const stale = stage.upstream.find((s) => staleBefore.has(s));
  if (stale && reasons.length === 0) reasons.push(`needs ${stale}, which is stale`);
  return { stage: stage.name, state: reasons.length ? 'stale' : 'up-to-date', reasons, summary: manifest.summary, ranAt: manifest.ranAt };
}

/**
 * Per stage: not run, up to date, or stale with the files (and parts of review.json) whose hashes
 * changed, what is waiting, the stage it needs that is stale, or another build of review that made
 * it: what a run would redo.
 */
export function stageStatuses(paths: ProjectPaths, stages: readonly StatusStage[]): StageStatus[] {
  const config = loadConfig(paths);
  const out: StageStatus[] = [];
  const stale = new Set<string>();
  const hashes = FileHashes.open(paths);
  for (const stage of stages) {
    const status = stageStatus(paths, config, stage, readManifest(paths, stage.name), stale, hashes);
    if (status.state === 'stale') stale.add(stage.name);
    out.push(status);
  }
  // What was hashed is recorded for the next status (cache/hashes.json; written atomically, no lock needed).
  hashes.save();
  return out;
}
