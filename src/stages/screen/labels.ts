/**
 * What counts as relevant while screening goes on (pure). Two blinded screeners vote on each record;
 * a record is labelled once it is decided, and its label is the title/abstract decision reconcile
 * makes from the same votes and resolutions: relevant when it goes on to full text. So a record
 * either screener included (or marked "maybe") counts as relevant unless the team resolved the
 * conflict as exclude; two excludes, or a resolution "exclude", make it irrelevant. A record with
 * fewer than reviewsPerRecord votes is not labelled yet. The same labels train the ranking and feed
 * the stopping rule, so "relevant found" means records that go on to full text.
 *
 * Prior knowledge (review.json screening.priorKnowledge, record ids or DOIs) labels records the
 * team knows before screening; it trains the ranking only (such records are still screened, and a
 * decision overrides it). An entry that matches no record is an error: a typo would otherwise
 * silently train nothing.
 */
import type { ScreenAssignment, ScreenVote } from '../../model/screen.js';
import type { UniqueRecord } from '../../model/unique.js';
import { UserError } from '../../project/errors.js';
import { screenersByRecord } from './assignments.js';
import type { ScreeningPlan } from './plan.js';
import { reconcile, type RecordVotes, type ResolutionEntry } from './reconcile.js';

/** Decided records: id → relevant (goes on to full text). */
export function decisionLabels(
  plan: ScreeningPlan,
  assignments: readonly ScreenAssignment[],
  latest: Iterable<ScreenVote>,
  live: ReadonlySet<string>,
  resolutions: ReadonlyMap<string, ResolutionEntry>,
): Map<string, boolean> {
  const assigned = screenersByRecord(assignments);
  const votesOf = new Map<string, Map<string, ScreenVote>>();
  for (const v of latest) {
    if (!live.has(v.record_id)) continue;
    const m = votesOf.get(v.record_id) ?? new Map<string, ScreenVote>();
    m.set(v.screener, v);
    votesOf.set(v.record_id, m);
  }
  const records: RecordVotes[] = [];
  for (const [recordId, votes] of votesOf) {
    const mine = [...(assigned.get(recordId) ?? [])];
    const screeners = [...mine, ...[...votes.keys()].filter((s) => !mine.includes(s)).sort()];
    records.push({ recordId, assigned: mine, screeners, votes: screeners.map((s) => votes.get(s)) });
  }
  const { decisions } = reconcile(plan, records, resolutions);
  return new Map(decisions.map((d) => [d.record_id, d.decision === 'include']));
}

/** Prior knowledge as labels by record id; an id or DOI that matches no record in the screening set is an error naming it. */
export function priorLabels(plan: ScreeningPlan, records: readonly Pick<UniqueRecord, 'id' | 'doi'>[]): Map<string, boolean> {
  const byId = new Set(records.map((r) => r.id));
  const byDoi = new Map<string, string[]>();
  for (const r of records) {
    const doi = normaliseDoi(r.doi ?? '');
    if (doi === '') continue;
    const list = byDoi.get(doi);
    if (list) list.push(r.id);
    else byDoi.set(doi, [r.id]);
  }
  const out = new Map<string, boolean>();
  const problems: string[] = [];
  const add = (list: readonly string[], key: 'relevant' | 'irrelevant'): void => {
    list.forEach((entry, i) => {
      const ids = byId.has(entry) ? [entry] : byDoi.get(normaliseDoi(entry)) ?? [];
      if (ids.length === 0) problems.push(`screening.priorKnowledge.${key}[${i}]: "${entry}" is neither the id nor the DOI of a record in the screening set (stages/dedupe/unique.jsonl, database arm); correct it or remove it`);
      for (const id of ids) out.set(id, key === 'relevant');
    });
  };
  add(plan.prior.relevant, 'relevant');
  add(plan.prior.irrelevant, 'irrelevant');
  if (problems.length) throw new UserError(`review.json: ${problems.length} prior-knowledge entr${problems.length === 1 ? 'y matches' : 'ies match'} no record`, 1, problems);
  return out;
}

/** Labels for ranking: prior knowledge, overridden by the screeners' decisions. */
export function trainingLabels(prior: ReadonlyMap<string, boolean>, decided: ReadonlyMap<string, boolean>): Map<string, boolean> {
  const out = new Map(prior);
  for (const [id, relevant] of decided) out.set(id, relevant);
  return out;
}

/** "https://doi.org/10.1/X" and "doi:10.1/x" are the DOI 10.1/x. */
export function normaliseDoi(text: string): string {
  return text.trim().toLowerCase().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/, '');
}
