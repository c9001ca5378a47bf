import type { Command } from 'commander';
import { ProjectPaths } from '../project/paths.js';

export interface GlobalOptions {
  project: string;
  json?: boolean;
  debug?: boolean;
  quiet?: boolean;
}

/** Global options from the root command, whichever sub-command is running. */
export function globals(cmd: Command): GlobalOptions {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

export function projectPaths(cmd: Command): ProjectPaths {
  return new ProjectPaths(globals(cmd).project);
}

/** Human output goes to stderr so stdout stays clean for --json. */
export function say(cmd: Command, text: string): void {
  if (globals(cmd).quiet) return;
  process.stderr.write(`${text}\n`);
}

/**
 * A command's listing (what `review formats` or `review status` is run for): stdout, so that it
 * can be piped (`review status | grep stale`); not with --json, whose JSON is stdout's content then.
 */
export function printListing(cmd: Command, lines: readonly string[]): void {
  if (globals(cmd).json) return;
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A progress line on stderr, only on a TTY, throttled; cleared when done. */
export function progress(label: string): { update(done: number, total: number, detail?: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done, total, detail) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      const width = 24;
      const fill = Math.round((pct / 100) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total} ${detail ?? ''}`.slice(0, (process.stderr.columns ?? 100) - 1).padEnd(Math.min(process.stderr.columns ?? 100, 100) - 1));
    },
    done() {
      if (tty) process.stderr.write('\r\u001b[K');
    },
  };
}
