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
import { loadConfig } from '../../project/config.js';
import { ProjectPaths } from '../../project/paths.js';
import { filesHaveSameContent } from '../../project/same-content.js';
import { describeDifference, describeJson } from './diff.js';
import { stagesNeeded, type StageDeclaration } from '../shared/stage.js';
import { CARRIED, NOT_REBUILT } from './steps.js';

export interface StepOutcome {
  stage: string;
  step: string;
  status: 'done' | 'skipped';
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
}

/**
 * Run every stage's steps in the graph's order (`stages`: src/stages/graph.ts, which cli passes in:
 * run imports no other stage). A step whose inputs do not exist yet is skipped with a note, and so
 * is the rest of its stage and every stage that needs its artifacts.
 * `origin` is the project whose hand-out record (sheet format) the rebuild follows: the project
 * itself, or for --check the project the temporary copy was made from.
 */
export async function runAll(paths: ProjectPaths, stages: readonly StageDeclaration[], onStep?: (o: StepOutcome) => void, origin: ProjectPaths = paths): Promise<RunSummary> {
  const config = loadConfig(paths);
  const incomplete = new Set<string>();
  const waiting = new Map<string, Waiting>();
  const steps: StepOutcome[] = [];
  const record = (o: StepOutcome): void => {
    steps.push(o);
    onStep?.(o);
  };
  for (const stage of stages) {
    const blockers = stagesNeeded(stage, { requiredOnly: true }).filter((s) => incomplete.has(s));
    const blocked = blockers[0];
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
      const missing = step.missingInput?.(ctx);
      if (missing) { skip(missing, step.waitsFor === undefined ? undefined : { stage: stage.name, for: step.waitsFor }); continue; }
      const result = await step.run(ctx);
      record({ stage: stage.name, step: step.name, status: 'done', note: '', result });
    }
    collectGarbage();
  }
  return { steps, incomplete: [...incomplete], waiting: [...waiting.values()] };
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
    const run = await runAll(copy, stages, onStep, paths);
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
