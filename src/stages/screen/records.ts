/** The screening set: unique records from the dedupe stage whose first source is a database or register. */
import { existsSync, readFileSync } from 'node:fs';
import { armOf, type ReviewConfig } from '../../model/config.js';
import { UniqueRecordSchema, type UniqueRecord } from '../../model/unique.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';

export function uniqueRecordsPath(paths: ProjectPaths): string {
  return paths.stageFile('dedupe', 'unique.jsonl');
}

export function loadUniqueRecords(paths: ProjectPaths): UniqueRecord[] {
  const file = uniqueRecordsPath(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: run \`review dedupe\` first`);
  const out: UniqueRecord[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new UserError(`${paths.rel(file)}:${i + 1}: not valid JSON; run \`review dedupe\` again`);
    }
    const parsed = UniqueRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`${paths.rel(file)}:${i + 1}: not a unique record (${issue?.path.join('.')}: ${issue?.message}); run \`review dedupe\` again`);
    }
    out.push(parsed.data);
  });
  return out;
}

export interface ScreeningSet {
  /** Records screened on title/abstract, in unique.jsonl order. */
  screened: UniqueRecord[];
  /** Other-methods records (hand search etc.): they skip title/abstract screening and enter at full text. */
  skipped: UniqueRecord[];
}

/** Records whose first source is not declared in review.json are screened (the cautious choice). */
export function screeningSet(config: ReviewConfig, records: readonly UniqueRecord[]): ScreeningSet {
  const kinds = new Map(config.sources.map((s) => [s.name, s.kind] as const));
  const screened: UniqueRecord[] = [];
  const skipped: UniqueRecord[] = [];
  for (const r of records) {
    const kind = kinds.get(r.firstSource);
    if (kind && armOf(kind) === 'other') skipped.push(r);
    else screened.push(r);
  }
  return { screened, skipped };
}

export function authorsText(r: UniqueRecord, max = 12): string {
  const names = r.authors.map((a) => (a.given ? `${a.family}, ${a.given}` : a.family));
  return names.length > max ? `${names.slice(0, max).join('; ')}; et al.` : names.join('; ');
}
