/**
 * `review screen assign`: allocate new records, write assignments, invariants and one sheet per screener.
 * Each sheet carries the votes its screener already returned (read from decisions/screen/, the files
 * collect stored, not from collect's votes.csv: assign runs before collect in `review run`, and a
 * rebuild must make the same sheets), so a re-issued sheet shows only the new records blank.
 */
import type { ScreenAssignment, ScreenAssignmentInfo, ScreenInvariants, ScreenVote } from '../../model/screen.js';
import { toJson } from '../../project/atomic.js';
import { loadConfig } from '../../project/config.js';
import type { ProjectPaths } from '../../project/paths.js';
import type { StageOutput } from '../../project/stage-writer.js';
import { StagedFile } from '../../project/staged-file.js';
import { writeCsvPieces } from '../../sheets/csv.js';
import { writeWorkbookFile } from '../../sheets/xlsx.js';
import { ArtifactRowFile } from '../shared/artifact-row-file.js';
import { ARTIFACTS, uniqueRecordKeys } from '../shared/artifacts.js';
import { allocate } from './allocation.js';
import { assignmentsCsv, batchHashes, readAssignments, screenersByRecord } from './assignments.js';
import { collectContext, collectedFilePaths, foldCollected, progressOf, type CollectedVotes } from './collect.js';
import { decisionLabels, priorLabels, trainingLabels } from './labels.js';
import { rankByRelevance } from './rank/index.js';
import { readResolutions, resolutionsDir } from './reconcile-run.js';
import { chooseRound, roundDue, roundState, type Ranker, type RoundRequest } from './rounds.js';
import { readStopDecision, stopFile } from './stop.js';
import { commitScreen } from './commit.js';
import { checkInvariants } from './invariants.js';
import { resolvePlan, type ScreeningPlan } from './plan.js';
import { PRNG_ID } from './prng.js';
import { screenInputs, screeningSet, type UniqueRecordKey } from './records.js';
import { CSV_SHEET_COLUMNS, screeningCsvRows, screeningWorkbook, type SheetInput } from './sheet.js';
import type { UniqueRecord } from '../../model/unique.js';
import { join } from 'node:path';

export type SheetFormat = 'xlsx' | 'csv' | 'both';

export interface AssignOptions {
  format?: SheetFormat;
  /**
   * Screening in rounds (review.json screening.batchSize): "rebuild" (the default: `review run`)
   * re-issues the rounds handed out and adds none; "when-done" (`review screen assign`) adds the next
   * round once every record of the last one is decided; "now" adds it regardless.
   */
  round?: RoundRequest;
  /** The ranking model for screening.order "relevance". */
  rank?: Ranker;
  onProgress?: (done: number, total: number, screener: string) => void;
}

export interface AssignSummary {
  records: number;
  /** Records this run allocated (a new batch) and records already assigned before it: returned, never in the manifest. */
  newRecords: number;
  keptRecords: number;
  /** Records assigned earlier that are no longer in the screening set (their rows stay in assignments.csv). */
  droppedRecords: number;
  skippedOtherMethods: number;
  batch: number;
  assignmentHash: string;
  invariants: ScreenInvariants;
  /** Records, and how many carry the screener's returned vote (pre-filled); the rest are blank. */
  sheets: { screener: string; records: number; prefilled: number; files: string[] }[];
  /** Returned files in decisions/screen/ that could not be read for pre-filling (`review screen collect --rebuild` names the problems). */
  warnings: string[];
  /** Screening order and rounds: records handed out and left, and why no round was added when none was. */
  rounds: AssignRounds;
  changed: string[];
}

export async function runScreenAssign(paths: ProjectPaths, opts: AssignOptions = {}): Promise<AssignSummary> {
  const config = loadConfig(paths);
  // Of each unique record only its id, DOI and first source are read and held (and where its line is):
  // sheets read their records again, whole and checked, one at a time as they write them (130,000
  // records are gigabytes as objects).
  const keys: UniqueRecordKey[] = [];
  const file = ArtifactRowFile.scan(paths, uniqueRecordKeys, (r) => keys.push(r), ARTIFACTS.uniqueRecords);
  try {
    return await assignFrom(paths, config, keys, file, opts);
  } finally {
    file.close();
  }
}

async function assignFrom(paths: ProjectPaths, config: ReturnType<typeof loadConfig>, keys: readonly UniqueRecordKey[], file: ArtifactRowFile<UniqueRecord>, opts: AssignOptions): Promise<AssignSummary> {
  const plan = resolvePlan(config);
  const set = screeningSet(config, keys);
  const position = new Map(keys.map((r, i) => [r.id, i]));
  const read = (id: string): UniqueRecord => file.read(position.get(id) as number);
  // Whole records for what needs them (ranking by relevance, matching a Rayyan export), read on first use only.
  let whole: UniqueRecord[] | undefined;
  const records = (): UniqueRecord[] => (whole ??= set.screened.map((r) => read(r.id)));
  const previous = readAssignments(paths, false);
  const current = new Map(set.screened.map((r) => [r.id, r]));
  const inRounds = plan.batchSize !== undefined || plan.order !== 'file';
  const chosen = inRounds ? await nextRound(paths, plan, set.screened, records, previous, opts) : undefined;
  const rows = chosen ? (chosen.pick ? planAssignments(plan, set.screened, previous, chosen.pick) : [...previous]) : planAssignments(plan, set.screened, previous);
  const batch = rows.reduce((m, r) => Math.max(m, r.batch), 0);
  const csv = assignmentsCsv(rows);
  const hashes = batchHashes(rows, csv);
  const hash = hashes.get(batch) ?? '';
  const live = rows.filter((r) => current.has(r.record_id));
  // Sheets returned for earlier rounds read the same whatever the new round holds (a batch's hash covers batches 1..k only).
  const returned = chosen?.returned ?? await foldCollected(paths, collectContext(plan, rows, set.screened, records, hashes));
  whole = undefined;
  const invariants = checkInvariants(plan, screenersByRecord(live), externalVotes(live, returned.latest.values()));
  const outputs: StageOutput[] = [
    { name: 'assignments.csv', content: csv },
    { name: 'assignment.json', content: toJson(assignmentInfo(plan, rows, hashes)) },
    { name: 'invariants.json', content: toJson(invariants) },
  ];
  const format = opts.format ?? 'xlsx';
  const sheets: AssignSummary['sheets'] = [];
  let done = 0;
  for (const screener of plan.screeners) {
    const ids = live.filter((r) => r.screener === screener.id).map((r) => r.record_id);
    const votes = new Map(ids.flatMap((id) => {
      const v = returned.latest.get(`${id}\u0000${screener.id}`);
      return v ? [[id, v] as const] : [];
    }));
    const input: SheetInput = { plan, screener, assignmentHash: hash, batch, records: { ids, read: (i) => read(ids[i] as string) }, votes };
    const files: string[] = [];
    // Sheets are written straight into staged files beside their final paths (commitScreen renames them in).
    if (format !== 'csv') {
      const name = `sheets/${screener.id}.xlsx`;
      outputs.push({ name, staged: await StagedFile.fillFile(paths.stageFile('screen', name), (temp) => writeWorkbookFile(screeningWorkbook(input), temp)) });
      files.push(`stages/screen/${name}`);
    }
    if (format !== 'xlsx') {
      const name = `sheets/${screener.id}.csv`;
      outputs.push({ name, staged: StagedFile.fill(paths.stageFile('screen', name), (write) => writeCsvPieces(CSV_SHEET_COLUMNS, screeningCsvRows(input), (text) => write(Buffer.from(text, 'utf8')))) });
      files.push(`stages/screen/${name}`);
    }
    done += ids.length;
    opts.onProgress?.(done, live.length, screener.id);
    sheets.push({ screener: screener.id, records: ids.length, prefilled: votes.size, files });
  }
  const previousIds = new Set(previous.map((r) => r.record_id));
  // The manifest describes the state the outputs are in (what a rebuild from scratch also writes);
  // what this run added (new / kept) is news for the person who ran it, so it is only returned.
  const state = {
    records: current.size,
    droppedRecords: new Set(rows.filter((r) => !current.has(r.record_id)).map((r) => r.record_id)).size,
    skippedOtherMethods: set.skipped.length,
    batch,
    assignmentHash: hash,
  };
  const inLedger = new Set(live.map((r) => r.record_id));
  const handedOut = inLedger.size;
  const rounds: AssignRounds = { order: plan.order, ...(plan.batchSize !== undefined ? { batchSize: plan.batchSize } : {}), rounds: batch, handedOut, notHandedOut: current.size - handedOut, ...(chosen?.why ? { noNewRound: chosen.why } : {}) };
  const result = commitScreen(paths, 'assign', outputs, [...screenInputs(paths), ...collectedFilePaths(paths), ...(chosen?.inputs ?? [])], {
    seed: plan.seed, reviewsPerRecord: plan.reviewsPerRecord, stratifyBy: plan.stratifyBy, prng: PRNG_ID, format,
    order: plan.order, ...(plan.batchSize !== undefined ? { batchSize: plan.batchSize } : {}),
    ...(plan.order === 'relevance' ? { ranking: RANKING, labels: 'title/abstract decisions so far (relevant = goes on to full text) and screening.priorKnowledge' } : {}),
    allocation: plan.rules.map((r) => ({ members: r.members, share: r.share })),
  }, { ...state, invariantsOk: invariants.ok, ...(inRounds ? { handedOut, notHandedOut: rounds.notHandedOut } : {}) }, { progress: progressOf({ plan, assignments: rows, records: set.screened }, returned.latest) });
  // Allocated by this run: records in the ledger now that were not before (in rounds, the records left are not new).
  const newRecords = set.screened.filter((r) => !previousIds.has(r.id) && inLedger.has(r.id)).length;
  const keptRecords = set.screened.filter((r) => previousIds.has(r.id)).length;
  // A collected file that no longer reads cleanly (e.g. review.json changed since) is named, never skipped quietly.
  const warnings = returned.problems.map((p) => `decisions/screen/${p} (its votes are not pre-filled; \`review screen collect --rebuild\` fails on it too)`);
  return { ...state, newRecords, keptRecords, invariants, sheets, warnings, rounds, changed: result.changed };
}

/** The ranking model, as the manifest names it (src/stages/screen/rank). */
const RANKING = 'TF-IDF of title, abstract and keywords (words and word pairs), class-balanced linear SVM retrained each round (src/stages/screen/rank)';

export interface AssignRounds {
  order: ScreeningPlan['order'];
  batchSize?: number;
  /** Rounds (ledger batches) handed out so far. */
  rounds: number;
  handedOut: number;
  notHandedOut: number;
  /** Why this call added no round although records are left (a rebuild, the last round still open, screening stopped). */
  noNewRound?: string;
}

interface RoundOutcome {
  pick: RoundPick | undefined;
  why: string;
  returned: CollectedVotes;
  /** Files read to choose the round (resolutions, the stop decision), for the manifest. */
  inputs: string[];
}

/** Whether this call hands out a round and which records, from the votes returned so far (read once, reused for the sheets). */
async function nextRound(paths: ProjectPaths, plan: ScreeningPlan, screened: readonly UniqueRecordKey[], records: () => UniqueRecord[], previous: readonly ScreenAssignment[], opts: AssignOptions): Promise<RoundOutcome> {
  const returned = await foldCollected(paths, collectContext(plan, [...previous], screened, records, batchHashes(previous)));
  const stop = readStopDecision(paths);
  const inputs = stop ? [stopFile(paths)] : [];
  const state = roundState(plan, screened, previous, votesCast(returned.latest.values()));
  const due = roundDue(plan, state, opts.round ?? 'rebuild', stop !== undefined);
  if (!due.due) return { pick: undefined, why: state.notHandedOut ? due.why : '', returned, inputs };
  let labels = new Map<string, boolean>();
  let prior = new Map<string, boolean>();
  if (plan.order === 'relevance') {
    prior = priorLabels(plan, screened);
    const live = new Set(screened.map((r) => r.id));
    const { resolutions, files } = await readResolutions(paths, plan, live);
    inputs.push(...files.map((f) => join(resolutionsDir(paths), f)));
    labels = trainingLabels(prior, decisionLabels(plan, previous, returned.latest.values(), live, resolutions));
  }
  const ids = chooseRound({
    plan, screened: plan.order === 'relevance' ? records() : screened, handedOut: new Set(previous.map((r) => r.record_id)), round: state.round + 1, labels, prior, rank: opts.rank ?? rankByRelevance,
  });
  return { pick: { ids, ordered: plan.order !== 'file' }, why: '', returned, inputs };
}

/** Votes cast per record (latest vote per screener). */
export function votesCast(latest: Iterable<ScreenVote>): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of latest) out.set(v.record_id, (out.get(v.record_id) ?? 0) + 1);
  return out;
}

/** Returned votes on live records by screeners the allocation did not give the record to. */
function externalVotes(live: readonly ScreenAssignment[], votes: Iterable<ScreenVote>): { votes: number; records: number } {
  const assigned = new Set(live.map((a) => `${a.record_id}\u0000${a.screener}`));
  const liveIds = new Set(live.map((a) => a.record_id));
  const outside = [...votes].filter((v) => liveIds.has(v.record_id) && !assigned.has(`${v.record_id}\u0000${v.screener}`));
  return { votes: outside.length, records: new Set(outside.map((v) => v.record_id)).size };
}

/** The records a round hands out, and whether the ledger lists them in that order (random, relevance) or as allocated (file). */
export interface RoundPick {
  ids: readonly string[];
  ordered: boolean;
}

/**
 * Keep every earlier assignment row; allocate records not assigned before as a new batch whose
 * counts top each screener up to its share of all current records. Pure.
 */
export function planAssignments(plan: ScreeningPlan, screened: readonly Pick<UniqueRecord, 'id' | 'firstSource'>[], previous: readonly ScreenAssignment[], round?: RoundPick): ScreenAssignment[] {
  const assigned = new Set(previous.map((r) => r.record_id));
  const currentIds = new Set(screened.map((r) => r.id));
  const chosen = round ? new Set(round.ids) : undefined;
  const fresh = screened.filter((r) => !assigned.has(r.id) && (!chosen || chosen.has(r.id)));
  if (fresh.length === 0) return [...previous];
  const existingCounts = new Map<string, number>();
  const keptRecords = new Set<string>();
  for (const r of previous) {
    if (!currentIds.has(r.record_id)) continue;
    keptRecords.add(r.record_id);
    existingCounts.set(r.screener, (existingCounts.get(r.screener) ?? 0) + 1);
  }
  const batch = previous.reduce((m, r) => Math.max(m, r.batch), 0) + 1;
  const strata = new Map(screened.map((r) => [r.id, r.firstSource]));
  const allocation = allocate({
    plan,
    recordIds: fresh.map((r) => r.id),
    strataOf: (id) => strata.get(id) ?? '',
    existingCounts,
    existingRecords: keptRecords.size,
    batch,
  });
  const rows = [...previous];
  // A ranked or random round lists its records in that order (the sheets follow the ledger); the deal to screeners stays the seeded one.
  if (round?.ordered) {
    const position = new Map(round.ids.map((id, i) => [id, i]));
    allocation.sort((a, b) => (position.get(a.recordId) ?? 0) - (position.get(b.recordId) ?? 0));
  }
  for (const a of allocation) {
    a.screeners.forEach((screener, i) => rows.push({ record_id: a.recordId, screener, slot: i + 1, batch, stratum: a.stratum }));
  }
  return rows;
}

function assignmentInfo(plan: ScreeningPlan, rows: readonly ScreenAssignment[], hashes: Map<number, string>): ScreenAssignmentInfo {
  const batches = [...hashes].map(([batch, hash]) => ({ batch, hash, records: new Set(rows.filter((r) => r.batch === batch).map((r) => r.record_id)).size }));
  return {
    schemaVersion: 1,
    prng: PRNG_ID,
    seed: plan.seed,
    reviewsPerRecord: plan.reviewsPerRecord,
    stratifyBy: plan.stratifyBy,
    batches,
    currentHash: batches.at(-1)?.hash ?? '',
  };
}
