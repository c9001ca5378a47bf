/**
 * The rebuild order of `review run`: each step calls a stage's I/O entry point. Entry points are
 * loaded when the step runs, so a stage whose code has not landed (or was renamed) is skipped with a
 * note instead of breaking the whole command; every later step that needs it is skipped too.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { ReviewConfig } from '../../model/config.js';
import { readManifest } from '../../project/manifest.js';
import type { ProjectPaths } from '../../project/paths.js';

/**
 * Top-level entries of a project that the rebuild neither reads nor makes: --check does not copy
 * them. outputs/ holds files made on request for other tools (e.g. `review screen export --rayyan`);
 * no stage reads them, so they are no part of the state a rebuild reproduces. cache/ holds what
 * speeds up a re-run (the import's parts index): the check rebuilds without it. The project lock
 * (design.md) belongs to the running command, not to the copy.
 */
export const NOT_REBUILT: ReadonlySet<string> = new Set(['stages', 'history', 'outputs', 'cache', '.review.lock']);

/**
 * Project files under stages/ that --check carries into its rebuild. The assignment ledger records
 * what was handed out to screeners, batch by batch, as records arrived; that history is a fact no
 * input holds (a rebuild from exports alone would allocate every record in one batch and refuse the
 * sheets already returned). `review run` keeps it in place and allocates only records not in it;
 * the check does the same in its copy, so a run and the check describe the same state. It is still
 * compared: a check that has to allocate records the project has not says so.
 */
export const CARRIED: readonly string[] = ['stages/screen/assignments.csv'];

/**
 * The sheet format the project's screeners were given (`review screen assign --format`), as the
 * screen manifest records it: part of the same hand-out record, so a rebuild writes the same sheets.
 */
export function handedOutSheetFormat(origin: ProjectPaths): string {
  const assign = readManifest(origin, 'screen')?.parameters.assign as { format?: unknown } | undefined;
  return typeof assign?.format === 'string' && ['xlsx', 'csv', 'both'].includes(assign.format) ? assign.format : 'xlsx';
}

export interface Step {
  stage: string;
  step: string;
  /** Stages whose outputs this step reads: skipped if any of them was skipped. */
  needs: string[];
  module: string;
  entry: string;
  /** Why the step cannot run on this project (missing inputs), or undefined. */
  missingInput?: (paths: ProjectPaths, config: ReviewConfig) => string | undefined;
  /** Steps whose absence only ends their own stage (e.g. nothing returned yet), without blocking stages that do not need them. */
  call: (fn: (...args: unknown[]) => unknown, paths: ProjectPaths, config: ReviewConfig, origin: ProjectPaths) => unknown;
}

function hasFiles(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((n) => !n.startsWith('.'));
}

export const STEPS: Step[] = [
  {
    stage: 'import', step: 'import', needs: [], module: '../import/index.js', entry: 'buildImport',
    missingInput: (_p, c) => (c.sources.some((s) => s.files.length) ? undefined : 'review.json declares no export files'),
    // buildImport + writeImport: the two halves of `review import` without copying files in.
    call: async (fn, paths, config) => {
      const mod = (await import('../import/index.js')) as { writeImport: (p: ProjectPaths, c: ReviewConfig, b: unknown) => unknown };
      return mod.writeImport(paths, config, await fn(paths, config));
    },
  },
  { stage: 'dedupe', step: 'dedupe', needs: ['import'], module: '../dedupe/index.js', entry: 'runDedupe', call: (fn, paths) => fn(paths) },
  {
    stage: 'screen', step: 'screen assign', needs: ['dedupe'], module: '../screen/index.js', entry: 'runScreenAssign',
    missingInput: (_p, c) => (c.screening && c.screeners.length ? undefined : 'review.json has no screening set-up (screeners, screening)'),
    call: (fn, paths, _c, origin) => fn(paths, { format: handedOutSheetFormat(origin) }),
  },
  {
    stage: 'screen', step: 'screen collect (all of decisions/screen/)', needs: ['dedupe'], module: '../screen/index.js', entry: 'recollectAll',
    missingInput: (p) => (hasFiles(`${p.decisions}/screen`) ? undefined : 'no returned screening sheets in decisions/screen/'),
    call: (fn, paths) => fn(paths),
  },
  { stage: 'screen', step: 'screen reconcile', needs: ['dedupe'], module: '../screen/index.js', entry: 'runScreenReconcile', call: (fn, paths) => fn(paths) },
  { stage: 'fulltext', step: 'fulltext sheet', needs: ['screen'], module: '../fulltext/index.js', entry: 'runFulltextSheet', call: (fn, paths) => fn(paths) },
  {
    stage: 'fulltext', step: 'fulltext collect (all of decisions/fulltext/)', needs: ['screen'], module: '../fulltext/index.js', entry: 'runFulltextCollect',
    missingInput: (p) => (hasFiles(`${p.decisions}/fulltext`) ? undefined : 'no returned full-text sheets in decisions/fulltext/'),
    call: (fn, paths) => fn(paths),
  },
  {
    stage: 'extract', step: 'extract sheet', needs: ['fulltext'], module: '../extract/index.js', entry: 'runExtractSheet',
    missingInput: (_p, c) => (c.extraction ? undefined : 'review.json has no extraction codebook'),
    call: (fn, paths) => fn(paths),
  },
  {
    stage: 'extract', step: 'extract collect (all of decisions/extract/)', needs: ['fulltext'], module: '../extract/index.js', entry: 'runExtractCollect',
    missingInput: (p) => (hasFiles(`${p.decisions}/extract`) ? undefined : 'no returned extraction sheets in decisions/extract/'),
    call: (fn, paths) => fn(paths),
  },
  { stage: 'extract', step: 'extract summary', needs: ['fulltext'], module: '../extract/index.js', entry: 'runExtractSummary', call: (fn, paths) => fn(paths) },
  { stage: 'prisma', step: 'prisma', needs: ['import', 'dedupe', 'screen', 'fulltext'], module: '../prisma/index.js', entry: 'runPrisma', call: (fn, paths) => fn(paths) },
  { stage: 'report', step: 'report', needs: ['dedupe', 'fulltext'], module: '../report/index.js', entry: 'runReport', call: (fn, paths) => fn(paths) },
];
