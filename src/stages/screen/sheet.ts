/**
 * One screener's sheet: their records only, blind (no one else's votes), the assignment hash in
 * `_meta`, in an instructions tab and (CSV) in a column, so a returned sheet can be traced.
 */
import type { ScreenVote } from '../../model/screen.js';
import type { UniqueRecord } from '../../model/unique.js';
import type { SheetColumn, WorkbookSpec } from '../../sheets/xlsx.js';
import type { ScreeningPlan } from './plan.js';
import { authorList } from '../shared/authors.js';
import { count } from '../shared/plural.js';

/** Authors named on a screening row before "et al.": enough to recognise a group's work. */
const SHEET_AUTHORS = 12;

export const SHEET_KIND = 'review-screening-sheet';
export const SCREEN_SHEET_NAME = 'Screening';
/** Columns of a screening sheet; the first seven are ours and must come back unchanged. */
export const SHEET_COLUMNS = ['id', 'title', 'abstract', 'authors', 'year', 'journal', 'doi', 'decision', 'reason', 'note'] as const;
/** The columns a screener fills in. */
export const SHEET_DECISION_COLUMNS = ['decision', 'reason', 'note'] as const;
/** CSV sheets carry the screener and assignment hash per row (a CSV has no hidden sheet). */
export const CSV_SHEET_COLUMNS = [...SHEET_COLUMNS, 'screener', 'assignment'] as const;

export interface SheetInput {
  plan: ScreeningPlan;
  screener: { id: string; name: string };
  assignmentHash: string;
  batch: number;
  /** The screener's records in row order: held, or read one at a time as their rows are written. */
  records: readonly UniqueRecord[] | SheetRecords;
  /** The screener's own returned votes by record id, written into the sheet so a re-issued sheet keeps them. */
  votes?: ReadonlyMap<string, Pick<ScreenVote, 'decision' | 'reason' | 'note'>>;
}

/**
 * A sheet's records by their ids, each read only when its row is written: a 130,000-row sheet is
 * not held as record objects (`review screen assign` reads them again from unique.jsonl).
 */
export interface SheetRecords {
  ids: readonly string[];
  /** The record of row `position` (0 = the first data row). */
  read(position: number): UniqueRecord;
}

function sheetRecords(records: SheetInput['records']): SheetRecords {
  if (!Array.isArray(records)) return records as SheetRecords;
  const held = records as readonly UniqueRecord[];
  return { ids: held.map((r) => r.id), read: (position) => held[position] as UniqueRecord };
}

function sheetColumns(plan: ScreeningPlan): SheetColumn[] {
  return [
    { key: 'id', header: 'id', width: 16, locked: true, note: 'Record id: do not edit' },
    { key: 'title', header: 'title', width: 60, wrap: true, locked: true },
    { key: 'abstract', header: 'abstract', width: 100, wrap: true, locked: true },
    { key: 'authors', header: 'authors', width: 30, wrap: true, locked: true },
    { key: 'year', header: 'year', width: 7, locked: true },
    { key: 'journal', header: 'journal', width: 24, wrap: true, locked: true },
    { key: 'doi', header: 'doi', width: 24, locked: true },
    { key: 'decision', header: 'decision', width: 12, list: plan.labels, note: `Choose ${plan.labels.join(', ')}` },
    { key: 'reason', header: 'reason', width: 26, ...(plan.reasons.length ? { list: plan.reasons } : {}), note: 'Exclusion reason (optional)' },
    { key: 'note', header: 'note', width: 30, wrap: true },
  ];
}

export function sheetRow(r: UniqueRecord, vote?: Pick<ScreenVote, 'decision' | 'reason' | 'note'>): Record<string, string | number | undefined> {
  const row: Record<string, string | number | undefined> = { id: r.id, title: r.title ?? '', abstract: r.abstract ?? '', authors: authorList(r.authors, SHEET_AUTHORS), year: r.year, journal: r.journal ?? '', doi: r.doi ?? '' };
  if (vote) Object.assign(row, { decision: vote.decision, reason: vote.reason, note: vote.note });
  return row;
}

function* rows(input: SheetInput): Generator<Record<string, string | number | undefined>> {
  const { ids, read } = sheetRecords(input.records);
  for (let i = 0; i < ids.length; i++) {
    const r = read(i);
    yield sheetRow(r, input.votes?.get(r.id));
  }
}

export function sheetMeta(input: SheetInput): Record<string, string> {
  return { kind: SHEET_KIND, screener: input.screener.id, assignmentHash: input.assignmentHash, batch: String(input.batch), records: String(sheetRecords(input.records).ids.length) };
}

export function screeningWorkbook(input: SheetInput): WorkbookSpec {
  const { plan, screener } = input;
  return {
    sheets: [
      { name: SCREEN_SHEET_NAME, columns: sheetColumns(plan), rows: rows(input), protect: true },
      { name: 'Instructions', columns: [], rows: [], textLines: instructions(input) },
    ],
    meta: sheetMeta(input),
  };
}

export function* screeningCsvRows(input: SheetInput): Generator<Record<string, string | number | undefined>> {
  for (const row of rows(input)) yield { ...row, screener: input.screener.id, assignment: input.assignmentHash };
}

/** Say which rows are already done, so a re-issued sheet is not screened twice. */
function prefilledLine(input: SheetInput): string[] {
  const { ids } = sheetRecords(input.records);
  const done = ids.filter((id) => input.votes?.has(id)).length;
  if (done === 0) return [];
  const open = ids.length - done;
  return [`${done} of these records already show the decision you returned earlier; ${open} ${open === 1 ? 'is' : 'are'} new or still open (empty decision). Change a returned decision by overwriting it; unchanged ones are not counted twice.`];
}

function instructions(input: SheetInput): string[] {
  const { plan, screener } = input;
  return [
    `Title/abstract screening sheet for ${screener.name} (${screener.id})`,
    `${count(sheetRecords(input.records).ids.length, 'record')}. For each row choose a decision in the "decision" column: ${plan.labels.join(', ')}.`,
    plan.reasons.length ? `When you exclude, you may choose a reason: ${plan.reasons.join(', ')}.` : 'Use the "note" column for anything you want to tell the team.',
    ...prefilledLine(input),
    'Do not edit, add or delete rows and do not change the id column. Sorting and filtering are fine. You may return the sheet partly done.',
    'Screen blind: do not discuss records with the other screeners until the conflicts are reconciled.',
    `Assignment: ${input.assignmentHash} (batch ${input.batch}). This identifies the sheet when it is collected.`,
  ];
}
