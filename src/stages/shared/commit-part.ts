/**
 * Stages with several sub-commands writing into one folder (e.g. extract sheet / collect / summary):
 * each sub-command commits its own outputs, keeps the other sub-commands' outputs, and merges its
 * inputs, parameters and summary into the stage manifest under its own name.
 */
import { existsSync } from 'node:fs';
import { readManifest } from '../../project/manifest.js';
import type { ProjectPaths } from '../../project/paths.js';
import { commitStage, type StageCommitResult, type StageOutput } from '../../project/stage-writer.js';

export interface PartCommit {
  stage: string;
  part: string;
  outputs: StageOutput[];
  inputs: string[];
  parameters: Record<string, unknown>;
  summary: Record<string, unknown>;
  /** Name prefixes of earlier outputs this part regenerates as a set: those it no longer writes are removed (e.g. "sheets/"). */
  owns?: readonly string[];
}

export function commitPart(paths: ProjectPaths, commit: PartCommit): StageCommitResult {
  const previous = readManifest(paths, commit.stage);
  const prefix = `stages/${commit.stage}/`;
  const produced = new Set(commit.outputs.map((o) => o.name));
  const keep = Object.keys(previous?.outputs ?? {})
    .map((rel) => rel.slice(prefix.length))
    .filter((name) => !produced.has(name) && !(commit.owns ?? []).some((p) => name.startsWith(p)));
  const previousInputs = Object.keys(previous?.inputs ?? {}).map((rel) => paths.abs(rel)).filter((f) => existsSync(f));
  return commitStage(paths, {
    stage: commit.stage,
    outputs: commit.outputs,
    inputs: [...new Set([...previousInputs, ...commit.inputs])],
    parameters: { ...(previous?.parameters ?? {}), [commit.part]: commit.parameters },
    summary: { ...(previous?.summary ?? {}), [commit.part]: commit.summary },
    keep,
  });
}
