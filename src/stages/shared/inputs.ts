/**
 * Reading earlier stages' output files (never their code): imported and unique records,
 * title/abstract and full-text decisions, each checked against its model so a stale or hand-edited file is named.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { armOf, type ReviewConfig } from '../../model/config.js';
import { FulltextDecisionSchema, type FulltextDecision } from '../../model/fulltext.js';
import { ImportedRecordSchema, type ImportedRecord } from '../../model/record.js';
import { ScreenDecisionSchema, type ScreenDecision } from '../../model/screen.js';
import { UniqueRecordSchema, type UniqueRecord } from '../../model/unique.js';
import { UserError } from '../../project/errors.js';
import { forEachJsonLine } from '../../project/json-lines.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv } from '../../sheets/csv.js';

export const uniqueRecordsFile = (paths: ProjectPaths): string => paths.stageFile('dedupe', 'unique.jsonl');
export const screenDecisionsFile = (paths: ProjectPaths): string => paths.stageFile('screen', 'decisions.csv');
export const fulltextDecisionsFile = (paths: ProjectPaths): string => paths.stageFile('fulltext', 'decisions.csv');

export function loadUniqueRecords(paths: ProjectPaths): UniqueRecord[] {
  const file = uniqueRecordsFile(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: run \`review dedupe\` first`);
  const out: UniqueRecord[] = [];
  forEachJsonLine(file, paths.rel(file), 'review dedupe', (json, line) => {
    out.push(parseOrFail(UniqueRecordSchema, json, `${paths.rel(file)}:${line}`, 'review dedupe'));
  });
  return out;
}

/** What a returned screening sheet is checked against: a unique record's id, DOI and first source. */
export interface UniqueRecordKey {
  id: string;
  doi?: string;
  firstSource: string;
}

const UniqueRecordKeySchema = UniqueRecordSchema.pick({ schemaVersion: true, id: true, doi: true, firstSource: true });

/**
 * Only the id, DOI and first source of each unique record (those fields validated): collecting a
 * returned sheet of 130,000 rows needs no titles or abstracts, and validating whole records is most
 * of the time it takes to read them.
 */
export function loadUniqueRecordKeys(paths: ProjectPaths): UniqueRecordKey[] {
  const file = uniqueRecordsFile(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: run \`review dedupe\` first`);
  const out: UniqueRecordKey[] = [];
  forEachJsonLine(file, paths.rel(file), 'review dedupe', (json, line) => {
    const { id, doi, firstSource } = parseOrFail(UniqueRecordKeySchema, json, `${paths.rel(file)}:${line}`, 'review dedupe');
    out.push(doi !== undefined ? { id, doi, firstSource } : { id, firstSource });
  });
  return out;
}

/** stages/screen/decisions.csv, or [] when no record needed title/abstract screening (every record came from other methods). */
export function loadScreenDecisions(paths: ProjectPaths, needed: boolean): ScreenDecision[] {
  const file = screenDecisionsFile(paths);
  if (!existsSync(file)) {
    if (needed) throw new UserError(`${paths.rel(file)} not found: finish title/abstract screening first (\`review screen reconcile\`)`);
    return [];
  }
  return readCsv(readFileSync(file, 'utf8')).rows.map((r) =>
    parseOrFail(ScreenDecisionSchema, Object.fromEntries(r.values), `${paths.rel(file)} line ${r.line}`, 'review screen reconcile'));
}

export function loadFulltextDecisions(paths: ProjectPaths): FulltextDecision[] {
  const file = fulltextDecisionsFile(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: collect the full-text decisions first (\`review fulltext collect\`)`);
  return readCsv(readFileSync(file, 'utf8')).rows.map((r) =>
    parseOrFail(FulltextDecisionSchema, Object.fromEntries(r.values), `${paths.rel(file)} line ${r.line}`, 'review fulltext collect'));
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
  const out: ImportedRecord[] = [];
  forEachImportedRecord(paths, options, (record) => { out.push(record); });
  return out;
}

/**
 * Visit every record of stages/import/records.jsonl in order (validated as readImportedRecords does),
 * with where its line is in the file, without holding them all.
 */
export function forEachImportedRecord(paths: ProjectPaths, options: { raw?: boolean }, visit: (record: ImportedRecord, offset: number, byteLength: number) => void): void {
  const file = importedRecordsFile(paths);
  if (!existsSync(file)) throw new UserError('no imported records yet: run `review import` first');
  forEachJsonLine(file, paths.rel(file), 'review import', (json, line, offset, byteLength) => {
    visit(importedRecordFromJson(json, options, `${paths.rel(file)}:${line}`), offset, byteLength);
  });
}

export const importedRecordsFile = (paths: ProjectPaths): string => paths.stageFile(IMPORT_STAGE, RECORDS_FILE);

/** One parsed line of records.jsonl as a validated record; `where` names file and line in the error. */
export function importedRecordFromJson(json: unknown, options: { raw?: boolean }, where: string): ImportedRecord {
  if (options.raw === false && typeof json === 'object' && json !== null && Array.isArray((json as { raw?: unknown }).raw)) (json as { raw: unknown[] }).raw = [];
  const parsed = ImportedRecordSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${where}: not a valid record (${parsed.error.issues[0]?.message}); re-run \`review import\``);
  return parsed.data;
}
