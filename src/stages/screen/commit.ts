/**
 * The screen stage has three sub-commands writing into one folder (stages/screen/): each commits
 * its own outputs and keeps the others', and the manifest's inputs and parameters are merged, so
 * `review status` sees everything the stage read.
 */
import { existsSync } from 'node:fs';
import type { ProjectPaths } from '../../project/paths.js';
import { commitStage, type StageCommitResult, type StageOutput } from '../../project/stage-writer.js';
import { readManifest } from '../../project/manifest.js';
import { ARTIFACTS, artifactName } from '../shared/artifacts.js';

export const SCREEN_STAGE = 'screen';

/**
 * What earlier versions kept in stages/screen/ but a rebuild never makes: the Rayyan export (now in
 * outputs/rayyan/). The next screen commit stops keeping it (the files go to history/ like any
 * dropped output), so such a project passes `run --check` after one `review run`.
 */
const RETIRED = { parts: ['export'], outputs: ['rayyan/'] };

/**
 * Outputs a sub-command makes as a set, dropped when it no longer makes them: the sheets of screeners
 * no longer in the allocation; the automation-excluded records once the stop decision is taken back.
 */
const MADE_AS_A_SET: Record<string, (name: string) => boolean> = {
  assign: (name) => name.startsWith('sheets/'),
  reconcile: (name) => name === artifactName(ARTIFACTS.screenAutomationExcluded),
};

function withoutRetired(parts: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parts ?? {}).filter(([k]) => !RETIRED.parts.includes(k)));
}

export function commitScreen(
  paths: ProjectPaths,
  part: string,
  outputs: StageOutput[],
  inputs: string[],
  parameters: Record<string, unknown>,
  summary: Record<string, unknown>,
  /** Stage-level summary fields that more than one step keeps up to date (screening progress): the last writer's value stands. */
  stageSummary: Record<string, unknown> = {},
): StageCommitResult {
  const previous = readManifest(paths, SCREEN_STAGE);
  const prefix = `stages/${SCREEN_STAGE}/`;
  const produced = new Set(outputs.map((o) => o.name));
  const keep = Object.keys(previous?.outputs ?? {})
    .map((rel) => rel.slice(prefix.length))
    .filter((name) => !produced.has(name) && !MADE_AS_A_SET[part]?.(name) && !RETIRED.outputs.some((p) => name.startsWith(p)));
  const previousInputs = Object.keys(previous?.inputs ?? {}).map((rel) => paths.abs(rel)).filter((f) => existsSync(f));
  return commitStage(paths, {
    stage: SCREEN_STAGE,
    outputs,
    inputs: [...new Set([...previousInputs, ...inputs])],
    parameters: { ...withoutRetired(previous?.parameters), [part]: parameters },
    summary: { ...withoutRetired(previous?.summary), ...stageSummary, [part]: summary },
    keep,
  });
}
