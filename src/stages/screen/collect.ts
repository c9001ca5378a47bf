/**
 * `review screen collect`: read returned sheets (our xlsx/CSV, or a Rayyan export), validate them
 * strictly, copy them untouched into decisions/screen/ and append their votes to
 * stages/screen/votes.csv. All files of one call are validated first: one bad file stores nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SCREEN_VOTE_COLUMNS, ScreenVoteSchema, type ScreenAssignment, type ScreenVote } from '../../model/screen.js';
import type { UniqueRecord } from '../../model/unique.js';
import { loadConfig } from '../../project/config.js';
import { UserError } from '../../project/errors.js';
import { sha256 } from '../../project/hash.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv, writeCsvPieces } from '../../sheets/csv.js';
import { StagedFile } from '../../project/staged-file.js';
import { readWorkbook } from '../../sheets/xlsx.js';
import { copyReturned, listReturned, returnedDir } from '../../project/returned-files.js';
import { batchHashes, readAssignments } from './assignments.js';
import { commitScreen } from './commit.js';
import { resolvePlan, type ScreeningPlan } from './plan.js';
import { isRayyanCsv, isRayyanRis, rayyanVotes, readRayyanCsv, readRayyanRis } from './rayyan.js';
import { loadUniqueRecordKeys, loadUniqueRecords, screenInputs, screeningSet, type UniqueRecordKey } from './records.js';
import { SCREEN_SHEET_NAME, SHEET_DECISION_COLUMNS, SHEET_KIND } from './sheet.js';
import { validateSheet, type DraftVote } from './validate.js';

export interface CollectContext {
  plan: ScreeningPlan;
  assignments: ScreenAssignment[];
  hashes: Map<number, string>;
  /** The records screened on title/abstract (unique.jsonl order): id, DOI, first source. */
  keys: readonly UniqueRecordKey[];
  /** The same records whole, read on first use: Rayyan files are matched on titles and reconcile shows them; our own sheets need only `keys`. */
  records(): UniqueRecord[];
  dois: Map<string, string>;
  assignedPairs: Set<string>;
}

export interface FileReport {
  file: string;
  kind: 'xlsx' | 'csv' | 'rayyan-csv' | 'rayyan-ris';
  screener?: string;
  votes: number;
  newVotes: number;
  undecided: number;
  alreadyCollected: boolean;
  storedAs?: string;
}

export interface CollectSummary {
  files: FileReport[];
  newVotes: number;
  progress: { screener: string; done: number; total: number }[];
  warnings: string[];
  changed: string[];
}

interface ReadResult {
  kind: FileReport['kind'];
  screener?: string;
  votes: DraftVote[];
  problems: string[];
  warnings: string[];
  undecided: number;
  assignmentHash: string;
}

export function screenDecisionsDir(paths: ProjectPaths): string {
  return returnedDir(paths, 'screen');
}

export function votesPath(paths: ProjectPaths): string {
  return paths.stageFile('screen', 'votes.csv');
}

export function loadCollectContext(paths: ProjectPaths): CollectContext {
  const config = loadConfig(paths);
  const plan = resolvePlan(config);
  const assignments = readAssignments(paths, true);
  const keys = screeningSet(config, loadUniqueRecordKeys(paths)).screened;
  let records: UniqueRecord[] | undefined;
  return contextOf(plan, assignments, keys, () => (records ??= screeningSet(config, loadUniqueRecords(paths)).screened));
}

/**
 * The context returned files are read in: the screened records' keys, and the whole records read
 * on first use (`records`); `hashes` when the caller has them (hashing 100,000 rows takes ~0.4 s).
 */
export function collectContext(plan: ScreeningPlan, assignments: ScreenAssignment[], keys: readonly UniqueRecordKey[], records: () => UniqueRecord[], hashes?: Map<number, string>): CollectContext {
  return contextOf(plan, assignments, keys, records, hashes);
}

function contextOf(plan: ScreeningPlan, assignments: ScreenAssignment[], keys: readonly UniqueRecordKey[], records: () => UniqueRecord[], hashes?: Map<number, string>): CollectContext {
  return {
    plan,
    assignments,
    hashes: hashes ?? batchHashes(assignments),
    keys,
    records,
    dois: new Map(keys.map((r) => [r.id, r.doi ?? ''])),
    assignedPairs: new Set(assignments.map((a) => `${a.record_id}\u0000${a.screener}`)),
  };
}

/** Read and validate one returned file (pure apart from parsing bytes). */
export async function readReturnedFile(label: string, bytes: Uint8Array, ctx: CollectContext): Promise<ReadResult> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (isZip) {
    let wb;
    try {
      wb = await readWorkbook(bytes, undefined, { columns: VALIDATED_COLUMNS });
    } catch (error) {
      return bad('xlsx', `${label}: cannot be read as an Excel workbook (${(error as Error).message}); save it again as .xlsx`);
    }
    if (wb.meta.get('kind') !== SHEET_KIND) return bad('xlsx', `${label}: not a screening sheet made by \`review screen assign\` (no screening metadata); return the sheet you were given`);
    const sheet = wb.sheets.find((s) => s.name === SCREEN_SHEET_NAME) ?? wb.sheets[0];
    if (!sheet) return bad('xlsx', `${label}: the "${SCREEN_SHEET_NAME}" sheet is missing; return the workbook as given`);
    const result = validateSheet({ label, screener: wb.meta.get('screener'), assignmentHash: wb.meta.get('assignmentHash'), header: sheet.header, rows: sheet.rows }, validationContext(ctx));
    return { kind: 'xlsx', ...(result.screener ? { screener: result.screener } : {}), votes: result.votes, problems: result.problems, warnings: [], undecided: result.undecided, assignmentHash: wb.meta.get('assignmentHash') ?? '' };
  }
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  if (isRayyanRis(text)) return fromRayyan('rayyan-ris', label, readRayyanRis(text), ctx);
  let table;
  try {
    table = readCsv(text);
  } catch (error) {
    return bad('csv', `${label}: cannot be read as CSV (${(error as Error).message}); save it again as CSV UTF-8`);
  }
  if (table.header.includes('assignment') && table.header.includes('screener')) {
    const screeners = new Set(table.rows.map((r) => r.values.get('screener') ?? '').filter(Boolean));
    const hashes = new Set(table.rows.map((r) => r.values.get('assignment') ?? '').filter(Boolean));
    if (screeners.size > 1 || hashes.size > 1) return bad('csv', `${label}: rows from several sheets are mixed (screeners ${[...screeners].join(', ')}); return each screener's sheet separately`);
    const screener = [...screeners][0];
    const assignmentHash = [...hashes][0] ?? '';
    const result = validateSheet({ label, screener, assignmentHash, header: table.header, rows: table.rows.map((r) => ({ row: r.line, values: r.values })) }, validationContext(ctx));
    return { kind: 'csv', ...(result.screener ? { screener: result.screener } : {}), votes: result.votes, problems: result.problems, warnings: [], undecided: result.undecided, assignmentHash };
  }
  if (isRayyanCsv(table.header)) return fromRayyan('rayyan-csv', label, readRayyanCsv(text), ctx);
  return bad('csv', `${label}: neither a screening sheet (columns id, decision, screener, assignment) nor a Rayyan export (columns key, title, notes); return the sheet you were given`);
}

/** What validateSheet reads of a returned sheet's rows; titles and abstracts are not read into memory. */
const VALIDATED_COLUMNS: ReadonlySet<string> = new Set(['id', 'doi', ...SHEET_DECISION_COLUMNS]);

function validationContext(ctx: CollectContext): Parameters<typeof validateSheet>[1] {
  return { plan: ctx.plan, assignments: ctx.assignments, batchHashes: ctx.hashes, dois: ctx.dois };
}

function fromRayyan(kind: 'rayyan-csv' | 'rayyan-ris', label: string, entries: ReturnType<typeof readRayyanCsv>, ctx: CollectContext): ReadResult {
  const r = rayyanVotes(label, entries, ctx.plan, ctx.records(), ctx.assignedPairs);
  const external = r.external && !r.problems.length
    ? [`${label}: ${r.external} vote${r.external > 1 ? 's' : ''} by screeners the allocation did not assign to the record kept as cast (external allocation); \`review screen reconcile\` counts them and marks those decisions`]
    : [];
  return { kind, votes: r.problems.length ? [] : r.votes, problems: r.problems, warnings: [...external, ...r.warnings], undecided: 0, assignmentHash: '' };
}

function bad(kind: FileReport['kind'], problem: string): ReadResult {
  return { kind, votes: [], problems: [problem], warnings: [], undecided: 0, assignmentHash: '' };
}

export function readVotes(paths: ProjectPaths): ScreenVote[] {
  const file = votesPath(paths);
  if (!existsSync(file)) return [];
  return readCsv(readFileSync(file, 'utf8')).rows.map((r) => {
    const parsed = ScreenVoteSchema.safeParse(Object.fromEntries(r.values));
    if (!parsed.success) throw new UserError(`${paths.rel(file)}:${r.line}: not a vote row (${parsed.error.issues[0]?.message}); rebuild it with \`review screen collect --rebuild\``);
    return parsed.data;
  });
}

/** Latest vote per record and screener: later ledger rows supersede earlier ones. */
export function latestVotes(votes: readonly ScreenVote[]): Map<string, ScreenVote> {
  const out = new Map<string, ScreenVote>();
  for (const v of votes) out.set(`${v.record_id}\u0000${v.screener}`, v);
  return out;
}

/** Append a file's votes that change something (new, or a changed decision/reason/note); pure. */
function foldVotes(ledger: ScreenVote[], latest: Map<string, ScreenVote>, drafts: readonly DraftVote[], origin: ScreenVote['origin'], file: string, fileSha: string, assignment: string): number {
  let added = 0;
  for (const d of drafts) {
    const key = `${d.record_id}\u0000${d.screener}`;
    const prev = latest.get(key);
    if (prev && prev.decision === d.decision && prev.reason === d.reason && prev.note === d.note) continue;
    const vote: ScreenVote = { record_id: d.record_id, screener: d.screener, decision: d.decision, reason: d.reason, note: d.note, origin, file, file_sha256: fileSha, row: d.row, assignment };
    ledger.push(vote);
    latest.set(key, vote);
    added++;
  }
  return added;
}

interface Collected {
  name: string;
  bytes: Buffer;
}

function collectedFiles(paths: ProjectPaths): Collected[] {
  // Collection order, not name order: a correction collected later must still win when rebuilt.
  return listReturned(paths, 'screen').map((file) => ({ name: basename(file), bytes: readFileSync(file) }));
}

export async function runScreenCollect(paths: ProjectPaths, files: readonly string[], _opts: Record<string, never> = {}): Promise<CollectSummary> {
  if (files.length === 0) throw new UserError('no files given: pass the returned sheets, e.g. `review screen collect ~/Downloads/KBA.xlsx`', 2);
  const ctx = loadCollectContext(paths);
  const already = collectedFiles(paths);
  const knownSha = new Map(already.map((c) => [sha256(c.bytes), c.name]));
  const problems: string[] = [];
  const warnings: string[] = [];
  const reads: { file: string; bytes: Buffer; sha: string; result?: ReadResult; duplicateOf?: string }[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      problems.push(`${file}: file not found; check the path`);
      continue;
    }
    const bytes = readFileSync(file);
    const sha = sha256(bytes);
    const duplicateOf = knownSha.get(sha) ?? reads.find((r) => r.sha === sha)?.file;
    if (duplicateOf) {
      reads.push({ file, bytes, sha, duplicateOf });
      continue;
    }
    const result = await readReturnedFile(basename(file), bytes, ctx);
    for (const p of result.problems) problems.push(p);
    for (const w of result.warnings) warnings.push(w);
    reads.push({ file, bytes, sha, result });
  }
  if (problems.length) {
    throw new UserError(`${problems.length} problem${problems.length > 1 ? 's' : ''} in the returned sheets; nothing was collected (votes unchanged). Fix the sheets and collect again:`, 1, problems);
  }
  const ledger = readVotes(paths);
  const latest = latestVotes(ledger);
  const reports: FileReport[] = [];
  const copies = copyReturned(paths, 'screen', reads.filter((r) => r.result).map((r) => r.file));
  let newVotes = 0;
  for (const r of reads) {
    if (!r.result) {
      reports.push({ file: r.file, kind: 'xlsx', votes: 0, newVotes: 0, undecided: 0, alreadyCollected: true, storedAs: r.duplicateOf ?? '' });
      continue;
    }
    const stored = basename(copies.shift() ?? '');
    const origin = r.result.kind.startsWith('rayyan') ? 'rayyan' : 'sheet';
    const added = foldVotes(ledger, latest, r.result.votes, origin, `decisions/screen/${stored}`, r.sha, r.result.assignmentHash);
    newVotes += added;
    reports.push({ file: r.file, kind: r.result.kind, ...(r.result.screener ? { screener: r.result.screener } : {}), votes: r.result.votes.length, newVotes: added, undecided: r.result.undecided, alreadyCollected: false, storedAs: `decisions/screen/${stored}` });
  }
  const changed = newVotes > 0 || !existsSync(votesPath(paths)) ? commitVotes(paths, ledger, ctx) : [];
  return { files: reports, newVotes, progress: progressOf(liveOf(ctx), latest), warnings, changed };
}

/** Rebuild votes.csv from every file in decisions/screen/ in collection order: byte-identical to collecting them one by one. */
export async function recollectAll(paths: ProjectPaths): Promise<CollectSummary> {
  const ctx = loadCollectContext(paths);
  const { ledger, latest, problems, warnings, reports } = await foldCollected(paths, ctx);
  if (problems.length) throw new UserError(`${problems.length} problem${problems.length > 1 ? 's' : ''} in decisions/screen/; votes not rebuilt:`, 1, problems);
  const changed = commitVotes(paths, ledger, ctx);
  return { files: reports, newVotes: ledger.length, progress: progressOf(liveOf(ctx), latest), warnings, changed };
}

export interface CollectedVotes {
  ledger: ScreenVote[];
  /** Latest vote per record and screener (key `record\u0000screener`). */
  latest: Map<string, ScreenVote>;
  /** Problems of files that yield no votes (one bad file contributes nothing, the others still count). */
  problems: string[];
  warnings: string[];
  reports: FileReport[];
}

/**
 * Every vote in decisions/screen/, read in name (= collection) order: what votes.csv holds after
 * collecting them one by one. Reads only the project's inputs, so `screen assign` can pre-fill
 * sheets from it before `collect` runs (as in `review run`) and a rebuild makes the same sheets.
 */
export async function foldCollected(paths: ProjectPaths, ctx: CollectContext): Promise<CollectedVotes> {
  const ledger: ScreenVote[] = [];
  const latest = new Map<string, ScreenVote>();
  const problems: string[] = [];
  const warnings: string[] = [];
  const reports: FileReport[] = [];
  const seen = new Set<string>();
  for (const c of collectedFiles(paths)) {
    const sha = sha256(c.bytes);
    if (seen.has(sha)) continue;
    seen.add(sha);
    const result = await readReturnedFile(c.name, c.bytes, ctx);
    for (const p of result.problems) problems.push(p);
    for (const w of result.warnings) warnings.push(w);
    const added = foldVotes(ledger, latest, result.votes, result.kind.startsWith('rayyan') ? 'rayyan' : 'sheet', `decisions/screen/${c.name}`, sha, result.assignmentHash);
    reports.push({ file: `decisions/screen/${c.name}`, kind: result.kind, ...(result.screener ? { screener: result.screener } : {}), votes: result.votes.length, newVotes: added, undecided: result.undecided, alreadyCollected: false });
  }
  return { ledger, latest, problems, warnings, reports };
}

/** The returned files collected so far (decisions/screen/), for a stage manifest's inputs. */
export function collectedFilePaths(paths: ProjectPaths): string[] {
  // Names only: reading the files (a returned 130,000-row sheet is 100 MB) is for foldCollected.
  return listReturned(paths, 'screen').map((file) => join(screenDecisionsDir(paths), basename(file)));
}

function commitVotes(paths: ProjectPaths, ledger: readonly ScreenVote[], ctx: CollectContext): string[] {
  const inputs = [...screenInputs(paths), ...collectedFilePaths(paths)];
  // Progress is the stage's, not this step's: assign (new records) and collect (new votes) both change it.
  // Written in pieces straight into a staged file: 130,000 votes are not made into one string.
  const votes = StagedFile.fill(votesPath(paths), (write) => writeCsvPieces(SCREEN_VOTE_COLUMNS, ledger, (text) => write(Buffer.from(text, 'utf8'))));
  const result = commitScreen(paths, 'collect', [{ name: 'votes.csv', staged: votes }], inputs, {}, {
    votes: ledger.length,
  }, { progress: progressOf(liveOf(ctx), latestVotes(ledger)) });
  return result.changed;
}

function liveOf(ctx: CollectContext): Parameters<typeof progressOf>[0] {
  return { plan: ctx.plan, assignments: ctx.assignments, records: ctx.keys };
}

/**
 * Per screener: total = live records assigned to them; done = those they voted on or that need no
 * vote of theirs any more (the record has reviewsPerRecord votes, e.g. from an external allocation).
 * The one definition of progress: collect prints it and stores it where `review status` reads it.
 */
export function progressOf(ctx: { plan: ScreeningPlan; assignments: readonly ScreenAssignment[]; records: readonly { id: string }[] }, latest: ReadonlyMap<string, ScreenVote>): CollectSummary['progress'] {
  const live = new Set(ctx.records.map((r) => r.id));
  const votesPerRecord = new Map<string, number>();
  for (const v of latest.values()) votesPerRecord.set(v.record_id, (votesPerRecord.get(v.record_id) ?? 0) + 1);
  return ctx.plan.screeners.map((s) => {
    const mine = ctx.assignments.filter((a) => a.screener === s.id && live.has(a.record_id));
    const done = mine.filter((a) => latest.has(`${a.record_id}\u0000${s.id}`) || (votesPerRecord.get(a.record_id) ?? 0) >= ctx.plan.reviewsPerRecord);
    return { screener: s.id, done: done.length, total: mine.length };
  });
}
