/**
 * Reading earlier stages' output files (never their code): imported and unique records,
 * title/abstract and full-text decisions, each checked against its model so a stale or hand-edited file is named.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { armOf, type ReviewConfig } from '../../model/config.js';
import { FulltextDecisionSchema, type FulltextDecision } from '../../model/fulltext.js';
import { ImportedRecordSchema, type ImportedRecord } from '../../model/record.js';
import { AUTOMATION_EXCLUSIONS_FILE, AutomationExclusionSchema, type AutomationExclusion } from '../../model/record-state.js';
import { ScreenDecisionSchema, type ScreenDecision } from '../../model/screen.js';
import { UniqueRecordSchema, type UniqueRecord } from '../../model/unique.js';
import { UserError } from '../../project/errors.js';
import { forEachJsonLine } from '../../project/json-lines.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv } from '../../sheets/csv.js';

export const uniqueRecordsFile = (paths: ProjectPaths): string => paths.stageFile('dedupe', 'unique.jsonl');
export const screenDecisionsFile = (paths: ProjectPaths): string => paths.stageFile('screen', 'decisions.csv');
export const fulltextDecisionsFile = (paths: ProjectPaths): string => paths.stageFile('fulltext', 'decisions.csv');

/** Rows of a stage file with the line each starts on, for files that name where a decision came from. */
export interface WithLines<T> {
  rows: T[];
  lines: number[];
}

export function loadUniqueRecords(paths: ProjectPaths): UniqueRecord[] {
  return loadUniqueRecordLines(paths).rows;
}

export function loadUniqueRecordLines(paths: ProjectPaths): WithLines<UniqueRecord> {
  const file = uniqueRecordsFile(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: run \`review dedupe\` first`);
  const out: WithLines<UniqueRecord> = { rows: [], lines: [] };
  forEachJsonLine(file, paths.rel(file), 'review dedupe', (json, line) => {
    out.rows.push(parseOrFail(UniqueRecordSchema, json, `${paths.rel(file)}:${line}`, 'review dedupe'));
    out.lines.push(line);
  });
  return out;
}

/** stages/screen/decisions.csv, or [] when no record needed title/abstract screening (every record came from other methods). */
export function loadScreenDecisions(paths: ProjectPaths, needed: boolean): ScreenDecision[] {
  return loadScreenDecisionLines(paths, needed).rows;
}

export function loadScreenDecisionLines(paths: ProjectPaths, needed: boolean): WithLines<ScreenDecision> {
  const file = screenDecisionsFile(paths);
  if (!existsSync(file)) {
    if (needed) throw new UserError(`${paths.rel(file)} not found: finish title/abstract screening first (\`review screen reconcile\`)`);
    return { rows: [], lines: [] };
  }
  return csvRows(paths, file, ScreenDecisionSchema, 'review screen reconcile');
}

export function loadFulltextDecisions(paths: ProjectPaths): FulltextDecision[] {
  return loadFulltextDecisionLines(paths).rows;
}

export function loadFulltextDecisionLines(paths: ProjectPaths): WithLines<FulltextDecision> {
  const file = fulltextDecisionsFile(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: collect the full-text decisions first (\`review fulltext collect\`)`);
  return csvRows(paths, file, FulltextDecisionSchema, 'review fulltext collect');
}

export const automationExclusionsFile = (paths: ProjectPaths): string => paths.stageFile(AUTOMATION_EXCLUSIONS_FILE.stage, AUTOMATION_EXCLUSIONS_FILE.name);

/**
 * The records screening left unscreened when the team stopped by its stopping rule
 * (stages/screen/stopped.csv: record_id, rule), or undefined when screening did not stop by a rule.
 */
export function loadAutomationExclusionLines(paths: ProjectPaths): WithLines<AutomationExclusion> | undefined {
  const file = automationExclusionsFile(paths);
  return existsSync(file) ? csvRows(paths, file, AutomationExclusionSchema, 'review screen') : undefined;
}

function csvRows<T extends z.ZodType>(paths: ProjectPaths, file: string, schema: T, rerun: string): WithLines<z.infer<T>> {
  const rows = readCsv(readFileSync(file, 'utf8')).rows;
  return {
    rows: rows.map((r) => parseOrFail(schema, Object.fromEntries(r.values), `${paths.rel(file)} line ${r.line}`, rerun)),
    lines: rows.map((r) => r.line),
  };
}

function parseOrFail<T extends z.ZodType>(schema: T, value: unknown, where: string, rerun: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserError(`${where}: unexpected content (${issue?.path.join('.')}: ${issue?.message}); run \`${rerun}\` again`);
}

/** PRISMA arm of a record: databases/registers or other methods. Undeclared sources count as databases (they were screened). */
export function armOfRecord(config: ReviewConfig, record: UniqueRecord): 'databases' | 'other' {
  const kind = config.sources.find((s) => s.name === record.firstSource)?.kind;
  return kind ? armOf(kind) : 'databases';
}

/** "databases" / "hand search": how the sheets name an arm for people. */
export function routeLabel(arm: 'databases' | 'other'): string {
  return arm === 'databases' ? 'databases' : 'hand search';
}

/** import's output: stages/import/records.jsonl. */
export const IMPORT_STAGE = 'import';
export const RECORDS_FILE = 'records.jsonl';

/**
 * Read stages/import/records.jsonl (validated), for later stages. With `raw: false` every record's
 * raw fields are left out (`raw` is empty), before validation: they are about half of the file,
 * and a stage that works on the mapped fields alone (dedupe) then holds half as much.
 */
export function readImportedRecords(paths: ProjectPaths, options: { raw?: boolean } = {}): ImportedRecord[] {
  const file = paths.stageFile(IMPORT_STAGE, RECORDS_FILE);
  if (!existsSync(file)) throw new UserError('no imported records yet: run `review import` first');
  const out: ImportedRecord[] = [];
  forEachJsonLine(file, paths.rel(file), 'review import', (json, line) => {
    if (options.raw === false && typeof json === 'object' && json !== null && Array.isArray((json as { raw?: unknown }).raw)) (json as { raw: unknown[] }).raw = [];
    const parsed = ImportedRecordSchema.safeParse(json);
    if (!parsed.success) throw new UserError(`${paths.rel(file)}:${line}: not a valid record (${parsed.error.issues[0]?.message}); re-run \`review import\``);
    out.push(parsed.data);
  });
  return out;
}
