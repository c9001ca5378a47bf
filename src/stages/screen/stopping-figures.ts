/**
 * The stopping rule's figures after each round (pure): relevant records found, an estimate of those
 * still unscreened, and the one-sided lower bound on recall, by the hypergeometric test of
 * Callaghan & Müller-Hansen (2020) in src/stages/screen/rank/stopping.ts.
 *
 * "Screened" means decided on title/abstract (reviewsPerRecord votes cast, labels.ts), "relevant"
 * that the decision sends the record on to full text. The order screened is the order records were
 * handed out: round by round, each round in its ledger order (the model's order for "relevance"); a
 * record decided without being handed out (votes of an external allocation) comes last. The total is
 * the whole screening set, so records never handed out count as unscreened.
 */
import type { StoppingRule } from '../../model/config.js';
import type { ScreenAssignment, StoppingFigures } from '../../model/screen.js';
import { evaluateStopping } from './rank/index.js';

/** Confidence of the recall bound when review.json declares no stopping rule. */
export const DEFAULT_CONFIDENCE = 0.95;

export interface RoundFigures extends StoppingFigures {
  round: number;
  /** Records handed out in rounds 1..round. */
  handedOut: number;
}

export interface StoppingProgress {
  /** The rule evaluated (review.json's, or the one a stop decision recorded); undefined: none declared (figures at 95 % confidence, never "met"). */
  rule: StoppingRule | undefined;
  totalRecords: number;
  rounds: RoundFigures[];
  /** Everything decided so far. */
  current: StoppingFigures;
}

export function stoppingProgress(rule: StoppingRule | undefined, live: readonly string[], ledger: readonly ScreenAssignment[], labels: ReadonlyMap<string, boolean>): StoppingProgress {
  const liveSet = new Set(live);
  const roundOf = new Map<string, number>();
  const order: string[] = [];
  for (const r of ledger) {
    if (!liveSet.has(r.record_id) || roundOf.has(r.record_id)) continue;
    roundOf.set(r.record_id, r.batch);
    order.push(r.record_id);
  }
  const outside = [...labels.keys()].filter((id) => liveSet.has(id) && !roundOf.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lastRound = ledger.reduce((m, r) => Math.max(m, r.batch), 0);
  const figures = (ids: readonly string[]): StoppingFigures => {
    const sequence = ids.filter((id) => labels.has(id)).map((id) => labels.get(id) as boolean);
    const report = evaluateStopping(sequence, live.length, {
      targetRecall: rule?.targetRecall ?? 1,
      confidence: rule?.confidence ?? DEFAULT_CONFIDENCE,
      minScreened: rule?.minScreened ?? 0,
    });
    return {
      screened: report.screened,
      relevantFound: report.relevantFound,
      unscreened: report.unscreened,
      estimatedRemaining: report.estimatedUnscreenedRelevant,
      recallBound: report.recallLowerBound,
      ruleMet: rule !== undefined && report.met,
    };
  };
  const rounds: RoundFigures[] = [];
  for (let round = 1; round <= lastRound; round++) {
    const ids = order.filter((id) => (roundOf.get(id) as number) <= round);
    if (!ids.some((id) => roundOf.get(id) === round)) continue;
    rounds.push({ round, handedOut: ids.length, ...figures(ids) });
  }
  return { rule, totalRecords: live.length, rounds, current: figures([...order, ...outside]) };
}

/** "0.912" → "91.2 %". */
export function percent(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
}

/** One line for people: found, estimate, bound, and whether the rule is met. */
export function describeFigures(f: StoppingFigures, rule: StoppingRule | undefined, stopped = false): string {
  const bound = `recall ≥ ${percent(f.recallBound)} with ${percent(rule?.confidence ?? DEFAULT_CONFIDENCE)} confidence (one-sided)`;
  const ruleText = rule
    ? f.ruleMet
      ? `; the stopping rule (recall ${percent(rule.targetRecall)} at ${percent(rule.confidence)}${rule.minScreened ? `, at least ${rule.minScreened} screened` : ''}) is MET${stopped ? '' : ': the team may stop with `review screen stop`'}`
      : `; the stopping rule (recall ${percent(rule.targetRecall)} at ${percent(rule.confidence)}${rule.minScreened ? `, at least ${rule.minScreened} screened` : ''}) is not met yet`
    : '; no stopping rule declared (review.json screening.stoppingRule)';
  return `${f.screened} screened, ${f.relevantFound} relevant found, about ${f.estimatedRemaining} relevant estimated among the ${f.unscreened} unscreened; ${bound}${ruleText}`;
}
