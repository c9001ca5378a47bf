import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../project/errors.js';
import { acquireProjectLock, describeHolder, type ProjectLock } from '../project/lock.js';
import { ProjectPaths } from '../project/paths.js';
import { globals } from './context.js';

/** Seconds a command that writes waits for another one on the same project, unless --lock-wait says otherwise. */
export const DEFAULT_LOCK_WAIT_SECONDS = 60;

/**
 * Commands that only read, and so take no lock. Every other command writes (review.json, exports/,
 * stages/, history/) and runs alone on its project. `run --check` locks too: it copies the project,
 * and a copy taken while another command writes would mix old and new files.
 */
const READS_ONLY: Record<string, (opts: Record<string, unknown>) => boolean> = {
  status: () => true,
  formats: () => true,
  verify: () => true,
  prisma: (opts) => opts.explain !== undefined,
  'screen progress': () => true,
};

let held: ProjectLock | undefined;

/** Wire the project lock once for every command (called by buildProgram). */
export function lockProjectForWritingCommands(program: Command): void {
  program.option('--lock-wait <seconds>', `how long a command that writes waits while another one runs on the same project (0: refuse at once)`, String(DEFAULT_LOCK_WAIT_SECONDS));
  program.hook('preAction', async (_root, action) => {
    const name = commandPath(action);
    const readOnly = READS_ONLY[name];
    if (readOnly?.(action.opts())) return;
    const root = projectRoot(action, name);
    if (root === undefined) return;
    const options = globals(action) as ReturnType<typeof globals> & { lockWait?: string };
    const seconds = Number(options.lockWait ?? DEFAULT_LOCK_WAIT_SECONDS);
    if (!(seconds >= 0 && Number.isFinite(seconds))) throw new UsageError(`--lock-wait ${options.lockWait}: expected a number of seconds (0 or more)`);
    const quiet = options.quiet === true;
    held = await acquireProjectLock(root, {
      command: `review ${name}`,
      waitMs: seconds * 1000,
      onWait: (holder, waitMs) => {
        if (!quiet) process.stderr.write(`review: waiting for the lock held by ${describeHolder(holder)} on ${root}; up to ${Math.round(waitMs / 1000)} s (--lock-wait)\n`);
      },
      onTakeover: (holder) => {
        if (!quiet) process.stderr.write(`review: took over the project lock left by ${describeHolder(holder)}, which is no longer running\n`);
      },
    });
  });
}

/** Release the lock this process holds, if any (main calls it when the command ends, however it ends). */
export function releaseProjectLock(): void {
  held?.release();
  held = undefined;
}

function commandPath(action: Command): string {
  const names: string[] = [];
  for (let c: Command | null = action; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The folder to lock. `init` locks its target only if that folder exists already (a folder it is
 * about to create has no other command running in it); a project folder that does not exist is
 * left for the command to report.
 */
function projectRoot(action: Command, name: string): string | undefined {
  const dir = name === 'init' ? ((action.processedArgs[0] as string | undefined) ?? globals(action).project) : globals(action).project;
  const root = new ProjectPaths(dir).root;
  return existsSync(root) ? root : undefined;
}
