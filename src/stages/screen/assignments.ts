/** Reading and hashing stages/screen/assignments.csv (shared by assign, collect and reconcile). */
import { existsSync, readFileSync } from 'node:fs';
import { SCREEN_ASSIGNMENT_COLUMNS, ScreenAssignmentSchema, type ScreenAssignment } from '../../model/screen.js';
import { UserError } from '../../project/errors.js';
import { sha256 } from '../../project/hash.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv, writeCsv } from '../../sheets/csv.js';
import { PRNG_ID } from './prng.js';

export function assignmentsPath(paths: ProjectPaths): string {
  return paths.stageFile('screen', 'assignments.csv');
}

export function readAssignments(paths: ProjectPaths, required: boolean): ScreenAssignment[] {
  const file = assignmentsPath(paths);
  if (!existsSync(file)) {
    if (required) throw new UserError(`${paths.rel(file)} not found: run \`review screen assign\` first`);
    return [];
  }
  return readCsv(readFileSync(file, 'utf8')).rows.map((r) => {
    const parsed = ScreenAssignmentSchema.safeParse(Object.fromEntries(r.values));
    if (!parsed.success) throw new UserError(`${paths.rel(file)}:${r.line}: not an assignment row; run \`review screen assign\` again`);
    return parsed.data;
  });
}

export function assignmentsCsv(rows: readonly ScreenAssignment[]): string {
  return writeCsv(SCREEN_ASSIGNMENT_COLUMNS, rows);
}

/**
 * Hash of batch k: sha256 over the PRNG id and every assignment row of batches 1..k, so earlier batches' sheets stay valid.
 * `csv` is assignmentsCsv(rows) when the caller has it already (the last batch hashes all rows: 100,000 rows take ~0.4 s to write).
 */
export function batchHashes(rows: readonly ScreenAssignment[], csv?: string): Map<number, string> {
  const batches = [...new Set(rows.map((r) => r.batch))].sort((a, b) => a - b);
  const out = new Map<number, string>();
  for (const b of batches) {
    const upTo = rows.filter((r) => r.batch <= b);
    out.set(b, sha256(`${PRNG_ID}\n${csv !== undefined && upTo.length === rows.length ? csv : assignmentsCsv(upTo)}`));
  }
  return out;
}

/** Screener ids per record, in slot order. */
export function screenersByRecord(rows: readonly ScreenAssignment[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of [...rows].sort((a, b) => a.slot - b.slot)) {
    const list = out.get(r.record_id);
    if (list) list.push(r.screener);
    else out.set(r.record_id, [r.screener]);
  }
  return out;
}
