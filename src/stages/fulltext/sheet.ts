/**
 * The full-text sheet: one row per record at full text, bibliographic columns readable and locked,
 * then what the assessor fills in (retrieved, decision, reason from the closed list, assessor, note).
 * A second tab explains the rules and lists every reason with its description.
 */
import type { CellValue, SheetColumn, WorkbookSpec } from '../../sheets/xlsx.js';
import { authorList } from '../shared/authors.js';
import { routeLabel } from '../shared/inputs.js';
import { FULLTEXT_SHEET_KIND, type FulltextItem, type FulltextPlan, type SheetPlan } from './plan.js';
import { count } from '../shared/plural.js';

/** Authors named on a full-text row before "et al.": the row also carries route and links. */
const SHEET_AUTHORS = 3;

export const FULLTEXT_SHEET_NAME = 'Full text';
export const RETRIEVED_VALUES = ['yes', 'no'] as const;
export const FULLTEXT_DECISIONS = ['include', 'exclude'] as const;

function columns(plan: FulltextPlan, sheet: SheetPlan): SheetColumn[] {
  return [
    { key: 'id', header: 'id', width: 15, locked: true, note: 'Record id: do not edit' },
    { key: 'route', header: 'route', width: 12, locked: true, note: 'databases = found by the database searches and forwarded by title/abstract screening; hand search = other methods' },
    { key: 'authors', header: 'authors', width: 26, wrap: true, locked: true },
    { key: 'year', header: 'year', width: 7, locked: true },
    { key: 'title', header: 'title', width: 50, wrap: true, locked: true },
    { key: 'journal', header: 'journal', width: 20, wrap: true, locked: true },
    { key: 'doi', header: 'doi', width: 22, wrap: true, locked: true },
    { key: 'retrieved', header: 'retrieved', width: 11, list: RETRIEVED_VALUES, note: 'yes: you have the full text; no: it could not be obtained (then the decision cannot be include)' },
    { key: 'decision', header: 'decision', width: 11, list: FULLTEXT_DECISIONS, note: 'include or exclude' },
    { key: 'reason', header: 'reason', width: 24, list: plan.reasons.map((r) => r.id), note: 'Required when you exclude a retrieved full text: choose from the list (see the Reasons tab)' },
    sheet.assessor
      ? { key: 'assessor', header: 'assessor', width: 11, locked: true }
      : { key: 'assessor', header: 'assessor', width: 11, ...(plan.assessors.length ? { list: plan.assessors, listWarnOnly: true } : {}), note: 'Your initials or id' },
    { key: 'note', header: 'note', width: 30, wrap: true },
  ];
}

export function fulltextRow(item: FulltextItem, assessor: string): Record<string, CellValue> {
  const r = item.record;
  return {
    id: r.id, route: routeLabel(item.arm), authors: authorList(r.authors, SHEET_AUTHORS), year: r.year, title: r.title ?? '',
    journal: r.journal ?? '', doi: r.doi ?? '', assessor: assessor || undefined,
  };
}

export function fulltextWorkbook(plan: FulltextPlan, sheet: SheetPlan): WorkbookSpec {
  const byId = new Map(plan.items.map((i) => [i.record.id, i]));
  const rows = sheet.recordIds.map((id) => fulltextRow(byId.get(id) as FulltextItem, sheet.assessor));
  return {
    sheets: [
      { name: FULLTEXT_SHEET_NAME, columns: columns(plan, sheet), rows, protect: true },
      {
        name: 'Reasons',
        columns: [
          { key: 'id', header: 'reason (choose this)', width: 26, locked: true },
          { key: 'label', header: 'meaning', width: 44, wrap: true, locked: true },
          { key: 'description', header: 'description', width: 70, wrap: true, locked: true },
          { key: 'original', header: 'protocol wording', width: 44, wrap: true, locked: true },
        ],
        rows: plan.reasons.map((r) => ({ id: r.id, label: r.label, description: r.description ?? '', original: r.original ?? '' })),
        protect: true,
      },
      { name: 'Instructions', columns: [], rows: [], textLines: instructions(plan, sheet) },
    ],
    meta: {
      kind: FULLTEXT_SHEET_KIND,
      sheetHash: sheet.hash,
      assessor: sheet.assessor,
      reasonsVersion: plan.reasonsVersion,
      records: String(sheet.recordIds.length),
    },
  };
}

function instructions(plan: FulltextPlan, sheet: SheetPlan): string[] {
  return [
    `Full-text assessment${sheet.assessor ? ` for ${sheet.assessor}` : ''}: ${count(sheet.recordIds.length, 'record')}`,
    'For each row: retrieved = yes when you have the full text, no when it could not be obtained. A record that was not retrieved cannot be included.',
    'decision = include when the full text meets every inclusion criterion, exclude otherwise.',
    `Every exclusion of a retrieved full text needs a reason from the drop-down (exclusion reasons version ${plan.reasonsVersion}; the Reasons tab explains each). Choose the first reason that applies, in the order of the list.`,
    sheet.assessor ? `Your assessor id (${sheet.assessor}) is filled in.` : 'Put your initials or assessor id in the assessor column.',
    'Do not edit, add or delete rows and do not change the id column. Sorting and filtering are fine. You may return the sheet partly done: undecided rows stay pending.',
    `Sheet version: ${sheet.hash}. It identifies the sheet when it is collected; a sheet from an earlier version is rejected (make a new one with \`review fulltext sheet\`).`,
  ];
}
