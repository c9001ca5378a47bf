/** `review screen stop`: the team stops title/abstract screening by its rule (decisions/screen-stop/stop.json). */
import { mkdirSync, rmSync } from 'node:fs';
import type { ScreenStop } from '../../model/screen.js';
import { toJson, writeFileAtomic } from '../../project/atomic.js';
import { loadConfig } from '../../project/config.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import { resolvePlan } from './plan.js';
import { runScreenProgress } from './progress-report.js';
import { runScreenReconcile, type ReconcileSummary } from './reconcile-run.js';
import { readStopDecision, STOP_FILE, STOP_FOLDER, stopDir, stopFile } from './stop.js';
import { describeFigures } from './stopping-figures.js';

export interface StopOptions {
  /** ISO date of the decision (default: today, UTC). */
  date?: string;
  note?: string;
  /** Stop although the rule is not met (recorded as such; the report's methods text says so). */
  force?: boolean;
}

export interface StopSummary {
  decision: ScreenStop;
  file: string;
  /** Records never handed out: from now on "marked as ineligible by automation tools". */
  automationExcluded: number;
  reconcile: ReconcileSummary;
}

/**
 * `review screen stop`: record the team's decision to stop by its rule, then reconcile, which writes
 * stages/screen/automation-excluded.csv. Refused when no rule is declared, when the rule is not met
 * (unless `force`), when screening was stopped already or nothing is left to stop; if reconcile
 * fails, the decision is taken back, so the project stays as it was.
 */
export async function runScreenStop(paths: ProjectPaths, opts: StopOptions = {}): Promise<StopSummary> {
  const existing = readStopDecision(paths);
  if (existing) throw new UserError(`screening was already stopped on ${existing.date} after round ${existing.stoppedAfterRound} (decisions/${STOP_FOLDER}/${STOP_FILE}); to resume, move that file out of decisions/ and run \`review screen assign\``);
  const plan = resolvePlan(loadConfig(paths));
  const rule = plan.stoppingRule;
  if (!rule) throw new UserError('review.json declares no stopping rule: add "stoppingRule": {"targetRecall": 0.95, "confidence": 0.95, "minScreened": 0} under "screening", then run `review screen progress`');
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new UserError(`--date ${date}: expected an ISO date such as 2026-12-07`, 2);
  const progress = await runScreenProgress(paths);
  const lastRound = progress.rounds.at(-1)?.round ?? 0;
  if (lastRound === 0) throw new UserError('no round has been handed out yet: run `review screen assign` first');
  if (progress.notHandedOut === 0) throw new UserError('every record has been handed out: there is nothing to stop; finish the last round and run `review screen reconcile`');
  const figures = progress.current;
  if (!figures.ruleMet && !opts.force) {
    throw new UserError(`the stopping rule is not met: ${describeFigures(figures, rule)}. Screen the next round (\`review screen assign\`), or stop anyway with \`review screen stop --force\` (recorded as stopped before the rule was met)`);
  }
  const decision: ScreenStop = { schemaVersion: 1, kind: 'review-screening-stop', date, stoppedAfterRound: lastRound, order: plan.order, rule, figures, note: opts.note ?? '' };
  const file = stopFile(paths);
  mkdirSync(stopDir(paths), { recursive: true });
  writeFileAtomic(file, toJson(decision));
  let reconcile: ReconcileSummary;
  try {
    reconcile = await runScreenReconcile(paths);
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
  return { decision, file: paths.rel(file), automationExcluded: progress.notHandedOut, reconcile };
}
