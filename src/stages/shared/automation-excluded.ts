/**
 * stages/screen/automation-excluded.csv, read by later stages (prisma, report): the records left
 * unscreened when the team stopped title/abstract screening by its stopping rule, "Records marked
 * as ineligible by automation tools" in PRISMA 2020. Absent when screening was not stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AutomationExcludedSchema, type AutomationExcluded } from '../../model/screen.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv } from '../../sheets/csv.js';

export const AUTOMATION_EXCLUDED_FILE = 'automation-excluded.csv';

export const automationExcludedFile = (paths: ProjectPaths): string => paths.stageFile('screen', AUTOMATION_EXCLUDED_FILE);

/** The stopping rule and its figures, as every row of the file states them. */
export type AutomationRule = Omit<AutomationExcluded, 'record_id'>;

export interface AutomationExclusion {
  ids: string[];
  rule: AutomationRule | undefined;
}

/** The automation-excluded records, or undefined when screening was not stopped (no file). */
export function loadAutomationExcluded(paths: ProjectPaths): AutomationExclusion | undefined {
  const file = automationExcludedFile(paths);
  if (!existsSync(file)) return undefined;
  const rows = readCsv(readFileSync(file, 'utf8')).rows.map((r) => {
    const parsed = AutomationExcludedSchema.safeParse(Object.fromEntries(r.values));
    if (!parsed.success) throw new UserError(`${paths.rel(file)} line ${r.line}: unexpected content (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); run \`review screen reconcile\` again`);
    return parsed.data;
  });
  const first = rows[0];
  const rule = first ? (({ record_id: _id, ...rest }) => rest)(first) : undefined;
  return { ids: rows.map((r) => r.record_id), rule };
}
