/**
 * What a stage declares about itself (src/stages/<stage>/stage.ts): the artifacts it needs and
 * writes, the parts of review.json it reads, and the steps `review run` calls. The stage graph
 * (src/stages/graph.ts) lists the declarations in pipeline order; `review run`, `review status`,
 * the README's stage table and the CLI's order come from it.
 *
 * A step loads its stage's code when it runs, through a typed import (`(await import('./index.js'))
 * .runDedupe(paths)`): start-up stays quick, and a renamed or missing entry point fails the build.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { ReviewConfig } from '../../model/config.js';
import type { ConfigPart } from '../../project/config-parts.js';
import type { Manifest } from '../../project/manifest.js';
import type { ReturnedKind } from '../../project/returned-files.js';
import type { ReadDecision, StatusStage } from '../../project/status.js';
import type { ProjectPaths } from '../../project/paths.js';
import type { Artifact } from './artifacts.js';

export interface StepContext {
  paths: ProjectPaths;
  config: ReviewConfig;
  /** The project whose hand-out record a rebuild follows: the project itself, or for `run --check` the project the copy was made from. */
  origin: ProjectPaths;
}

export interface StageStep {
  /** As `review run` prints it ("screen collect (all of decisions/screen/)"). */
  name: string;
  /** Why the step cannot run on this project (its inputs do not exist yet), or undefined. */
  missingInput?: (ctx: StepContext) => string | undefined;
  /**
   * What its missing input is when it is people's work that is not back yet (a collect step: "returned
   * screening sheets"). Such a skip is a project waiting for people, not a rebuild that failed:
   * `review run --check` still compares what was rebuilt, and passes.
   */
  waitsFor?: string;
  run: (ctx: StepContext) => Promise<unknown>;
}

/** An artifact a stage uses when it is there, and does without otherwise (report without an extraction). */
export interface OptionalNeed {
  optional: Artifact;
}

export type Need = Artifact | OptionalNeed;

export interface StageDeclaration {
  name: string;
  /** One line for the README's stage table and `review run --help`. */
  about: string;
  needs: readonly Need[];
  writes: readonly Artifact[];
  /** The parts of review.json its outputs depend on: its manifest hashes these and nothing else of review.json. */
  reads: readonly ConfigPart[];
  /** The decisions/ folder people return files into, when the stage collects some (status lists files not collected yet). */
  returnsInto?: ReturnedKind;
  /**
   * Other people's files it reads that it does not hand out (dedupe review sheets, conflict
   * resolutions, a stop decision): a file there its manifest does not list makes it stale, so
   * `review run` does not pass it over as up to date.
   */
  alsoReads?: readonly ReadDecision[];
  steps: readonly StageStep[];
  /** What `review status` should say is waiting beyond changed files (import: files declared but not imported). */
  pending?: (paths: ProjectPaths, config: ReviewConfig, manifest: Manifest) => string[];
}

export function neededArtifact(need: Need): Artifact {
  return 'optional' in need ? need.optional : need;
}

export function isOptional(need: Need): need is OptionalNeed {
  return 'optional' in need;
}

/** Declares a stage (an identity function: the type checks the declaration, `const` keeps its literal names). */
export function defineStage<const S extends StageDeclaration>(stage: S): S {
  return stage;
}

/** Whether people put any file into this decisions/ folder (project-relative): a collect step has something to read. */
export function hasReturnedFiles(paths: ProjectPaths, folder: string): boolean {
  const dir = paths.abs(folder);
  return existsSync(dir) && readdirSync(dir).some((n) => !n.startsWith('.'));
}

/** The stages whose artifacts `stage` needs (`requiredOnly`: without those it can do without), each once, in the order of its needs. */
export function stagesNeeded(stage: StageDeclaration, options: { requiredOnly?: boolean } = {}): string[] {
  const names = stage.needs.filter((n) => !(options.requiredOnly && isOptional(n))).map((n) => neededArtifact(n).writer);
  return [...new Set(names)].filter((name) => name !== stage.name);
}

/** A stage as `review status` judges it (src/project/status.ts): with the stages it needs, optional ones too. */
export function asStatusStage(s: StageDeclaration): StatusStage {
  return {
    name: s.name,
    upstream: stagesNeeded(s),
    optionalInputs: s.needs.filter(isOptional).map((n) => n.optional.path),
    ...(s.returnsInto ? { returnsInto: s.returnsInto } : {}),
    ...(s.alsoReads ? { alsoReads: s.alsoReads } : {}),
    ...(s.pending ? { pending: s.pending } : {}),
  };
}
