import { z } from 'zod';
import { AGREEMENT_STATS_COLUMNS, AgreementStatsSchema } from './agreement.js';
import { ScreeningOrderSchema, StoppingRuleSchema } from './config.js';

/**
 * One row of stages/screen/decisions.csv (columns in this order): the final title/abstract decision
 * per unique record. `decision` is `include` (goes on to full text) or `exclude`; `route` says how it
 * was reached: both screeners agreed, a resolution from decisions/, or forwarded to full text because
 * of a "maybe" vote or an unresolved conflict (forwarded rows have decision `include`).
 */
export const ScreenDecisionSchema = z.object({
  record_id: z.string(),
  decision: z.enum(['include', 'exclude']),
  route: z.enum(['agreement', 'resolution', 'forwarded']),
  reason: z.string().default('').describe('title/abstract exclusion reason id, when recorded'),
  screeners: z.string().describe('screener ids joined with ";"'),
  votes: z.string().describe('votes in screener order joined with ";"'),
  allocation: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['assigned', 'external']).optional())
    .describe('"external" when a vote came from a screener our allocation did not give the record to (a migrated Rayyan project, where everyone screens what they like); the votes count as cast'),
});
export type ScreenDecision = z.infer<typeof ScreenDecisionSchema>;
export const SCREEN_DECISION_COLUMNS = ['record_id', 'decision', 'route', 'reason', 'screeners', 'votes', 'allocation'] as const;

/** One row of stages/screen/pending.csv: a record still short of votes, and who can finish it. */
export const SCREEN_PENDING_COLUMNS = ['record_id', 'votes_needed', 'voted', 'waiting_for', 'allocation'] as const;

/** One row of stages/screen/assignments.csv: a record given to a screener (kept across re-assignments). */
export const ScreenAssignmentSchema = z.object({
  record_id: z.string(),
  screener: z.string(),
  slot: z.coerce.number().int().positive().describe('1-based position of the screener among the record\'s screeners (plan order)'),
  batch: z.coerce.number().int().positive().describe('assignment run that allocated the record (1 = first; later runs add new records only)'),
  stratum: z.string().describe('source database when stratified, else empty'),
});
export type ScreenAssignment = z.infer<typeof ScreenAssignmentSchema>;
export const SCREEN_ASSIGNMENT_COLUMNS = ['record_id', 'screener', 'slot', 'batch', 'stratum'] as const;

/** stages/screen/assignment.json: how the allocation was made and the hash each batch's sheets carry. */
export const ScreenAssignmentInfoSchema = z.object({
  schemaVersion: z.literal(1),
  prng: z.string(),
  seed: z.string(),
  reviewsPerRecord: z.number().int(),
  stratifyBy: z.enum(['none', 'source']),
  batches: z.array(z.object({ batch: z.number().int(), records: z.number().int(), hash: z.string() })),
  currentHash: z.string(),
});
export type ScreenAssignmentInfo = z.infer<typeof ScreenAssignmentInfoSchema>;

/**
 * One row of stages/screen/votes.csv: an append-only ledger. A later row for the same record and
 * screener supersedes an earlier one (a changed mind); rows are never rewritten or removed.
 */
export const ScreenVoteSchema = z.object({
  record_id: z.string(),
  screener: z.string(),
  decision: z.enum(['include', 'exclude', 'maybe']),
  reason: z.string().default(''),
  note: z.string().default(''),
  origin: z.enum(['sheet', 'rayyan']),
  file: z.string().describe('project-relative path of the collected copy under decisions/screen/'),
  file_sha256: z.string(),
  row: z.coerce.number().int().describe('sheet row (xlsx), line (CSV) or record number (RIS)'),
  assignment: z.string().describe('assignment hash the sheet carried (empty for Rayyan exports)'),
});
export type ScreenVote = z.infer<typeof ScreenVoteSchema>;
export const SCREEN_VOTE_COLUMNS = ['record_id', 'screener', 'decision', 'reason', 'note', 'origin', 'file', 'file_sha256', 'row', 'assignment'] as const;

/** One row of stages/screen/agreement.csv (agreement.json holds the same rows). */
export const ScreenAgreementSchema = z.object({
  scope: z.enum(['pair', 'group', 'overall']).describe('two screeners, a screener against an allocation pool, or every double-screened record'),
  a: z.string(),
  b: z.string(),
}).merge(AgreementStatsSchema);
export type ScreenAgreement = z.infer<typeof ScreenAgreementSchema>;
export const SCREEN_AGREEMENT_COLUMNS = ['scope', 'a', 'b', ...AGREEMENT_STATS_COLUMNS] as const;

/** stages/screen/invariants.json: proof that the allocation meets review.json. */
export const ScreenInvariantsSchema = z.object({
  schemaVersion: z.literal(1),
  ok: z.boolean(),
  records: z.number().int(),
  reviewsPerRecord: z.number().int(),
  perScreener: z.array(z.object({ screener: z.string(), records: z.number().int(), expected: z.number(), deviation: z.number() })),
  perPair: z.array(z.object({ a: z.string(), b: z.string(), records: z.number().int() })),
  violations: z.array(z.string()),
  externalAllocation: z.object({ votes: z.number().int(), records: z.number().int() }).optional()
    .describe('returned votes by screeners this allocation did not give the record to (a migrated Rayyan project): they count as cast, the allocation of those records is external, not violated'),
});
export type ScreenInvariants = z.infer<typeof ScreenInvariantsSchema>;

/** The figures of a stopping rule at one point of screening (src/stages/screen/stopping-figures.ts). */
export const StoppingFiguresSchema = z.object({
  screened: z.number().int().nonnegative().describe('records decided on title/abstract'),
  relevantFound: z.number().int().nonnegative().describe('decided records that go on to full text'),
  unscreened: z.number().int().nonnegative().describe('records of the screening set not decided yet'),
  estimatedRemaining: z.number().nonnegative().describe('estimate of the relevant records among the unscreened'),
  recallBound: z.number().min(0).max(1).describe('one-sided lower confidence bound on the recall reached'),
  ruleMet: z.boolean(),
});
export type StoppingFigures = z.infer<typeof StoppingFiguresSchema>;

/**
 * decisions/screen-stop/stop.json, written by `review screen stop`: the team's decision to stop
 * title/abstract screening by its stopping rule. A people's decision like a returned sheet: `review
 * run` rebuilds stages/screen/automation-excluded.csv from it. The rule is the one in force when
 * the team stopped; `figures` are those the team saw then (the stage output states the current ones).
 */
export const ScreenStopSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('review-screening-stop'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date, e.g. 2026-12-07').describe('when the team decided to stop'),
  stoppedAfterRound: z.number().int().positive().describe('the last round handed out (stages/screen/assignments.csv batch)'),
  order: ScreeningOrderSchema.describe('the screening order of the rounds (review.json screening.order when the team stopped)'),
  rule: StoppingRuleSchema,
  figures: StoppingFiguresSchema,
  note: z.string().default(''),
});
export type ScreenStop = z.infer<typeof ScreenStopSchema>;

/**
 * One row of stages/screen/automation-excluded.csv: a record left unscreened because the team
 * stopped by its rule ("Records marked as ineligible by automation tools" in PRISMA 2020). Every row
 * carries the rule and the figures it was met with (computed from the votes collected).
 */
export const AUTOMATION_EXCLUDED_COLUMNS = [
  'record_id', 'stopped_after_round', 'order', 'target_recall', 'confidence', 'min_screened',
  'screened', 'relevant_found', 'estimated_remaining', 'recall_bound', 'rule_met',
] as const;
export const AutomationExcludedSchema = z.object({
  record_id: z.string(),
  stopped_after_round: z.coerce.number().int().positive(),
  order: ScreeningOrderSchema,
  target_recall: z.coerce.number(),
  confidence: z.coerce.number(),
  min_screened: z.coerce.number().int(),
  screened: z.coerce.number().int(),
  relevant_found: z.coerce.number().int(),
  estimated_remaining: z.coerce.number(),
  recall_bound: z.coerce.number(),
  rule_met: z.enum(['true', 'false']).describe('"false" when the team stopped before the rule was met (review screen stop --force)'),
});
export type AutomationExcluded = z.infer<typeof AutomationExcludedSchema>;
