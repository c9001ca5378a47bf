/**
 * The review sheet for uncertain pairs and the decisions people return in it. A pair is named by
 * its two record ids plus a fingerprint of the compared fields, so a decision is applied only to
 * the records a person actually saw: a sheet from an older import is reported, not applied.
 */
import type { ImportedRecord } from '../../model/record.js';
import { sha256 } from '../../project/hash.js';
import type { CellValue, ReadWorkbook, SheetColumn, WorkbookSpec } from '../../sheets/xlsx.js';
import type { QueuedPair } from './plan.js';
import { authorList } from '../shared/authors.js';
import { count } from '../shared/plural.js';

export const REVIEW_SHEET_NAME = 'pairs';
export const REVIEW_SHEET_KIND = 'review-dedupe-pairs';
export const DECISION_VALUES = ['same', 'different'] as const;

export interface ReviewerDecision {
  a: string;
  b: string;
  decision: 'same' | 'different';
  fingerprint?: string;
  file: string;
  row: number;
}

/** 12 hex of sha256 over the fields a reviewer compares, for both records. */
export function pairFingerprint(a: ImportedRecord, b: ImportedRecord): string {
  const view = (r: ImportedRecord): unknown[] => [r.title, r.authors.map((x) => [x.family, x.given ?? '']), r.year, r.journal, r.volume, r.issue, r.pages, r.doi];
  return sha256(JSON.stringify([view(a), view(b)])).slice(0, 12);
}

const SIDE_FIELDS: { key: string; header: string; width: number; value: (r: ImportedRecord) => CellValue }[] = [
  { key: 'id', header: 'record', width: 15, value: (r) => r.id },
  { key: 'source', header: 'source', width: 12, value: (r) => r.provenance.source },
  { key: 'title', header: 'title', width: 50, value: (r) => r.title },
  { key: 'authors', header: 'authors', width: 30, value: (r) => authorList(r.authors) },
  { key: 'year', header: 'year', width: 7, value: (r) => r.year },
  { key: 'journal', header: 'journal', width: 25, value: (r) => r.journal ?? r.journalAbbrev },
  { key: 'volume', header: 'vol', width: 6, value: (r) => r.volume },
  { key: 'issue', header: 'issue', width: 6, value: (r) => r.issue },
  { key: 'pages', header: 'pages', width: 10, value: (r) => r.pages },
  { key: 'doi', header: 'doi', width: 22, value: (r) => r.doi },
];

export function reviewSheetSpec(queue: readonly QueuedPair[]): WorkbookSpec {
  const columns: SheetColumn[] = [
    { key: 'decision', header: 'decision', width: 11, list: DECISION_VALUES, note: 'same = one bibliographic record (merge); different = keep both' },
    { key: 'score', header: 'score', width: 7, locked: true },
    { key: 'rule', header: 'why uncertain', width: 16, locked: true },
  ];
  for (const side of ['a', 'b'] as const) {
    for (const f of SIDE_FIELDS) columns.push({ key: `${side}_${f.key}`, header: `${side.toUpperCase()} ${f.header}`, width: f.width, locked: true, wrap: f.key === 'title' });
  }
  columns.push({ key: 'fingerprint', header: 'fingerprint', width: 14, locked: true, hidden: true });
  const rows = queue.map((q) => {
    const row: Record<string, CellValue> = { decision: undefined, score: q.result.score, rule: q.result.rule, fingerprint: q.fingerprint };
    for (const f of SIDE_FIELDS) {
      row[`a_${f.key}`] = f.value(q.a);
      row[`b_${f.key}`] = f.value(q.b);
    }
    return row;
  });
  return {
    sheets: [
      {
        name: 'instructions',
        columns: [],
        rows: [],
        textLines: [
          'Uncertain duplicate pairs',
          'Each row shows two records side by side. Choose "same" when they are the same bibliographic record (also preprint/accepted/corrected versions of it), "different" otherwise (e.g. a conference paper and its journal version, separate reports of one study). Leave a row empty if unsure.',
          'Save the file into decisions/dedupe/ of the project and run `review dedupe` again: decided pairs are applied on every later run; the rest stay in the queue.',
          `${count(queue.length, 'pair')}.`,
        ],
      },
      { name: REVIEW_SHEET_NAME, columns, rows, protect: true },
    ],
    meta: { kind: REVIEW_SHEET_KIND },
  };
}

/** Decisions in a returned review sheet (rows left empty are undecided); problems are reported per row, with what to do. */
export function readReviewDecisions(book: ReadWorkbook, file: string): { decisions: ReviewerDecision[]; problems: string[] } {
  const decisions: ReviewerDecision[] = [];
  const problems: string[] = [];
  const sheet = book.sheets.find((s) => s.name === REVIEW_SHEET_NAME);
  if (!sheet) return { decisions, problems: [`${file}: no sheet "${REVIEW_SHEET_NAME}", so not a dedupe review sheet; save a filled copy of stages/dedupe/review-pairs.xlsx here, or move this file out of the folder`] };
  for (const row of sheet.rows) {
    const value = (row.values.get('decision') ?? '').trim().toLowerCase();
    if (!value) continue;
    const a = (row.values.get('A record') ?? '').trim();
    const b = (row.values.get('B record') ?? '').trim();
    if (value !== 'same' && value !== 'different') {
      problems.push(`${file}, sheet ${REVIEW_SHEET_NAME}, row ${row.row}: decision "${value}" is not one of same, different; choose one from the drop-down, or clear the cell to leave the pair undecided`);
      continue;
    }
    if (!a || !b) {
      problems.push(`${file}, sheet ${REVIEW_SHEET_NAME}, row ${row.row}: the A record or B record id is empty; do not edit those columns (copy the row again from stages/dedupe/review-pairs.xlsx)`);
      continue;
    }
    const fingerprint = (row.values.get('fingerprint') ?? '').trim();
    decisions.push({ a, b, decision: value, ...(fingerprint ? { fingerprint } : {}), file, row: row.row });
  }
  return { decisions, problems };
}
