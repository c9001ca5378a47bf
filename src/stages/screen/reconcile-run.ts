/** `review screen reconcile`: agreement.csv/.json, conflicts.xlsx, and decisions.csv with resolutions from decisions/screen-resolutions/. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SCREEN_AGREEMENT_COLUMNS, SCREEN_PENDING_COLUMNS, type ScreenAssignment, type ScreenVote, type StoppingFigures } from '../../model/screen.js';
import type { StageOutput } from '../../project/stage-writer.js';
import { automationExcludedRows } from './automation.js';
import { readStopDecision, stopFile } from './stop.js';
import { stoppingProgress } from './stopping-figures.js';
import { toJson } from '../../project/atomic.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv, writeCsv } from '../../sheets/csv.js';
import { readWorkbook, writeWorkbook, type SheetColumn } from '../../sheets/xlsx.js';
import { screenersByRecord } from './assignments.js';
import { latestVotes, loadCollectContext, readVotes, votesPath } from './collect.js';
import { commitScreen } from './commit.js';
import { RESOLUTIONS, castVotes, isExternal, reconcile, type RecordVotes, type Resolution, type ResolutionEntry } from './reconcile.js';
import type { ScreeningPlan } from './plan.js';
import type { UniqueRecord } from '../../model/unique.js';
import { screenInputs } from './records.js';
import { ARTIFACTS, artifactOutput } from '../shared/artifacts.js';
import { listReturned, returnedDir, unreadableReturned } from '../../project/returned-files.js';

export const CONFLICTS_KIND = 'review-screening-conflicts';
export const CONFLICTS_SHEET = 'Conflicts';

export interface ReconcileSummary {
  counts: ReturnType<typeof reconcile>['counts'];
  agreement: ReturnType<typeof reconcile>['agreement'];
  resolutionFiles: string[];
  /** The stopping rule's figures (screening in rounds, or a rule declared). */
  stopping?: StoppingFigures & { stopped: boolean };
  /** After the team stopped: records never handed out, in stages/screen/automation-excluded.csv. */
  automationExcluded?: number;
  changed: string[];
}

export function resolutionsDir(paths: ProjectPaths): string {
  return returnedDir(paths, 'screenResolutions');
}

export async function runScreenReconcile(paths: ProjectPaths, _opts: Record<string, never> = {}): Promise<ReconcileSummary> {
  const ctx = loadCollectContext(paths);
  const latest = latestVotes(readVotes(paths));
  const live = new Map(ctx.records().map((r) => [r.id, r]));
  const records = recordVotes(ctx.plan, screenersByRecord(ctx.assignments), latest.values(), live);
  const { resolutions, files } = await readResolutions(paths, ctx.plan, new Set(records.map((r) => r.recordId)));
  const result = reconcile(ctx.plan, records, resolutions);
  const conflictsBook = await writeWorkbook(conflictsWorkbook(ctx.plan, result.conflicts, live, resolutions));
  const stopping = stoppingOutputs(paths, ctx.plan, [...live.keys()], ctx.assignments, new Map(result.decisions.map((d) => [d.record_id, d.decision === 'include'])));
  const commit = commitScreen(paths, 'reconcile', [
    artifactOutput(ARTIFACTS.screenDecisions, result.decisions),
    { name: 'agreement.csv', content: writeCsv(SCREEN_AGREEMENT_COLUMNS, result.agreement) },
    { name: 'agreement.json', content: toJson({ schemaVersion: 1, labels: ctx.plan.labels, rows: result.agreement }) },
    { name: 'conflicts.xlsx', content: conflictsBook },
    { name: 'pending.csv', content: writeCsv(SCREEN_PENDING_COLUMNS, result.pending.map(pendingRow(ctx.plan))) },
    ...stopping.outputs,
  ], [...screenInputs(paths), ...(existsSync(votesPath(paths)) ? [votesPath(paths)] : []), ...files.map((f) => join(resolutionsDir(paths), f)), ...stopping.inputs],
  {}, { ...result.counts, ...(stopping.automationExcluded !== undefined ? { automationExcluded: stopping.automationExcluded } : {}) },
  stopping.summary ? { stopping: stopping.summary } : {});
  return {
    counts: result.counts, agreement: result.agreement, resolutionFiles: files.map((f) => `decisions/screen-resolutions/${f}`),
    ...(stopping.summary ? { stopping: stopping.summary } : {}), ...(stopping.automationExcluded !== undefined ? { automationExcluded: stopping.automationExcluded } : {}),
    changed: commit.changed,
  };
}

/** What reconcile tells about the stopping rule: for status (screening in rounds, or a rule declared) and, after a stop, the automation-excluded records. */
interface StoppingOutputs {
  outputs: StageOutput[];
  inputs: string[];
  summary: (StoppingFigures & { stopped: boolean }) | undefined;
  automationExcluded: number | undefined;
}

function stoppingOutputs(paths: ProjectPaths, plan: ScreeningPlan, live: readonly string[], ledger: readonly ScreenAssignment[], labels: ReadonlyMap<string, boolean>): StoppingOutputs {
  const stop = readStopDecision(paths);
  const inRounds = plan.batchSize !== undefined || plan.order !== 'file' || plan.stoppingRule !== undefined;
  if (!stop && !inRounds) return { outputs: [], inputs: [], summary: undefined, automationExcluded: undefined };
  const rule = stop?.rule ?? plan.stoppingRule;
  const figures = stoppingProgress(rule, live, ledger, labels).current;
  const summary = { ...figures, recallBound: Math.round(figures.recallBound * 1e4) / 1e4, stopped: stop !== undefined };
  if (!stop) return { outputs: [], inputs: [], summary, automationExcluded: undefined };
  const rows = automationExcludedRows(stop, live, ledger, figures);
  return { outputs: [artifactOutput(ARTIFACTS.screenAutomationExcluded, rows)], inputs: [stopFile(paths)], summary, automationExcluded: rows.length };
}

/**
 * Every live record with an assignment or a vote: the assigned screeners (slot order), then anyone who
 * voted without being assigned (an external allocation such as a Rayyan project), in plan order.
 */
export function recordVotes(plan: ScreeningPlan, assigned: ReadonlyMap<string, readonly string[]>, latest: Iterable<ScreenVote>, live: ReadonlyMap<string, unknown>): RecordVotes[] {
  const order = new Map(plan.screeners.map((s, i) => [s.id, i]));
  const votesOf = new Map<string, Map<string, ScreenVote>>();
  for (const v of latest) {
    const m = votesOf.get(v.record_id) ?? new Map<string, ScreenVote>();
    m.set(v.screener, v);
    votesOf.set(v.record_id, m);
  }
  const ids = [...new Set([...assigned.keys(), ...votesOf.keys()])].filter((id) => live.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.map((recordId) => {
    const mine = [...(assigned.get(recordId) ?? [])];
    const votes = votesOf.get(recordId) ?? new Map<string, ScreenVote>();
    const others = [...votes.keys()].filter((s) => !mine.includes(s)).sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || (a < b ? -1 : a > b ? 1 : 0));
    const screeners = [...mine, ...others];
    return { recordId, assigned: mine, screeners, votes: screeners.map((s) => votes.get(s)) };
  });
}

/** A pending record: how many votes it still needs and which assigned screeners have not voted yet. */
function pendingRow(plan: ScreeningPlan): (rec: RecordVotes) => Record<string, string | number> {
  return (rec) => {
    const cast = castVotes(rec);
    return {
      record_id: rec.recordId,
      votes_needed: plan.reviewsPerRecord - cast.votes.length,
      voted: cast.screeners.join(';'),
      waiting_for: rec.assigned.filter((s) => !cast.screeners.includes(s)).join(';'),
      allocation: isExternal(rec) ? 'external' : 'assigned',
    };
  };
}

/** Resolutions from every workbook (or CSV) in decisions/screen-resolutions/, in collection order (src/project/returned-files.ts): a later file overrides an earlier one. */
export async function readResolutions(paths: ProjectPaths, plan: ScreeningPlan, known: ReadonlySet<string>): Promise<{ resolutions: Map<string, ResolutionEntry>; files: string[] }> {
  const dir = resolutionsDir(paths);
  const resolutions = new Map<string, ResolutionEntry>();
  if (!existsSync(dir)) return { resolutions, files: [] };
  const files = listReturned(paths, 'screenResolutions').map((f) => basename(f));
  const problems: string[] = unreadableReturned(paths, 'screenResolutions');
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    let rows: { row: number; values: ReadonlyMap<string, string> }[];
    if (/\.xlsx$/i.test(name)) {
      let wb;
      try {
        wb = await readWorkbook(bytes);
      } catch (error) {
        problems.push(`${name}: cannot be read as an Excel workbook (${(error as Error).message}); save it again as .xlsx, or move it out of decisions/screen-resolutions/`);
        continue;
      }
      const sheet = wb.sheets.find((s) => s.name === CONFLICTS_SHEET);
      if (wb.meta.get('kind') !== CONFLICTS_KIND || !sheet) {
        problems.push(`${name}: not a conflicts sheet from \`review screen reconcile\`; copy stages/screen/conflicts.xlsx, fill the resolution column and save it here`);
        continue;
      }
      rows = sheet.rows;
    } else {
      try {
        rows = readCsv(bytes.toString('utf8')).rows.map((r) => ({ row: r.line, values: r.values }));
      } catch (error) {
        problems.push(`${name}: cannot be read as CSV (${(error as Error).message}); save it again as CSV UTF-8, or move it out of decisions/screen-resolutions/`);
        continue;
      }
    }
    for (const r of rows) {
      const id = (r.values.get('record_id') ?? '').trim();
      const resolution = (r.values.get('resolution') ?? '').trim().toLowerCase();
      const reason = (r.values.get('reason') ?? '').trim();
      if (resolution === '') continue;
      if (!known.has(id)) {
        problems.push(`${name} row ${r.row}: record "${id}" is not in the screening set; do not edit the record_id column`);
        continue;
      }
      if (!RESOLUTIONS.includes(resolution as Resolution)) {
        problems.push(`${name} row ${r.row}: resolution "${resolution}" is not one of ${RESOLUTIONS.join(', ')}; choose from the drop-down`);
        continue;
      }
      if (reason && plan.reasons.length && !plan.reasons.includes(reason)) {
        problems.push(`${name} row ${r.row}: reason "${reason}" is not in the list (${plan.reasons.join(', ')})`);
        continue;
      }
      resolutions.set(id, { resolution: resolution as Resolution, reason });
    }
  }
  if (problems.length) throw new UserError(`${problems.length} problem${problems.length > 1 ? 's' : ''} in decisions/screen-resolutions/; nothing reconciled:`, 1, problems);
  return { resolutions, files };
}

function conflictsWorkbook(plan: ScreeningPlan, conflicts: readonly RecordVotes[], records: ReadonlyMap<string, UniqueRecord>, resolutions: ReadonlyMap<string, ResolutionEntry>): Parameters<typeof writeWorkbook>[0] {
  const columns: SheetColumn[] = [
    { key: 'record_id', header: 'record_id', width: 16, locked: true },
    { key: 'title', header: 'title', width: 50, wrap: true, locked: true },
    { key: 'abstract', header: 'abstract', width: 80, wrap: true, locked: true },
  ];
  // An external allocation (Rayyan) can give a record more voters than reviewsPerRecord: a column set for each.
  const voters = conflicts.reduce((m, c) => Math.max(m, c.screeners.length), plan.reviewsPerRecord);
  for (let i = 1; i <= voters; i++) {
    columns.push(
      { key: `screener_${i}`, header: `screener_${i}`, width: 10, locked: true },
      { key: `vote_${i}`, header: `vote_${i}`, width: 10, locked: true },
      { key: `reason_${i}`, header: `reason_${i}`, width: 18, locked: true },
      { key: `note_${i}`, header: `note_${i}`, width: 24, wrap: true, locked: true },
    );
  }
  columns.push(
    { key: 'resolution', header: 'resolution', width: 12, list: RESOLUTIONS, note: 'include, exclude, or full-text (decide on the full text)' },
    { key: 'reason', header: 'reason', width: 22, ...(plan.reasons.length ? { list: plan.reasons } : {}) },
    { key: 'note', header: 'note', width: 30, wrap: true },
  );
  const rows = conflicts.map((c) => {
    const r = records.get(c.recordId);
    const row: Record<string, string | undefined> = { record_id: c.recordId, title: r?.title ?? '', abstract: r?.abstract ?? '' };
    c.screeners.forEach((s, i) => {
      const v = c.votes[i];
      row[`screener_${i + 1}`] = s;
      row[`vote_${i + 1}`] = v?.decision ?? '';
      row[`reason_${i + 1}`] = v?.reason ?? '';
      row[`note_${i + 1}`] = v?.note ?? '';
    });
    // Already-made resolutions are shown so the sheet can be saved over the previous one.
    const done = resolutions.get(c.recordId);
    row.resolution = done?.resolution ?? '';
    row.reason = done?.reason ?? '';
    return row;
  });
  return {
    sheets: [
      { name: CONFLICTS_SHEET, columns, rows, protect: true },
      { name: 'Instructions', columns: [], rows: [], textLines: [
        'Title/abstract conflicts: records the screeners disagreed on',
        'Discuss each record and choose a resolution: include, exclude, or full-text (assess the full text before deciding). Leave it empty to forward the record to full text.',
        'Save the filled workbook in decisions/screen-resolutions/ (any name ending .xlsx) and run `review screen reconcile` again.',
      ] },
    ],
    meta: { kind: CONFLICTS_KIND, conflicts: String(conflicts.length) },
  };
}
