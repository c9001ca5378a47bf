/**
 * Screening in rounds (pure). Each round is one assignment batch of the ledger
 * (stages/screen/assignments.csv): the next `batchSize` records not handed out yet, in the order
 * review.json chooses, allocated like any batch so the shares stay exact over everything handed
 * out (allocate tops each screener up to its share of all records so far), each record to
 * reviewsPerRecord distinct screeners in the same round. Only which records a round takes, and the
 * row order of the sheets, depend on the order; the allocation rules do not.
 *
 * - file: unique.jsonl order; rows as the allocation dealt them (screening as before rounds existed).
 * - random: a seeded shuffle of the records left, per round.
 * - relevance: the ranking model on the decisions so far (labels.ts) and prior knowledge, most
 *   likely relevant first; records known relevant beforehand first, known irrelevant last.
 *
 * A round is handed out only on request (`review screen assign`): `review run` rebuilds the rounds
 * in the ledger and never adds one, so a rebuild reproduces what was handed out.
 */
import { count } from '../shared/plural.js';
import { createHash } from 'node:crypto';
import type { ScreenAssignment } from '../../model/screen.js';
import type { UniqueRecord } from '../../model/unique.js';
import type { ScreeningPlan } from './plan.js';
import { Prng } from './prng.js';
import type { RankableRecord, RankInput } from './rank/index.js';

/** What a call of assign may do: rebuild the rounds handed out, add one when the last is decided, or add one now. */
export type RoundRequest = 'rebuild' | 'when-done' | 'now';

/** Unlabelled ids, most likely relevant first (rankByRelevance of src/stages/screen/rank, or another model in tests). */
export type Ranker = (input: RankInput) => string[];

export interface RoundState {
  /** Live records in the ledger, and the latest batch (round) number. */
  handedOut: number;
  round: number;
  /** Live records of the latest round still short of reviewsPerRecord votes. */
  openInLastRound: number;
  /** Live records never handed out. */
  notHandedOut: number;
}

export function roundState(plan: ScreeningPlan, screened: readonly { id: string }[], ledger: readonly ScreenAssignment[], votesCast: ReadonlyMap<string, number>): RoundState {
  const live = new Set(screened.map((r) => r.id));
  const round = ledger.reduce((m, r) => Math.max(m, r.batch), 0);
  const handed = new Set<string>();
  const last = new Set<string>();
  for (const r of ledger) {
    if (!live.has(r.record_id)) continue;
    handed.add(r.record_id);
    if (r.batch === round) last.add(r.record_id);
  }
  const open = [...last].filter((id) => (votesCast.get(id) ?? 0) < plan.reviewsPerRecord).length;
  return { handedOut: handed.size, round, openInLastRound: open, notHandedOut: live.size - handed.size };
}

/** Whether this call hands out a round, and why not when it does not. */
export function roundDue(plan: ScreeningPlan, state: RoundState, request: RoundRequest, stopped: boolean): { due: boolean; why: string } {
  if (state.notHandedOut === 0) return { due: false, why: 'every record has been handed out' };
  // Without a batch size one round hands out every record: records that arrive later are handed out at once, as before rounds existed.
  if (plan.batchSize === undefined) return { due: true, why: '' };
  if (stopped) return { due: false, why: 'screening was stopped by the team (decisions/screen-stop/); no round is handed out' };
  if (request === 'rebuild') return { due: false, why: 'a rebuild re-issues the rounds handed out and adds none' };
  if (request === 'now' || state.round === 0 || state.openInLastRound === 0) return { due: true, why: '' };
  return { due: false, why: `round ${state.round} still has ${count(state.openInLastRound, 'record')} without ${count(plan.reviewsPerRecord, 'vote')}; the sheets were re-issued. Collect the returned sheets first, or hand out the next round now with \`review screen assign --next-round\`` };
}

/** What choosing a round reads of a record. */
export type RoundRecord = Pick<UniqueRecord, 'id'> & Partial<Pick<UniqueRecord, 'title' | 'abstract' | 'keywords'>>;

export interface RoundChoiceInput {
  plan: ScreeningPlan;
  /** The screening set in unique.jsonl order (titles, abstracts and keywords are read for "relevance" only). */
  screened: readonly RoundRecord[];
  /** Record ids already handed out (any round). */
  handedOut: ReadonlySet<string>;
  /** The round (ledger batch) being handed out. */
  round: number;
  /** Training labels (decisions so far, prior knowledge); used by "relevance". */
  labels: ReadonlyMap<string, boolean>;
  /** Prior knowledge alone: known relevant records go first, known irrelevant last. */
  prior: ReadonlyMap<string, boolean>;
  rank: Ranker;
}

/** The records of the next round, in hand-out order (at most batchSize; every record left without one). */
export function chooseRound(input: RoundChoiceInput): string[] {
  const { plan } = input;
  const left = input.screened.filter((r) => !input.handedOut.has(r.id));
  const size = Math.min(plan.batchSize ?? left.length, left.length);
  return orderRecords(input, left).slice(0, size);
}

function orderRecords(input: RoundChoiceInput, left: readonly RoundRecord[]): string[] {
  const { plan } = input;
  if (plan.order === 'file') return left.map((r) => r.id);
  const sortedIds = left.map((r) => r.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (plan.order === 'random') return new Prng(`${plan.seed}\u0000order random\u0000round ${input.round}`).shuffle(sortedIds);
  const leftIds = new Set(sortedIds);
  const ranked = input.rank({ records: input.screened.map(rankable), labels: input.labels, seed: rankSeed(plan.seed) }).filter((id) => leftIds.has(id));
  // A record labelled only by prior knowledge is not in the ranking (it is labelled): it still has to be screened.
  const known = (relevant: boolean): string[] => sortedIds.filter((id) => input.prior.get(id) === relevant && input.labels.get(id) === relevant);
  const front = known(true);
  const back = known(false);
  const placed = new Set([...front, ...back, ...ranked]);
  // Anything the ranker did not return is kept (id order) before the known-irrelevant: no record is lost.
  const rest = sortedIds.filter((id) => !placed.has(id));
  return [...front, ...ranked, ...rest, ...back];
}

export function rankable(r: RoundRecord): RankableRecord {
  return { id: r.id, title: r.title ?? '', abstract: r.abstract ?? '', keywords: (r.keywords ?? []).join('; ') };
}

/** The ranking's seed: a 32-bit number from the review's seed string (the same on every machine). */
export function rankSeed(seed: string): number {
  return createHash('sha256').update(`${seed}\u0000rank`, 'utf8').digest().readUInt32LE(0);
}
