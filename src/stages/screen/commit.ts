/**
 * The screen stage has three sub-commands writing into one folder (stages/screen/): each commits
 * its own outputs and keeps the others', and the manifest's inputs and parameters are merged, so
 * `review status` sees everything the stage read.
 */
import { existsSync } from 'node:fs';
import type { ProjectPaths } from '../../project/paths.js';
import { commitStage, type StageCommitResult, type StageOutput } from '../../project/stage-writer.js';
import { readManifest } from '../../project/manifest.js';

export const SCREEN_STAGE = 'screen';

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
  // Sheets are the one output a sub-command regenerates as a set: drop stale sheets of removed screeners.
  const keep = Object.keys(previous?.outputs ?? {})
    .map((rel) => rel.slice(prefix.length))
    .filter((name) => !produced.has(name) && !(part === 'assign' && name.startsWith('sheets/')));
  const previousInputs = Object.keys(previous?.inputs ?? {}).map((rel) => paths.abs(rel)).filter((f) => existsSync(f));
  return commitStage(paths, {
    stage: SCREEN_STAGE,
    outputs,
    inputs: [...new Set([...previousInputs, ...inputs])],
    parameters: { ...(previous?.parameters ?? {}), [part]: parameters },
    summary: { ...(previous?.summary ?? {}), ...stageSummary, [part]: summary },
    keep,
  });
}
