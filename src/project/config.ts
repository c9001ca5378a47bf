import { existsSync, readFileSync } from 'node:fs';
import { ReviewConfigSchema, type ReviewConfig } from '../model/config.js';
import { writeJsonAtomic } from './atomic.js';
import { UserError } from './errors.js';
import type { ProjectPaths } from './paths.js';

export function loadConfig(paths: ProjectPaths): ReviewConfig {
  if (!existsSync(paths.config)) {
    throw new UserError(`no review.json in ${paths.root}: run \`review init\` there, or pass -C <project folder>`);
  }
  let json: unknown;
  const text = readFileSync(paths.config, 'utf8');
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${paths.config}: not valid JSON (${(error as Error).message}); fix the file and run again`);
  }
  const parsed = ReviewConfigSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new UserError(`${paths.config}: does not match the review.json schema (schemas/review.schema.json):\n${details.join('\n')}`);
  }
  const names = new Set<string>();
  for (const s of parsed.data.sources) {
    if (names.has(s.name)) throw new UserError(`${paths.config}: source "${s.name}" is declared twice; source names must be unique`);
    names.add(s.name);
  }
  return parsed.data;
}

export function saveConfig(paths: ProjectPaths, config: ReviewConfig): void {
  writeJsonAtomic(paths.config, config);
}
