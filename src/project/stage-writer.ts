import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { whileCommitting } from './exit-cleanup.js';
import { sha256 } from './hash.js';
import { type Manifest, readManifest, writeManifest } from './manifest.js';
import type { ProjectPaths } from './paths.js';
import { fileHasContent, filesHaveSameContent } from './same-content.js';
import type { StagedContent } from './staged-file.js';

export type StageOutput = {
  /** Path inside stages/<stage>/, forward slashes (e.g. "records.jsonl", "sheets/KBA.xlsx"). */
  name: string;
} & ({ content: string | Uint8Array } | { staged: StagedContent });

export interface StageCommit {
  stage: string;
  outputs: StageOutput[];
  /** Absolute paths of the files this run read (their sha256 go into the manifest). */
  inputs: string[];
  parameters: Record<string, unknown>;
  summary?: Record<string, unknown>;
  /** sha256 of input files the stage already computed (absolute path → hash), so they are not read again. */
  inputHashes?: ReadonlyMap<string, string>;
  /** Output names from earlier runs to keep even though this run did not produce them (e.g. appended logs). */
  keep?: string[];
  /**
   * Outputs a rebuild makes again from the inputs the manifest names (kept in the project): when
   * they change, history/ keeps their sha256 (in the archived manifest) but not a copy of their bytes.
   */
  notArchived?: string[];
}

export interface StageCommitResult {
  manifest: Manifest;
  changed: string[];
  archivedTo?: string;
}

/**
 * Write a stage's outputs: compare with what is there, archive the previous outputs to
 * history/<stage>/<n>/ when any of them changes, then write each file atomically and the manifest last.
 * Planning (what the outputs are) stays in the stage; this is the only I/O step.
 */
export function commitStage(paths: ProjectPaths, commit: StageCommit): StageCommitResult {
  return whileCommitting(() => commitStageNow(paths, commit));
}

function commitStageNow(paths: ProjectPaths, commit: StageCommit): StageCommitResult {
  const dir = paths.stage(commit.stage);
  const previous = readManifest(paths, commit.stage);
  const changed: string[] = [];
  const known = new Map(commit.inputHashes ?? []);
  for (const out of commit.outputs) {
    const file = join(dir, out.name);
    if ('staged' in out) {
      known.set(file, out.staged.sha256);
      if (!filesHaveSameContent(file, out.staged.tempPath)) changed.push(out.name);
      continue;
    }
    const next = typeof out.content === 'string' ? Buffer.from(out.content, 'utf8') : out.content;
    known.set(file, sha256(next));
    if (!fileHasContent(file, next)) changed.push(out.name);
  }
  const produced = new Set(commit.outputs.map((o) => o.name));
  const keep = new Set(commit.keep ?? []);
  const dropped = previous
    ? Object.keys(previous.outputs)
        .map((rel) => rel.slice(`stages/${commit.stage}/`.length))
        .filter((name) => !produced.has(name) && !keep.has(name) && existsSync(join(dir, name)))
    : [];
  let archivedTo: string | undefined;
  if (previous && (changed.length > 0 || dropped.length > 0)) {
    const notArchived = new Set((commit.notArchived ?? []).map((name) => `stages/${commit.stage}/${name}`));
    archivedTo = archive(paths, commit.stage, Object.keys(previous.outputs).filter((rel) => !notArchived.has(rel)));
  }
  for (const name of dropped) rmSync(join(dir, name), { force: true });
  for (const out of commit.outputs) {
    const file = join(dir, out.name);
    if ('staged' in out) {
      // Staged outputs are already on disk beside their final path: renaming them in is atomic.
      if (changed.includes(out.name)) renameSync(out.staged.tempPath, file);
      else rmSync(out.staged.tempPath, { force: true });
    } else if (changed.includes(out.name)) {
      writeFileAtomic(file, out.content);
    }
  }
  const outputFiles = [...commit.outputs.map((o) => join(dir, o.name)), ...[...keep].map((k) => join(dir, k)).filter((f) => existsSync(f))];
  const manifest = writeManifest(paths, commit.stage, {
    parameters: commit.parameters,
    inputs: commit.inputs,
    outputs: [...new Set(outputFiles)],
    summary: commit.summary ?? {},
    known,
  });
  return { manifest, changed, ...(archivedTo ? { archivedTo } : {}) };
}

function archive(paths: ProjectPaths, stage: string, relOutputs: string[]): string {
  const base = join(paths.history, stage);
  mkdirSync(base, { recursive: true });
  const used = readdirSync(base).map(Number).filter((n) => Number.isInteger(n));
  const n = used.length ? used.reduce((max, u) => Math.max(max, u)) + 1 : 1;
  const target = join(base, String(n));
  for (const rel of [...relOutputs, `stages/${stage}/manifest.json`]) {
    const src = paths.abs(rel);
    if (!existsSync(src)) continue;
    const dest = join(target, rel.slice(`stages/${stage}/`.length));
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(src, dest);
  }
  return paths.rel(target);
}
