/**
 * `review run [--check]`: rebuild every stage in order from exports/, decisions/ and review.json.
 * With --check the rebuild happens in a temporary copy of the project (inputs only, plus the carried
 * hand-out record: see CARRIED in steps.ts), and every file under stages/ is compared with the
 * project's own byte for byte (manifests as JSON values without their ranAt); a difference is named
 * down to the field, line or zip entry.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeJsonAtomic } from '../../project/atomic.js';
import { loadConfig } from '../../project/config.js';
import { sha256File } from '../../project/hash.js';
import { FileHashes } from '../../project/file-hashes.js';
import { readManifest } from '../../project/manifest.js';
import { stageStatus } from '../../project/status.js';
import { ProjectPaths } from '../../project/paths.js';
import { filesHaveSameContent } from '../../project/same-content.js';
import { describeDifference, describeJson } from './diff.js';
import { asStatusStage, stagesNeeded, type StageDeclaration } from '../shared/stage.js';
import { CARRIED, NOT_REBUILT } from './steps.js';

export interface StepOutcome {
  stage: string;
  step: string;
  /** 'up-to-date': the step was not run, its stage being up to date (RunOptions.skipUpToDate). */
  status: 'done' | 'skipped' | 'up-to-date';
  note: string;
  result?: unknown;
}

export interface Waiting { stage: string; for: string; via?: string[] }

export interface RunSummary {
  steps: StepOutcome[];
  /** Stages with at least one step skipped (their outputs were not rebuilt in full). */
  incomplete: string[];
  /**
   * The incomplete stages that only wait for people: a step of theirs found no returned files yet
   * (StageStep.waitsFor: `for`), or every stage they need that was not rebuilt waits so (`via`
   * names those stages, `for` what they await).
   */
  waiting: Waiting[];
  /** Stages left as they were, in full, because a rebuild would make the same files (RunOptions.skipUpToDate). */
  upToDate: string[];
}

export interface RunOptions {
  /** The project whose hand-out record (sheet format) the rebuild follows: the project itself, or for --check the project the copy was made from. */
  origin?: ProjectPaths;
  /**
   * Leave a stage as it is when `review status` would call it up to date at its turn (its manifest's
   * inputs, outputs, parts of review.json and code as recorded, nothing returned that it has not read,
   * no stage it needs stale): re-running it would write the same bytes. Judged after the stages
   * before it ran, on their new files. A whole stage is skipped or run, never part of one.
   */
  skipUpToDate?: boolean;
}

/**
 * Run every stage's steps in the graph's order (`stages`: src/stages/graph.ts, which cli passes in:
 * run imports no other stage). A step whose inputs do not exist yet is skipped with a note, and so
 * is the rest of its stage and every stage that needs its artifacts.
 */
export async function runAll(paths: ProjectPaths, stages: readonly StageDeclaration[], onStep?: (o: StepOutcome) => void, options: RunOptions = {}): Promise<RunSummary> {
  const origin = options.origin ?? paths;
  const config = loadConfig(paths);
  const incomplete = new Set<string>();
  const waiting = new Map<string, Waiting>();
  const steps: StepOutcome[] = [];
  const upToDate: string[] = [];
  // Stages found stale at their turn and not rebuilt in full: a stage that needs one is stale too.
  const stale = new Set<string>();
  const hashes = options.skipUpToDate ? FileHashes.open(paths) : undefined;
  const lastRun = readRunRecord(paths);
  const record = (o: StepOutcome): void => {
    steps.push(o);
    onStep?.(o);
  };
  for (const stage of stages) {
    const blockers = stagesNeeded(stage, { requiredOnly: true }).filter((s) => incomplete.has(s));
    const blocked = blockers[0];
    const current = hashes && !blocked && wholeStageRan(paths, stage, lastRun)
      ? stageStatus(paths, config, asStatusStage(stage), readManifest(paths, stage.name), stale, hashes).state === 'up-to-date'
      : false;
    for (const step of stage.steps) {
      const skip = (note: string, wait?: Waiting): void => {
        // A stage's first skip says whether it waits for people or could not be rebuilt.
        if (!incomplete.has(stage.name) && wait) waiting.set(stage.name, wait);
        incomplete.add(stage.name);
        record({ stage: stage.name, step: step.name, status: 'skipped', note });
      };
      if (blocked) {
        const waits = blockers.map((s) => waiting.get(s));
        const awaited = [...new Set(waits.map((w) => w?.for))];
        skip(`needs ${blocked}, which was not rebuilt`, waits.every((w) => w) ? { stage: stage.name, for: awaited.join(', '), via: blockers } : undefined);
        continue;
      }
      if (incomplete.has(stage.name)) { skip(`an earlier ${stage.name} step was skipped`); continue; }
      const ctx = { paths, config, origin };
      // An up-to-date stage still says what it waits for: its run stopped there last time too.
      const missing = step.missingInput?.(ctx);
      if (missing) { skip(missing, step.waitsFor === undefined ? undefined : { stage: stage.name, for: step.waitsFor }); continue; }
      if (current) { record({ stage: stage.name, step: step.name, status: 'up-to-date', note: '' }); continue; }
      const result = await step.run(ctx);
      record({ stage: stage.name, step: step.name, status: 'done', note: '', result });
    }
    if (current && !incomplete.has(stage.name)) upToDate.push(stage.name);
    // Noted at once: a later stage that fails does not cost the next run this one.
    if (!blocked && !current) {
      lastRun[stage.name] = manifestHash(paths, stage.name);
      saveRunRecord(paths, lastRun);
    }
    if (!current && incomplete.has(stage.name)) stale.add(stage.name);
    if (!current) collectGarbage();
  }
  hashes?.save();
  return { steps, incomplete: [...incomplete], waiting: [...waiting.values()], upToDate };
}

/**
 * cache/run.json: per stage, the sha256 of the manifest that `review run` left when it last ran the
 * stage's steps in order (as far as they could go). A stage of several steps is run by its commands
 * one step at a time too, and its manifest merges theirs: after `review screen collect` alone the
 * manifest is consistent but reconcile has not seen the new votes. Such a stage is left as it is only
 * while its manifest is the one the last run left. A stage of one step is the same made by its
 * command or by the run. Derived data, like the rest of cache/: without it, those stages are rebuilt.
 */
type RunRecord = Record<string, string | undefined>;

function runRecordFile(paths: ProjectPaths): string {
  return join(paths.root, 'cache', 'run.json');
}

function readRunRecord(paths: ProjectPaths): RunRecord {
  try {
    const value = JSON.parse(readFileSync(runRecordFile(paths), 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    // A plain copy of string values only: the file is anyone's to edit (no prototype keys taken from it).
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as RunRecord;
  } catch {
    return {};
  }
}

function saveRunRecord(paths: ProjectPaths, record: RunRecord): void {
  try {
    mkdirSync(dirname(runRecordFile(paths)), { recursive: true });
    writeJsonAtomic(runRecordFile(paths), record);
  } catch {
    // Best effort: without the record the next run rebuilds the stages of several steps.
  }
}

function manifestHash(paths: ProjectPaths, stage: string): string | undefined {
  const file = paths.manifest(stage);
  return existsSync(file) ? sha256File(file) : undefined;
}

/** Whether the stage's steps last ran together, in order (always, for a stage of one step). */
function wholeStageRan(paths: ProjectPaths, stage: StageDeclaration, lastRun: RunRecord): boolean {
  if (stage.steps.length <= 1) return true;
  const recorded = Object.hasOwn(lastRun, stage.name) ? lastRun[stage.name] : undefined;
  return recorded !== undefined && recorded === manifestHash(paths, stage.name);
}

/**
 * A full collection between stages, where the command's thread has `gc()` (src/cli/supervisor.ts):
 * every stage runs in one process, and without it the next stage grows the heap on top of the garbage
 * the last one left (150,000 records: dedupe's features, then the screening sheets) instead of reusing it.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export interface CheckSummary extends RunSummary {
  ok: boolean;
  compared: number;
  differences: { file: string; problem: string }[];
  /** Stages the project has outputs for but the rebuild could not make (waiting stages are not among them: they are compared as far as they were rebuilt). */
  unchecked: string[];
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/** A manifest as a JSON value without its run time (the one thing allowed to differ between two identical runs); undefined if unreadable. */
function manifestWithoutTime(file: string): { value: unknown } | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete json.ranAt;
    return { value: json };
  } catch {
    return undefined;
  }
}

/** Why a manifest differs (its fields as JSON paths; key order is no difference), or '' when it does not. */
function manifestDifference(a: string, b: string): string {
  const pa = manifestWithoutTime(a);
  const pb = manifestWithoutTime(b);
  if (pa && pb) return describeJson(pa.value, pb.value);
  if (filesHaveSameContent(a, b)) return '';
  return `${pa ? 'the rebuilt' : "the project's"} manifest is not readable JSON`;
}

export function compareStages(existingStages: string, rebuiltStages: string, skipStages: ReadonlySet<string>): { compared: number; differences: { file: string; problem: string }[] } {
  const existing = new Set(listFiles(existingStages));
  const rebuilt = new Set(listFiles(rebuiltStages));
  const differences: { file: string; problem: string }[] = [];
  let compared = 0;
  for (const file of [...new Set([...existing, ...rebuilt])].sort()) {
    if (skipStages.has(file.split('/')[0] ?? '')) continue;
    const name = `stages/${file}`;
    if (!rebuilt.has(file)) { differences.push({ file: name, problem: 'in the project but not made by the rebuild (put or left there by hand or by an earlier version: move it out of stages/)' }); continue; }
    if (!existing.has(file)) { differences.push({ file: name, problem: 'made by the rebuild but missing from the project' }); continue; }
    compared++;
    const a = join(existingStages, file);
    const b = join(rebuiltStages, file);
    if (file.endsWith('/manifest.json')) {
      const why = manifestDifference(a, b);
      if (why) differences.push({ file: name, problem: `manifest differs (beyond ranAt): ${why}` });
    } else if (!filesHaveSameContent(a, b)) {
      // Compared in pieces: a large records.jsonl is not read whole twice.
      differences.push({ file: name, problem: `bytes differ (${statSync(a).size} vs ${statSync(b).size} bytes rebuilt): ${describeDifference(a, b)}` });
    }
  }
  return { compared, differences };
}

/** Rebuild into a temporary copy (review.json, exports/, decisions/ and any other input files; no stages/ or history/). */
export async function runCheck(paths: ProjectPaths, stages: readonly StageDeclaration[], onStep?: (o: StepOutcome) => void): Promise<CheckSummary> {
  const temp = mkdtempSync(join(tmpdir(), 'review-run-check-'));
  try {
    for (const name of readdirSync(paths.root)) {
      if (NOT_REBUILT.has(name)) continue;
      cpSync(join(paths.root, name), join(temp, name), { recursive: true });
    }
    const copy = new ProjectPaths(temp);
    for (const rel of CARRIED) {
      if (!existsSync(paths.abs(rel))) continue;
      mkdirSync(dirname(copy.abs(rel)), { recursive: true });
      cpSync(paths.abs(rel), copy.abs(rel));
    }
    // Every stage is rebuilt (the copy has no stages/ to skip, and skipping is not asked for).
    const run = await runAll(copy, stages, onStep, { origin: paths });
    const stagesInProject = new Set(readdirSync(paths.stages, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name));
    // A stage the rebuild could not make in full cannot be compared; it is reported instead. A stage
    // that waits for people's returned files is compared: the project cannot hold more of it than
    // the same inputs make (collected votes without their sheets are a difference, not a wait).
    const waiting = new Set(run.waiting.map((w) => w.stage));
    const notRebuilt = run.incomplete.filter((s) => !waiting.has(s));
    const unchecked = notRebuilt.filter((s) => stagesInProject.has(s));
    const { compared, differences } = compareStages(paths.stages, copy.stages, new Set(notRebuilt));
    return { ...run, ok: differences.length === 0 && unchecked.length === 0, compared, differences, unchecked };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
