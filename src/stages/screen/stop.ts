/**
 * The team's decision to stop title/abstract screening by its stopping rule: one small file,
 * decisions/screen-stop/stop.json, written by `review screen stop` (or by hand). It is a people's
 * decision like a returned sheet, so `review run` rebuilds from it: no further round is handed out,
 * and the records never handed out become stages/screen/automation-excluded.csv ("Records marked
 * as ineligible by automation tools" in PRISMA 2020). Records already handed out are still screened.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScreenStopSchema, type ScreenStop } from '../../model/screen.js';
import { UserError } from '../../project/errors.js';
import { findJsonSyntaxError } from '../../project/json-syntax.js';
import type { ProjectPaths } from '../../project/paths.js';
import { describeIssues } from '../../project/config-issues.js';


export const STOP_FOLDER = 'screen-stop';
export const STOP_FILE = 'stop.json';

export function stopDir(paths: ProjectPaths): string {
  return join(paths.decisions, STOP_FOLDER);
}

export function stopFile(paths: ProjectPaths): string {
  return join(stopDir(paths), STOP_FILE);
}

/** The stop decision, or undefined when screening goes on. Anything else in decisions/screen-stop/ is an error, never passed over. */
export function readStopDecision(paths: ProjectPaths): ScreenStop | undefined {
  const dir = stopDir(paths);
  if (!existsSync(dir)) return undefined;
  const others = readdirSync(dir).filter((n) => !n.startsWith('.') && n !== STOP_FILE);
  if (others.length) throw new UserError(`decisions/${STOP_FOLDER}/ holds ${others.join(', ')}: only ${STOP_FILE} (written by \`review screen stop\`) belongs there; move the other files out`);
  const file = stopFile(paths);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const where = `decisions/${STOP_FOLDER}/${STOP_FILE}`;
  const syntax = findJsonSyntaxError(text);
  if (syntax) throw new UserError(`${where}:${syntax.line}:${syntax.column}: ${syntax.problem}; fix the file or remove it and run \`review screen stop\` again`);
  const parsed = ScreenStopSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new UserError(`${where}: not a stop decision of \`review screen stop\``, 1, describeIssues(ScreenStopSchema, parsed.error.issues));
  return parsed.data;
}
