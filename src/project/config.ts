import { existsSync, readFileSync } from 'node:fs';
import { ReviewConfigSchema, type ReviewConfig, type ReviewConfigInput } from '../model/config.js';
import { writeJsonAtomic } from './atomic.js';
import { describeIssues } from './config-issues.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { UserError } from './errors.js';
import type { ProjectPaths } from './paths.js';

export function loadConfig(paths: ProjectPaths): ReviewConfig {
  if (!existsSync(paths.config)) {
    throw new UserError(`no review.json in ${paths.root}: run \`review init\` there, or pass -C <project folder>`);
  }
  // Notepad and some other editors start a UTF-8 file with a byte-order mark, which JSON.parse refuses.
  const text = readFileSync(paths.config, 'utf8').replace(/^\uFEFF/, '');
  const json = parseConfigJson(text, paths.config);
  const parsed = ReviewConfigSchema.safeParse(json);
  if (!parsed.success) {
    const details = describeIssues(ReviewConfigSchema, parsed.error.issues);
    throw new UserError(`${paths.config}: does not match the review.json schema (review.schema.json); fix these and run again:`, 1, details);
  }
  const names = new Set<string>();
  for (const s of parsed.data.sources) {
    if (names.has(s.name)) throw new UserError(`${paths.config}: source "${s.name}" is declared twice; source names must be unique`);
    names.add(s.name);
  }
  return parsed.data;
}

/** JSON.parse with the line and column of a syntax error (Node's message has at most an offset). */
export function parseConfigJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const where = findJsonSyntaxError(text);
    if (!where) throw new UserError(`${shown}: not valid JSON; fix the file and run again`);
    const lineText = text.split('\n')[where.line - 1] ?? '';
    // The line as it is, with a caret under the column (long lines cut around it).
    const from = Math.max(0, where.column - 60);
    const excerpt = lineText.slice(from, from + 100).replace(/\t/g, ' ');
    throw new UserError(`${shown}:${where.line}:${where.column}: not valid JSON: ${where.problem}; fix the file and run again`, 1, [excerpt, `${' '.repeat(where.column - 1 - from)}^`]);
  }
}

export function saveConfig(paths: ProjectPaths, config: ReviewConfig | ReviewConfigInput): void {
  // Whatever a command adds is checked by its own option parsing; this is the last guard, so that
  // a review.json the next command would refuse is never written.
  const parsed = ReviewConfigSchema.safeParse(config);
  if (!parsed.success) throw new Error(`refusing to save an invalid review.json: ${describeIssues(ReviewConfigSchema, parsed.error.issues).join('; ')}`);
  writeJsonAtomic(paths.config, config);
}
