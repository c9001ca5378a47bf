/**
 * `review screen progress` (reads only): the rounds handed out and, after each, the relevant records
 * found, the estimate of those still unscreened and the one-sided recall bound; whether the team's
 * stopping rule is met. From the stage's own files (assignments.csv, votes.csv) and the resolutions
 * and stop decision in decisions/, so it agrees with what reconcile and status say.
 */
import { existsSync } from 'node:fs';
import type { StoppingRule } from '../../model/config.js';
import type { ScreenStop } from '../../model/screen.js';
import { loadConfig } from '../../project/config.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readAssignments } from './assignments.js';
import { latestVotes, progressOf, readVotes, votesPath } from './collect.js';
import { decisionLabels } from './labels.js';
import { resolvePlan, type ScreeningPlan } from './plan.js';
import { readResolutions } from './reconcile-run.js';
import { loadUniqueRecords, screeningSet } from './records.js';
import { readStopDecision } from './stop.js';
import { stoppingProgress, type StoppingProgress } from './stopping-figures.js';

export interface ScreenProgressSummary extends StoppingProgress {
  order: ScreeningPlan['order'];
  batchSize: number | undefined;
  notHandedOut: number;
  /** Per screener: records done / handed out (as collect and status say). */
  screeners: { screener: string; done: number; total: number }[];
  /** The team's stop decision, when there is one (decisions/screen-stop/stop.json). */
  stopped: ScreenStop | undefined;
  /** votes.csv is missing: nothing collected yet. */
  noVotes: boolean;
}

export async function runScreenProgress(paths: ProjectPaths): Promise<ScreenProgressSummary> {
  const config = loadConfig(paths);
  const plan = resolvePlan(config);
  const screened = screeningSet(config, loadUniqueRecords(paths)).screened;
  const ledger = readAssignments(paths, true);
  const live = screened.map((r) => r.id);
  const liveSet = new Set(live);
  const latest = latestVotes(readVotes(paths));
  const { resolutions } = await readResolutions(paths, plan, liveSet);
  const labels = decisionLabels(plan, ledger, latest.values(), liveSet, resolutions);
  const stopped = readStopDecision(paths);
  // After a stop the rule the team stopped by is the one reported; review.json may have changed since.
  const rule: StoppingRule | undefined = stopped?.rule ?? plan.stoppingRule;
  const figures = stoppingProgress(rule, live, ledger, labels);
  const handed = new Set(ledger.filter((r) => liveSet.has(r.record_id)).map((r) => r.record_id));
  return {
    ...figures,
    order: plan.order,
    batchSize: plan.batchSize,
    notHandedOut: live.length - handed.size,
    screeners: progressOf({ plan, assignments: ledger, records: screened }, latest),
    stopped,
    noVotes: !existsSync(votesPath(paths)),
  };
}
