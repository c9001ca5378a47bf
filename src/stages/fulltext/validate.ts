/**
 * Strict validation of one returned full-text sheet (pure). Every problem names the sheet and row,
 * what is wrong and what to do; a sheet with any problem yields no assessments.
 */
import type { ExclusionReason } from '../../model/config.js';
import { FULLTEXT_SHEET_KIND, type FulltextPlan } from './plan.js';
import { FULLTEXT_SHEET_NAME } from './sheet.js';

export interface ReturnedRow {
  row: number;
  values: ReadonlyMap<string, string>;
}

export interface ReturnedFulltextSheet {
  /** Name shown in messages (the collected file). */
  label: string;
  meta: ReadonlyMap<string, string>;
  /** The "Full text" tab; undefined when the workbook has none. */
  header: readonly string[] | undefined;
  rows: readonly ReturnedRow[];
}

export interface Assessment {
  record_id: string;
  /** The sheet's assessor (dual) or the assessor column (single). */
  assessor: string;
  retrieved: 'yes' | 'no';
  decision: 'include' | 'exclude';
  reason: string;
  note: string;
  row: number;
}

export interface SheetValidation {
  assessor: string;
  assessments: Assessment[];
  problems: string[];
  /** Rows without a decision yet. */
  undecided: number;
}

const REQUIRED_COLUMNS = ['id', 'retrieved', 'decision', 'reason'];

export function validateFulltextSheet(sheet: ReturnedFulltextSheet, plan: FulltextPlan, allReasons: readonly ExclusionReason[]): SheetValidation {
  const assessor = sheet.meta.get('assessor') ?? '';
  const where = (row?: number): string => `${sheet.label}${row ? ` row ${row}` : ''}`;
  const fail = (why: string): SheetValidation => ({ assessor, assessments: [], problems: [`${where()}: ${why}`], undecided: 0 });
  if (sheet.meta.get('kind') !== FULLTEXT_SHEET_KIND) return fail('this is not a full-text sheet made by `review fulltext sheet`; return the sheet from stages/fulltext/');
  const planned = plan.sheets.find((s) => s.assessor === assessor);
  if (!planned) return fail(`assessor "${assessor}" has no sheet in this project (review.json fulltext.assessors: ${plan.assessors.join(', ') || 'none'}); return a sheet from stages/fulltext/`);
  const hash = sheet.meta.get('sheetHash') ?? '';
  if (hash !== planned.hash) {
    return fail(`the sheet comes from another sheet version (${short(hash)}; the current one is ${short(planned.hash)}): the records at full text or the exclusion reasons changed since it was made. Run \`review fulltext sheet\`, copy your decisions into the new ${planned.file} and return that`);
  }
  if (!sheet.header) return fail(`the "${FULLTEXT_SHEET_NAME}" tab is missing; do not rename or delete tabs`);
  for (const c of REQUIRED_COLUMNS) {
    if (!sheet.header.includes(c)) return fail(`column "${c}" is missing (columns: ${sheet.header.join(', ')}); do not rename or delete columns`);
  }
  const fulltextIds = new Map(plan.reasons.map((r) => [r.id.toLowerCase(), r.id]));
  const byLabel = new Map(plan.reasons.map((r) => [r.label.toLowerCase(), r.id]));
  const otherStage = new Map(allReasons.filter((r) => !r.stages.includes('fulltext')).map((r) => [r.id.toLowerCase(), r]));
  const expected = planned.recordIds;
  const assigned = new Set(expected);
  const present = new Set(sheet.rows.map((r) => (r.values.get('id') ?? '').trim()));
  const firstRow = new Map<string, number>();
  const problems: string[] = [];
  const assessments: Assessment[] = [];
  let undecided = 0;
  for (const r of sheet.rows) {
    const get = (c: string): string => (r.values.get(c) ?? '').trim();
    const id = get('id');
    if (id === '') {
      problems.push(`${where(r.row)}: the id cell is empty but the row has content; restore the id (do not add rows)`);
      continue;
    }
    const earlier = firstRow.get(id);
    if (earlier !== undefined) {
      problems.push(`${where(r.row)}: record ${id} appears again (first at row ${earlier}); delete the duplicated row and keep one decision`);
      continue;
    }
    firstRow.set(id, r.row);
    if (!assigned.has(id)) {
      const original = expected[r.row - 2];
      problems.push(original !== undefined && original !== id && !present.has(original)
        ? `${where(r.row)}: the id was edited (was ${original}, now ${id}); put back ${original}`
        : `${where(r.row)}: record ${id} is not on this sheet (unknown id); remove the row or fix the id`);
      continue;
    }
    const retrievedText = get('retrieved').toLowerCase();
    const decisionText = get('decision').toLowerCase();
    const reasonText = get('reason');
    const note = get('note');
    const rowAssessor = assessor || get('assessor');
    if (retrievedText !== '' && retrievedText !== 'yes' && retrievedText !== 'no') {
      problems.push(`${where(r.row)}: retrieved "${get('retrieved')}" must be yes or no; choose from the drop-down`);
      continue;
    }
    if (decisionText !== '' && decisionText !== 'include' && decisionText !== 'exclude') {
      problems.push(`${where(r.row)}: decision "${get('decision')}" must be include or exclude; choose from the drop-down`);
      continue;
    }
    let reason = '';
    if (reasonText !== '') {
      const id = fulltextIds.get(reasonText.toLowerCase()) ?? byLabel.get(reasonText.toLowerCase());
      if (id === undefined) {
        const screenOnly = otherStage.get(reasonText.toLowerCase());
        problems.push(screenOnly
          ? `${where(r.row)}: reason "${reasonText}" is a title/abstract reason, not allowed at full text; choose one from the drop-down`
          : `${where(r.row)}: reason "${reasonText}" is not in the exclusion reasons list (version ${plan.reasonsVersion}); choose one from the drop-down (the Reasons tab lists them)`);
        continue;
      }
      reason = id;
    }
    if (decisionText === '' && retrievedText !== 'no') {
      undecided++;
      if (reason !== '') problems.push(`${where(r.row)}: reason "${reason}" without a decision; set decision to exclude or clear the reason`);
      continue;
    }
    if (retrievedText === 'no' && decisionText === 'include') {
      problems.push(`${where(r.row)}: record ${id} is marked not retrieved but included; a full text that was not retrieved cannot be assessed: set retrieved to yes or the decision to exclude`);
      continue;
    }
    if (decisionText === 'include' && reason !== '') {
      problems.push(`${where(r.row)}: record ${id} is included but has an exclusion reason ("${reason}"); clear the reason or exclude it`);
      continue;
    }
    if (decisionText === 'exclude' && retrievedText !== 'no' && reason === '') {
      problems.push(`${where(r.row)}: record ${id} is excluded without a reason; choose the reason from the drop-down (required for every exclusion)`);
      continue;
    }
    if (plan.reviewsPerRecord === 1 && rowAssessor === '') {
      problems.push(`${where(r.row)}: record ${id} is decided but the assessor column is empty; put your initials or id there`);
      continue;
    }
    assessments.push({
      record_id: id, assessor: rowAssessor, retrieved: retrievedText === 'no' ? 'no' : 'yes',
      decision: decisionText === 'include' ? 'include' : 'exclude', reason, note, row: r.row,
    });
  }
  expected.forEach((id, i) => {
    if (!present.has(id) && !problems.some((p) => p.includes(`was ${id},`))) {
      problems.push(`${where(i + 2)}: record ${id} is missing (the row was deleted); put the row back or return the sheet as given`);
    }
  });
  return { assessor, assessments: problems.length ? [] : assessments, problems, undecided };
}

function short(hash: string): string {
  return hash ? `${hash.slice(0, 12)}…` : '(none)';
}
