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
