/**
 * Strict validation of one returned screening sheet (pure): every problem with the sheet, the row,
 * what is wrong and what to do. A sheet with any problem yields no votes.
 */
import type { ScreenAssignment } from '../../model/screen.js';
import type { ScreeningPlan } from './plan.js';

export type Decision = 'include' | 'exclude' | 'maybe';

export interface SheetRowIn {
  /** Sheet row (xlsx) or line (CSV). */
  row: number;
  values: ReadonlyMap<string, string>;
}

export interface ReturnedSheet {
  /** The name the user gave (shown in messages). */
  label: string;
  screener: string | undefined;
  assignmentHash: string | undefined;
  header: readonly string[];
  rows: readonly SheetRowIn[];
}

export interface ValidationContext {
  plan: ScreeningPlan;
  assignments: readonly ScreenAssignment[];
  batchHashes: ReadonlyMap<number, string>;
  /** Current screening set: id → DOI ('' when none). */
  dois: ReadonlyMap<string, string>;
}

export interface DraftVote {
  record_id: string;
  screener: string;
  decision: Decision;
  reason: string;
  note: string;
  row: number;
}

export interface SheetResult {
  screener: string | undefined;
  votes: DraftVote[];
  problems: string[];
  /** Rows on the sheet without a decision yet (a partial sheet). */
  undecided: number;
  batch: number | undefined;
}

const REQUIRED_COLUMNS = ['id', 'decision'];

export function validateSheet(sheet: ReturnedSheet, ctx: ValidationContext): SheetResult {
  const problems: string[] = [];
  const where = (row?: number): string => `${sheet.label}${sheet.screener ? ` [${sheet.screener}]` : ''}${row ? ` row ${row}` : ''}`;
  const fail = (why: string): SheetResult => ({ screener: sheet.screener, votes: [], problems: [`${where()}: ${why}`], undecided: 0, batch: undefined });
  const screener = ctx.plan.screeners.find((s) => s.id === sheet.screener);
  if (!sheet.screener) return fail('this is not a screening sheet made by `review screen assign` (no screener/assignment recorded); return the sheet you were given');
  if (!screener) return fail(`screener "${sheet.screener}" is not in review.json's allocation; return a sheet from stages/screen/sheets/`);
  const batch = [...ctx.batchHashes].find(([, h]) => h === sheet.assignmentHash)?.[0];
  if (batch === undefined) {
    const current = [...ctx.batchHashes.values()].at(-1) ?? '(none)';
    return fail(`the sheet comes from another assignment (hash ${short(sheet.assignmentHash)}, this project's is ${short(current)}); collect the sheet made for this project, stages/screen/sheets/${sheet.screener}.xlsx`);
  }
  for (const c of REQUIRED_COLUMNS) {
    if (!sheet.header.includes(c)) return fail(`column "${c}" is missing (columns: ${sheet.header.join(', ')}); do not rename or delete columns, use the sheet as given`);
  }
  const mine = ctx.assignments.filter((a) => a.screener === screener.id && a.batch <= batch);
  const assigned = new Set(mine.map((a) => a.record_id));
  // The order the sheet was written in: row n held expected[n - 2] (used to tell an edited id from an unknown one).
  const expected = mine.map((a) => a.record_id).filter((id) => ctx.dois.has(id));
  const present = new Set(sheet.rows.map((r) => (r.values.get('id') ?? '').trim()));
  const firstRow = new Map<string, number>();
  const votes: DraftVote[] = [];
  let undecided = 0;
  for (const r of sheet.rows) {
    const id = (r.values.get('id') ?? '').trim();
    if (id === '') {
      problems.push(`${where(r.row)}: the id cell is empty but the row has content; restore the id (do not add rows)`);
      continue;
    }
    const earlier = firstRow.get(id);
    if (earlier !== undefined) {
      problems.push(`${where(r.row)}: record ${id} appears again (first at row ${earlier}); delete the duplicated row, keep one decision`);
      continue;
    }
    firstRow.set(id, r.row);
    if (!assigned.has(id)) {
      const original = expected[r.row - 2];
      if (original !== undefined && original !== id && !present.has(original)) {
        problems.push(`${where(r.row)}: the id was edited (was ${original}, now ${id}); put back ${original}`);
      } else {
        problems.push(`${where(r.row)}: record ${id} is not on ${screener.id}'s sheet (unknown id); remove the row or fix the id`);
      }
      continue;
    }
    if (sheet.header.includes('doi')) {
      const want = ctx.dois.get(id) ?? '';
      const got = (r.values.get('doi') ?? '').trim();
      if (want !== '' && got !== want) {
        problems.push(got === '' || !looksDamaged(got)
          ? `${where(r.row)}: the DOI of ${id} was changed ("${got}", expected "${want}"); restore it (the DOI column is not for editing)`
          : `${where(r.row)}: the DOI of ${id} was turned into a ${looksLikeDate(got) ? 'date' : 'number'} by Excel ("${got}", expected "${want}"); return the .xlsx sheet, or open the CSV with the doi column as Text`);
        continue;
      }
    }
    const rawDecision = (r.values.get('decision') ?? '').trim();
    const decision = rawDecision.toLowerCase();
    const reason = (r.values.get('reason') ?? '').trim();
    const note = (r.values.get('note') ?? '').trim();
    if (decision === '') {
      undecided++;
      if (reason !== '') problems.push(`${where(r.row)}: a reason ("${reason}") without a decision; choose a decision or clear the reason`);
      continue;
    }
    if (!ctx.plan.labels.includes(decision)) {
      problems.push(`${where(r.row)}: decision "${rawDecision}" is not in the list (${ctx.plan.labels.join(', ')}); choose one from the drop-down`);
      continue;
    }
    if (reason !== '' && ctx.plan.reasons.length && !ctx.plan.reasons.includes(reason)) {
      problems.push(`${where(r.row)}: reason "${reason}" is not in the list (${ctx.plan.reasons.join(', ')}); choose one from the drop-down or leave it empty`);
      continue;
    }
    votes.push({ record_id: id, screener: screener.id, decision: decision as Decision, reason, note, row: r.row });
  }
  expected.forEach((id, i) => {
    if (!present.has(id) && !problems.some((p) => p.includes(`was ${id},`))) {
      problems.push(`${where(i + 2)}: record ${id} is missing (the row was deleted); put the row back or return the sheet as given`);
    }
  });
  return { screener: screener.id, votes: problems.length ? [] : votes, problems, undecided, batch };
}

function short(hash: string | undefined): string {
  return hash ? `${hash.slice(0, 12)}…` : '(none)';
}

function looksLikeDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text) || /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(text);
}

function looksDamaged(text: string): boolean {
  return looksLikeDate(text) || /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text);
}
