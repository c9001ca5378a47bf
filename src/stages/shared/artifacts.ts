/**
 * Every file that passes from one stage to another, declared once: where it lives, its model, its
 * form (JSON lines, CSV, or files copied as they are), the stage that writes it and the command that
 * makes it again. Stages read and write these files only through this module (readArtifact,
 * artifactOutput), so a file's path, its check against the model and the wording of its errors
 * exist once. Stage declarations (src/stages/<stage>/stage.ts) name them in `needs` and `writes`;
 * the stage graph (src/stages/graph.ts) and its test check that each is written by the stage it
 * names and read only by stages after it.
 *
 * Here rather than in src/project: reading a CSV artifact needs src/sheets, which project may not
 * import; and only stages read and write these files.
 *
 * A new artifact is one entry below (and its name in the writing stage's `writes`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ExtractionRowSchema } from '../../model/extraction.js';
import { FULLTEXT_DECISION_COLUMNS, FulltextDecisionSchema } from '../../model/fulltext.js';
import { ImportedRecordSchema } from '../../model/record.js';
import { RECORD_STATE_COLUMNS, RecordStateRowSchema } from '../../model/record-state.js';
import { AUTOMATION_EXCLUDED_COLUMNS, AutomationExcludedSchema, SCREEN_DECISION_COLUMNS, ScreenDecisionSchema } from '../../model/screen.js';
import { UniqueRecordSchema } from '../../model/unique.js';
import { UserError } from '../../project/errors.js';
import { JsonBytes } from '../../project/json-bytes.js';
import { forEachJsonLine, serializeJsonLines, writeJsonLine } from '../../project/json-lines.js';
import type { ProjectPaths } from '../../project/paths.js';
import type { StageOutput } from '../../project/stage-writer.js';
import { StagedFile } from '../../project/staged-file.js';
import { readCsv, writeCsv } from '../../sheets/csv.js';

interface ArtifactBase {
  /** Project-relative path (a folder ends in "/"). */
  path: string;
  /** The stage that writes it: the only one. */
  writer: string;
  /** The command that makes it again (named in errors). */
  rebuild: string;
  /** What one row is, for people ("unique record"), or what the files are. */
  about: string;
}

/** A file of rows checked against a model: one JSON object per line, or CSV with these columns. */
export interface RowsArtifact<Row> extends ArtifactBase {
  form: 'jsonl' | 'csv';
  schema: z.ZodType<Row>;
  /** CSV only: the columns in order. */
  columns?: readonly string[];
}

/** Files another stage copies as they are (report gathers the extraction summaries and the flow diagram). */
export interface FilesArtifact extends ArtifactBase {
  form: 'files';
  /** The file names under `path` (a folder): undefined for "every file in the folder". */
  names?: readonly string[];
}

export type Artifact = RowsArtifact<unknown> | FilesArtifact;

function rows<Row>(a: ArtifactBase & { form: 'jsonl' | 'csv'; schema: z.ZodType<Row>; columns?: readonly string[] }): RowsArtifact<Row> {
  return a;
}

/**
 * A slim view of a rows artifact: the same file read with a smaller model, for a stage that needs
 * only a few fields of a large file (zod drops the fields the view does not name).
 */
function view<Row>(of: RowsArtifact<unknown>, schema: z.ZodType<Row>): RowsArtifact<Row> {
  return { ...of, schema };
}

export const ARTIFACTS = {
  importedRecords: rows({
    path: 'stages/import/records.jsonl', form: 'jsonl', schema: ImportedRecordSchema,
    writer: 'import', rebuild: 'review import', about: 'imported record',
  }),
  uniqueRecords: rows({
    path: 'stages/dedupe/unique.jsonl', form: 'jsonl', schema: UniqueRecordSchema,
    writer: 'dedupe', rebuild: 'review dedupe', about: 'unique record',
  }),
  screenDecisions: rows({
    path: 'stages/screen/decisions.csv', form: 'csv', schema: ScreenDecisionSchema, columns: SCREEN_DECISION_COLUMNS,
    writer: 'screen', rebuild: 'review screen reconcile', about: 'title/abstract decision',
  }),
  fulltextDecisions: rows({
    path: 'stages/fulltext/decisions.csv', form: 'csv', schema: FulltextDecisionSchema, columns: FULLTEXT_DECISION_COLUMNS,
    writer: 'fulltext', rebuild: 'review fulltext collect', about: 'full-text decision',
  }),
  extraction: rows({
    path: 'stages/extract/extraction.jsonl', form: 'jsonl', schema: ExtractionRowSchema,
    writer: 'extract', rebuild: 'review extract collect', about: 'extraction row',
  }),
  extractionSummaries: {
    path: 'stages/extract/summary/', form: 'files', writer: 'extract', rebuild: 'review extract summary', about: 'extraction summaries (5W counts and charts)',
  } satisfies FilesArtifact,
  screenAutomationExcluded: rows({
    path: 'stages/screen/automation-excluded.csv', form: 'csv', schema: AutomationExcludedSchema, columns: AUTOMATION_EXCLUDED_COLUMNS,
    writer: 'screen', rebuild: 'review screen reconcile', about: 'record left unscreened when screening stopped by its rule',
  }),
  recordStates: rows({
    path: 'stages/prisma/record-states.csv', form: 'csv', schema: RecordStateRowSchema, columns: RECORD_STATE_COLUMNS,
    writer: 'prisma', rebuild: 'review prisma', about: 'record state',
  }),
  prismaFlow: {
    path: 'stages/prisma/', form: 'files', names: ['flow.json', 'flow.csv', 'flow.md', 'flow.svg'],
    writer: 'prisma', rebuild: 'review prisma', about: 'PRISMA flow (numbers, table and diagram)',
  } satisfies FilesArtifact,
} as const;

/** Imported records without their raw fields (about half of the file): all dedupe compares. */
export const importedRecordsWithoutRaw = view(ARTIFACTS.importedRecords, ImportedRecordSchema.extend({ raw: z.unknown().transform(() => []) }));

/** Only the id and source of each imported record: all the PRISMA flow counts. */
export const importedRecordRefs = view(ARTIFACTS.importedRecords, z.object({ id: z.string(), provenance: z.object({ source: z.string() }) }));

/**
 * Only the id, DOI and first source of each unique record: what a returned screening sheet is
 * checked against. Collecting a sheet of 130,000 rows needs no titles or abstracts, and validating
 * whole records is most of the time it takes to read them.
 */
export const uniqueRecordKeys = view(ARTIFACTS.uniqueRecords, UniqueRecordSchema.pick({ schemaVersion: true, id: true, doi: true, firstSource: true }));

/** The artifact's absolute path (of its folder, for a files artifact). */
export function artifactFile(paths: ProjectPaths, artifact: Artifact): string {
  return paths.abs(artifact.path);
}

/** The file's name inside its writer's folder, as a StageOutput names it ("unique.jsonl"). */
export function artifactName(artifact: Artifact): string {
  const folder = `stages/${artifact.writer}/`;
  if (!artifact.path.startsWith(folder)) throw new Error(`artifact ${artifact.path} is not under ${folder}`);
  return artifact.path.slice(folder.length);
}

/** The stage output that writes these rows to a rows artifact (JSON lines as JSON.stringify writes them; CSV with the declared columns). */
export function artifactOutput<Row>(artifact: RowsArtifact<Row>, values: readonly Row[]): StageOutput {
  if (artifact.form === 'jsonl') return { name: artifactName(artifact), content: serializeJsonLines(values) };
  if (!artifact.columns) throw new Error(`CSV artifact ${artifact.path} declares no columns`);
  return { name: artifactName(artifact), content: writeCsv(artifact.columns, values as readonly Record<string, unknown>[]) };
}

/**
 * A JSON-lines artifact's rows written one at a time into a staged file beside it, as a stage
 * output: the bytes artifactOutput writes, for an output too large to hold whole (unique.jsonl of
 * 150,000 records, each made only when it is written).
 */
export function stagedArtifactOutput<Row>(paths: ProjectPaths, artifact: RowsArtifact<Row>, rows: Iterable<Row>): StageOutput {
  if (artifact.form !== 'jsonl') throw new Error(`artifact ${artifact.path} is not JSON lines`);
  const staged = StagedFile.fill(artifactFile(paths, artifact), (write) => {
    const out = new JsonBytes(OUTPUT_PIECE + (1 << 20), write, OUTPUT_PIECE);
    for (const row of rows) {
      writeJsonLine(out, row);
      out.flush();
    }
    out.flush(true);
  });
  return { name: artifactName(artifact), staged };
}

/** How much JSON stagedArtifactOutput gathers before writing it out. */
const OUTPUT_PIECE = 8 << 20;

/** Every row of a rows artifact, each checked against its model; a missing file is an error naming the command that makes it. */
export function readArtifact<Row>(paths: ProjectPaths, artifact: RowsArtifact<Row>): Row[] {
  const out = readArtifactIfAny(paths, artifact);
  if (!out) throw new UserError(`${artifact.path} not found: run \`${artifact.rebuild}\` first`);
  return out;
}

/** As readArtifact, or undefined when the file does not exist (for a stage that uses it when there). */
export function readArtifactIfAny<Row>(paths: ProjectPaths, artifact: RowsArtifact<Row>): Row[] | undefined {
  return readArtifactLinesIfAny(paths, artifact)?.rows;
}

/** Rows of an artifact with the line each starts on, for a stage that names where a decision came from. */
export interface WithLines<Row> {
  rows: Row[];
  lines: number[];
}

/** As readArtifact, with each row's line. */
export function readArtifactLines<Row>(paths: ProjectPaths, artifact: RowsArtifact<Row>): WithLines<Row> {
  const out = readArtifactLinesIfAny(paths, artifact);
  if (!out) throw new UserError(`${artifact.path} not found: run \`${artifact.rebuild}\` first`);
  return out;
}

/** As readArtifactLines, or undefined when the file does not exist. */
export function readArtifactLinesIfAny<Row>(paths: ProjectPaths, artifact: RowsArtifact<Row>): WithLines<Row> | undefined {
  const file = artifactFile(paths, artifact);
  if (!existsSync(file)) return undefined;
  const out: WithLines<Row> = { rows: [], lines: [] };
  const keep = (row: Row, line: number): void => {
    out.rows.push(row);
    out.lines.push(line);
  };
  if (artifact.form === 'jsonl') forEachArtifactRow(paths, artifact, keep);
  else for (const r of readCsv(readFileSync(file, 'utf8')).rows) keep(checkedRow(artifact, Object.fromEntries(r.values), r.line), r.line);
  return out;
}

/**
 * Visit every row of a JSON-lines artifact in order, checked as readArtifact checks it, with its
 * line and where its bytes are in the file (offset, length without the newline) so that it can be
 * read again later (ArtifactRowFile), without holding the rows. A missing file is an error naming
 * the command that makes it.
 */
export function forEachArtifactRow<Row>(paths: ProjectPaths, artifact: RowsArtifact<Row>, visit: (row: Row, line: number, offset: number, byteLength: number) => void): void {
  if (artifact.form !== 'jsonl') throw new Error(`artifact ${artifact.path} is not JSON lines`);
  const file = artifactFile(paths, artifact);
  if (!existsSync(file)) throw new UserError(`${artifact.path} not found: run \`${artifact.rebuild}\` first`);
  forEachJsonLine(file, artifact.path, artifact.rebuild, (json, line, offset, byteLength) => visit(checkedRow(artifact, json, line), line, offset, byteLength));
}

/** One row checked against the artifact's model; the error names file, line, field and the command that makes it again. */
export function checkedRow<Row>(artifact: RowsArtifact<Row>, value: unknown, line: number): Row {
  const parsed = artifact.schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UserError(`${artifact.path}:${line}: not a valid ${artifact.about} (${where}${issue?.message}); run \`${artifact.rebuild}\` again`);
  }
  return parsed.data;
}
