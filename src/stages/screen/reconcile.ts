/**
 * Reconciliation (pure): agreement per overlapping screener pair, per screener against a pool and
 * overall; conflicts; and the final title/abstract decision per record. As in the seed review,
 * a "maybe" vote or an unresolved disagreement sends the record on to full text.
 *
 * A record is decided once it has reviewsPerRecord votes, whoever cast them: a project migrated from
 * Rayyan was screened without our allocation (everyone screens what they like), and every vote
 * counts as cast; such decisions are marked allocation "external". A record with fewer votes is
 * pending, listed with the assigned screeners who can finish it.
 */
import type { ScreenAgreement, ScreenDecision, ScreenVote } from '../../model/screen.js';
import { agreement, agreementRow, type LabelPair } from '../shared/agreement.js';
import type { ScreeningPlan } from './plan.js';

export type Resolution = 'include' | 'exclude' | 'full-text';
export const RESOLUTIONS: readonly Resolution[] = ['include', 'exclude', 'full-text'];

export interface ResolutionEntry {
  resolution: Resolution;
  reason: string;
}

export interface RecordVotes {
  recordId: string;
  /** Screeners the allocation gave the record to, in slot order. */
  assigned: string[];
  /** The assigned screeners, then anyone else who voted on the record (plan order). */
  screeners: string[];
  /** Latest vote per screener, in screener order; undefined when not voted yet. */
  votes: (ScreenVote | undefined)[];
}

/** The screeners who voted, with their votes (in screener order). */
export function castVotes(rec: RecordVotes): RecordVotes {
  const keep = rec.screeners.map((_, i) => i).filter((i) => rec.votes[i] !== undefined);
  return { recordId: rec.recordId, assigned: rec.assigned, screeners: keep.map((i) => rec.screeners[i] as string), votes: keep.map((i) => rec.votes[i]) };
}

/** Whether a vote came from a screener the allocation did not give the record to. */
export function isExternal(rec: RecordVotes): boolean {
  return rec.screeners.some((s, i) => rec.votes[i] !== undefined && !rec.assigned.includes(s));
}

export interface ReconcileResult {
  decisions: ScreenDecision[];
  conflicts: RecordVotes[];
  pending: RecordVotes[];
  agreement: ScreenAgreement[];
  counts: { include: number; exclude: number; forwarded: number; resolved: number; pending: number; conflicts: number; unresolvedConflicts: number; externalAllocation: number };
}

export function reconcile(plan: ScreeningPlan, records: readonly RecordVotes[], resolutions: ReadonlyMap<string, ResolutionEntry>): ReconcileResult {
  const decisions: ScreenDecision[] = [];
  const conflicts: RecordVotes[] = [];
  const pending: RecordVotes[] = [];
  let unresolvedConflicts = 0;
  for (const all of [...records].sort((x, y) => (x.recordId < y.recordId ? -1 : x.recordId > y.recordId ? 1 : 0))) {
    const rec = castVotes(all);
    if (rec.votes.length < plan.reviewsPerRecord) {
      pending.push(all);
      continue;
    }
    const votes = rec.votes as ScreenVote[];
    const kinds = new Set(votes.map((v) => v.decision));
    const allocation = isExternal(rec) ? 'external' as const : 'assigned' as const;
    const base = { record_id: rec.recordId, screeners: rec.screeners.join(';'), votes: votes.map((v) => v.decision).join(';'), allocation };
    const firstReason = votes.find((v) => v.decision === 'exclude' && v.reason)?.reason ?? '';
    const disagreement = kinds.size > 1;
    if (disagreement) conflicts.push(rec);
    const resolved = resolutions.get(rec.recordId);
    if (resolved) {
      if (resolved.resolution === 'full-text') decisions.push({ ...base, decision: 'include', route: 'forwarded', reason: '' });
      else decisions.push({ ...base, decision: resolved.resolution, route: 'resolution', reason: resolved.resolution === 'exclude' ? resolved.reason || firstReason : '' });
      continue;
    }
    if (!disagreement && kinds.has('include')) decisions.push({ ...base, decision: 'include', route: 'agreement', reason: '' });
    else if (!disagreement && kinds.has('exclude')) decisions.push({ ...base, decision: 'exclude', route: 'agreement', reason: firstReason });
    else {
      if (disagreement) unresolvedConflicts++;
      decisions.push({ ...base, decision: 'include', route: 'forwarded', reason: '' });
    }
  }
  const count = (f: (d: ScreenDecision) => boolean): number => decisions.filter(f).length;
  return {
    decisions,
    conflicts,
    pending,
    agreement: agreementRows(plan, records),
    counts: {
      include: count((d) => d.decision === 'include' && d.route !== 'forwarded'),
      exclude: count((d) => d.decision === 'exclude'),
      forwarded: count((d) => d.route === 'forwarded'),
      resolved: count((d) => d.route === 'resolution') + conflicts.filter((c) => resolutions.get(c.recordId)?.resolution === 'full-text').length,
      pending: pending.length,
      conflicts: conflicts.length,
      unresolvedConflicts,
      externalAllocation: count((d) => d.allocation === 'external'),
    },
  };
}

/** Agreement from the votes before reconciliation, on records both sides have voted on. */
export function agreementRows(plan: ScreeningPlan, records: readonly RecordVotes[]): ScreenAgreement[] {
  const order = new Map(plan.screeners.map((s, i) => [s.id, i]));
  const ruleOf = new Map(plan.screeners.map((s) => [s.id, s.rule]));
  const pairVotes = new Map<string, LabelPair[]>();
  const groupVotes = new Map<string, LabelPair[]>();
  const overall: LabelPair[] = [];
  const push = (m: Map<string, LabelPair[]>, key: string, pair: LabelPair): void => {
    const list = m.get(key);
    if (list) list.push(pair);
    else m.set(key, [pair]);
  };
  for (const rec of records) {
    const voted = rec.screeners
      .map((s, i) => ({ s, v: rec.votes[i] }))
      .filter((x): x is { s: string; v: ScreenVote } => x.v !== undefined)
      .sort((x, y) => (order.get(x.s) ?? 1e9) - (order.get(y.s) ?? 1e9));
    for (let i = 0; i < voted.length; i++) {
      for (let j = i + 1; j < voted.length; j++) {
        const x = voted[i] as { s: string; v: ScreenVote };
        const y = voted[j] as { s: string; v: ScreenVote };
        const pair: LabelPair = { record: rec.recordId, a: x.v.decision, b: y.v.decision };
        push(pairVotes, `${x.s}\u0000${y.s}`, pair);
        overall.push(pair);
        const rx = plan.rules[ruleOf.get(x.s) ?? -1];
        const ry = plan.rules[ruleOf.get(y.s) ?? -1];
        if (rx && ry && rx !== ry && (rx.members.length > 1 || ry.members.length > 1)) push(groupVotes, `${rx.label}\u0000${ry.label}`, pair);
      }
    }
  }
  const row = (scope: ScreenAgreement['scope'], a: string, b: string, pairs: LabelPair[]): ScreenAgreement => ({ scope, a, b, ...agreementRow(agreement(pairs, plan.labels)) });
  const split = (key: string): [string, string] => key.split('\u0000') as [string, string];
  return [
    ...[...pairVotes].map(([k, p]) => row('pair', ...split(k), p)),
    ...[...groupVotes].map(([k, p]) => row('group', ...split(k), p)),
    row('overall', 'all', 'all', overall),
  ];
}
