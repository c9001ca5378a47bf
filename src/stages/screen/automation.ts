/**
 * Records "marked as ineligible by automation tools" (PRISMA 2020): after the team stopped by its
 * rule (decisions/screen-stop/stop.json), every record of the screening set never handed out. Written by
 * reconcile as stages/screen/automation-excluded.csv, one row per record with the rule and the
 * figures it was met with (from the decisions collected), in unique.jsonl order. prisma reads it.
 */
import type { AutomationExcluded, ScreenAssignment, ScreenStop, StoppingFigures } from '../../model/screen.js';

export function automationExcludedRows(stop: ScreenStop, live: readonly string[], ledger: readonly ScreenAssignment[], figures: StoppingFigures): AutomationExcluded[] {
  const handedOut = new Set(ledger.map((r) => r.record_id));
  return live.filter((id) => !handedOut.has(id)).map((record_id) => ({
    record_id,
    stopped_after_round: stop.stoppedAfterRound,
    order: stop.order,
    target_recall: stop.rule.targetRecall,
    confidence: stop.rule.confidence,
    min_screened: stop.rule.minScreened,
    screened: figures.screened,
    relevant_found: figures.relevantFound,
    estimated_remaining: figures.estimatedRemaining,
    recall_bound: Math.round(figures.recallBound * 1e4) / 1e4,
    rule_met: figures.ruleMet ? 'true' : 'false',
  }));
}
