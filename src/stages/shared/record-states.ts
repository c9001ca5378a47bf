/**
 * stages/prisma/record-states.csv: one row per imported record with its state and the stage file and
 * line that decided it (src/model/record-state.ts). `review prisma` writes it; status, report and
 * verify read it here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { RECORD_STATE_COLUMNS, RECORD_STATES, RecordStateRowSchema, type RecordState, type RecordStateRow } from '../../model/record-state.js';
import { UserError } from '../../project/errors.js';
import { ARTIFACTS, artifactFile } from './artifacts.js';
import { readManifest, staleFiles } from '../../project/manifest.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv, writeCsv } from '../../sheets/csv.js';

export const recordStatesFile = (paths: ProjectPaths): string => artifactFile(paths, ARTIFACTS.recordStates);

export function recordStatesCsv(rows: readonly RecordStateRow[]): string {
  return writeCsv(RECORD_STATE_COLUMNS, rows as unknown as Record<string, unknown>[]);
}

/** Parse record-states.csv text; `where` names the file in messages. */
export function parseRecordStates(text: string, where: string): RecordStateRow[] {
  return readCsv(text).rows.map((r) => {
    const parsed = RecordStateRowSchema.safeParse(Object.fromEntries(r.values));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`${where} line ${r.line}: unexpected content (${issue?.path.join('.')}: ${issue?.message}); run \`review prisma\` again`);
    }
    return parsed.data;
  });
}

/**
 * Read record-states.csv. With `fresh`, refuse a file older than the stage outputs it was computed
 * from (a later \`review fulltext collect\`, say): the reader would otherwise report a superseded state.
 */
export function loadRecordStates(paths: ProjectPaths, options: { fresh?: boolean } = {}): RecordStateRow[] {
  const file = recordStatesFile(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: run \`review prisma\` first`);
  if (options.fresh) {
    const manifest = readManifest(paths, ARTIFACTS.recordStates.writer);
    const changed = manifest ? staleFiles(paths, manifest) : [paths.rel(paths.manifest(ARTIFACTS.recordStates.writer))];
    if (changed.length) {
      throw new UserError(`${paths.rel(file)} is out of date (changed since the last \`review prisma\`: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}): run \`review prisma\` first`);
    }
  }
  return parseRecordStates(readFileSync(file, 'utf8'), paths.rel(file));
}

/** The unique records in state "included", from an up-to-date record-states.csv: the report's and verify's included set. */
export function includedRecordIds(paths: ProjectPaths): Set<string> {
  return new Set(loadRecordStates(paths, { fresh: true }).filter((r) => r.state === 'included').map((r) => r.unique_id));
}

/** Records per state, in pipeline order, states with no record left out. */
export function stateCounts(rows: readonly RecordStateRow[]): { state: RecordState; n: number }[] {
  return RECORD_STATES.map((state) => ({ state, n: rows.filter((r) => r.state === state).length })).filter((c) => c.n > 0);
}
