/**
 * The screening plan: review.json's screeners and screening settings checked and resolved into
 * per-screener shares. Every problem is reported at once, with what to change.
 */
import type { ReviewConfig, Screener, ScreeningOrder, StoppingRule } from '../../model/config.js';
import { UserError } from '../../project/errors.js';
import { count } from '../shared/plural.js';

export interface PlannedScreener {
  id: string;
  name: string;
  rayyanName: string | undefined;
  /** Fraction of the records this screener screens (a pool's share divided among its members). */
  share: number;
  /** Index of the allocation rule the screener comes from (rules are "groups" in agreement reports). */
  rule: number;
}

export interface PlannedRule {
  label: string;
  members: string[];
  share: number;
}

export interface ScreeningPlan {
  reviewsPerRecord: number;
  seed: string;
  stratifyBy: 'none' | 'source';
  /** Allocated screeners in rule order, pool members in listed order. */
  screeners: PlannedScreener[];
  rules: PlannedRule[];
  labels: string[];
  /** Title/abstract exclusion reason ids: screening.reasons plus exclusionReasons tagged for `screen`. */
  reasons: string[];
  /** Which records each round hands out (review.json screening.order, default "file"). */
  order: ScreeningOrder;
  /** Records per round; undefined: one round hands out every record (screening without rounds). */
  batchSize: number | undefined;
  /** Record ids or DOIs known relevant / irrelevant before screening (train the ranking only). */
  prior: { relevant: string[]; irrelevant: string[] };
  stoppingRule: StoppingRule | undefined;
}

const SHARE_TOLERANCE = 1e-9;

export function resolvePlan(config: ReviewConfig): ScreeningPlan {
  const screening = config.screening;
  if (!screening || screening.allocation.length === 0) {
    throw new UserError('review.json has no screening allocation: add "screening": {"reviewsPerRecord": 2, "seed": "…", "allocation": [{"screener": "A", "share": 1}, {"pool": ["B", "C"], "share": 1}]} and the screeners under "screeners"');
  }
  const problems: string[] = [];
  const known = new Map<string, Screener>();
  for (const s of config.screeners) {
    if (known.has(s.id)) problems.push(`screeners: id "${s.id}" is declared twice; give each screener a unique id`);
    known.set(s.id, s);
  }
  const seen = new Map<string, number>();
  const screeners: PlannedScreener[] = [];
  const rules: PlannedRule[] = [];
  let total = 0;
  screening.allocation.forEach((rule, index) => {
    const members = 'screener' in rule ? [rule.screener] : rule.pool;
    const label = 'screener' in rule ? rule.screener : `pool ${rule.pool.join('+')}`;
    rules.push({ label, members: [...members], share: rule.share });
    total += rule.share;
    for (const id of members) {
      const s = known.get(id);
      if (!s) {
        problems.push(`screening.allocation[${index}]: unknown screener id "${id}"; declare it under "screeners" (${[...known.keys()].join(', ') || 'none declared'})`);
        continue;
      }
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        problems.push(`screening.allocation[${index}]: screener "${id}" is already listed in allocation[${earlier}]; list each screener once`);
        continue;
      }
      seen.set(id, index);
      screeners.push({ id, name: s.name, rayyanName: s.rayyanName, share: rule.share / members.length, rule: index });
    }
  });
  const perRecord = screening.reviewsPerRecord;
  if (Math.abs(total - perRecord) > SHARE_TOLERANCE) {
    problems.push(`screening.allocation: shares sum to ${round(total)} but reviewsPerRecord is ${perRecord}; each record is screened ${perRecord} times, so the shares must add up to ${perRecord}`);
  }
  if (seen.size < perRecord) {
    problems.push(`screening: ${count(perRecord, 'distinct screener')} ${perRecord === 1 ? 'is' : 'are'} needed per record but only ${seen.size} ${seen.size === 1 ? 'is' : 'are'} allocated`);
  }
  for (const label of ['include', 'exclude']) {
    if (!screening.labels.includes(label)) problems.push(`screening.labels: must contain "${label}" (got ${screening.labels.join(', ')})`);
  }
  const unknownLabels = screening.labels.filter((l) => !['include', 'exclude', 'maybe'].includes(l));
  if (unknownLabels.length) problems.push(`screening.labels: only include, exclude and maybe are understood (got ${unknownLabels.join(', ')})`);
  const prior = { relevant: screening.priorKnowledge?.relevant ?? [], irrelevant: screening.priorKnowledge?.irrelevant ?? [] };
  const bothWays = prior.relevant.filter((x) => prior.irrelevant.some((y) => y.toLowerCase() === x.toLowerCase()));
  for (const x of bothWays) problems.push(`screening.priorKnowledge: "${x}" is listed as both relevant and irrelevant; keep it in one list`);
  if (problems.length) {
    throw new UserError(`review.json: the screening settings have ${problems.length} problem${problems.length > 1 ? 's' : ''}`, 1, problems);
  }
  const reasons = [...screening.reasons];
  for (const r of config.exclusionReasons?.reasons ?? []) if (r.stages.includes('screen') && !reasons.includes(r.id)) reasons.push(r.id);
  return {
    reviewsPerRecord: perRecord,
    seed: screening.seed,
    stratifyBy: screening.stratifyBy,
    screeners,
    rules,
    labels: [...screening.labels],
    reasons,
    order: screening.order ?? 'file',
    batchSize: screening.batchSize,
    prior,
    stoppingRule: screening.stoppingRule,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
