/**
 * From every collected assessment (in collection order) to one decision per record (pure).
 * A later assessment by the same assessor supersedes an earlier one, so a corrected sheet fixes a
 * mistake and an agreement reached in discussion is recorded by returning the corrected sheet.
 * Dual assessment: both assessors must agree on include/exclude, else the record stays pending and
 * is listed as a conflict; agreement statistics use each assessor's first decision (before discussion).
 */
import type { FulltextAgreement, FulltextConflict, FulltextDecision } from '../../model/fulltext.js';
import { agreement, agreementRow, type LabelPair } from '../shared/agreement.js';
import type { FulltextPlan } from './plan.js';
import type { Assessment } from './validate.js';

export interface FulltextOutcome {
  decisions: FulltextDecision[];
  conflicts: FulltextConflict[];
  agreement: FulltextAgreement[];
  pending: string[];
}

export function decideFulltext(plan: FulltextPlan, assessmentsInOrder: readonly Assessment[]): FulltextOutcome {
  const first = new Map<string, Assessment>();
  const latest = new Map<string, Assessment>();
  const latestAny = new Map<string, Assessment>();
  for (const a of assessmentsInOrder) {
    const key = `${a.record_id}\u0000${a.assessor}`;
    if (!first.has(key)) first.set(key, a);
    latest.set(key, a);
    latestAny.set(a.record_id, a);
  }
  const assessorsOf = new Map<string, string[]>();
  for (const s of plan.sheets) for (const id of s.recordIds) assessorsOf.set(id, [...(assessorsOf.get(id) ?? []), s.assessor]);
  const decisions: FulltextDecision[] = [];
  const conflicts: FulltextConflict[] = [];
  const pending: string[] = [];
  for (const item of plan.items) {
    const id = item.record.id;
    const base = { record_id: id, arm: item.arm, source: item.record.firstSource };
    const pendingRow = (): FulltextDecision => {
      pending.push(id);
      return { ...base, retrieved: '', decision: 'pending', reason: '', assessor: '', note: '' };
    };
    if (plan.reviewsPerRecord === 1) {
      const a = latestAny.get(id);
      decisions.push(a ? { ...base, retrieved: a.retrieved, decision: a.decision, reason: a.reason, assessor: a.assessor, note: a.note } : pendingRow());
      continue;
    }
    const [na, nb] = assessorsOf.get(id) ?? [];
    const a = na === undefined ? undefined : latest.get(`${id}\u0000${na}`);
    const b = nb === undefined ? undefined : latest.get(`${id}\u0000${nb}`);
    if (!a || !b) {
      decisions.push(pendingRow());
      continue;
    }
    const conflict = (kind: FulltextConflict['kind']): FulltextConflict => ({
      record_id: id, kind, assessor_a: a.assessor, decision_a: label(a), reason_a: a.reason, assessor_b: b.assessor, decision_b: label(b), reason_b: b.reason,
    });
    if (a.decision !== b.decision) {
      conflicts.push(conflict('decision'));
      decisions.push(pendingRow());
      continue;
    }
    if (a.reason !== '' && b.reason !== '' && a.reason !== b.reason) conflicts.push(conflict('reason'));
    decisions.push({
      ...base,
      retrieved: a.retrieved === 'yes' || b.retrieved === 'yes' ? 'yes' : 'no',
      decision: a.decision,
      reason: a.reason || b.reason,
      assessor: `${a.assessor};${b.assessor}`,
      note: [a.note, b.note].filter((n) => n !== '').join(' | '),
    });
  }
  return { decisions, conflicts, agreement: plan.reviewsPerRecord === 2 ? pairAgreement(plan, first) : [], pending };
}

function label(a: Assessment): string {
  return a.retrieved === 'no' ? `${a.decision} (not retrieved)` : a.decision;
}

function pairAgreement(plan: FulltextPlan, first: ReadonlyMap<string, Assessment>): FulltextAgreement[] {
  const out: FulltextAgreement[] = [];
  const pairs: [string, string][] = [];
  for (let i = 0; i < plan.assessors.length; i++) {
    for (let j = i + 1; j < plan.assessors.length; j++) pairs.push([plan.assessors[i] as string, plan.assessors[j] as string]);
  }
  const all: LabelPair[] = [];
  for (const [x, y] of pairs) {
    const labels: LabelPair[] = [];
    for (const item of plan.items) {
      const ax = first.get(`${item.record.id}\u0000${x}`);
      const ay = first.get(`${item.record.id}\u0000${y}`);
      if (ax && ay) labels.push({ record: item.record.id, a: ax.decision, b: ay.decision });
    }
    if (labels.length === 0) continue;
    all.push(...labels);
    out.push(row(x, y, labels));
  }
  if (pairs.length > 1) out.push(row('all', 'all', all));
  return out;
}

/** Full-text decisions are two-way (include, exclude). */
const FULLTEXT_CATEGORIES = ['include', 'exclude'];

function row(a: string, b: string, labels: LabelPair[]): FulltextAgreement {
  return { a, b, ...agreementRow(agreement(labels, FULLTEXT_CATEGORIES)) };
}
