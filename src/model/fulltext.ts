import { z } from 'zod';
import { AGREEMENT_STATS_COLUMNS, AgreementStatsSchema } from './agreement.js';
import { configComment } from './comment.js';

/**
 * One row of stages/fulltext/decisions.csv (columns in this order): every record that reached full
 * text, from databases (forwarded by screening) or from other methods (hand search enters here).
 * `decision` is pending until someone decided; `reason` is an exclusion reason id from review.json
 * (required when excluded after retrieval). A report that could not be retrieved has retrieved `no`,
 * decision `exclude` and usually no reason: PRISMA counts it as "not retrieved", not as excluded.
 * In dual assessment `assessor` lists both assessors joined with ";".
 */
export const FulltextDecisionSchema = z.object({
  record_id: z.string(),
  arm: z.enum(['databases', 'other']),
  source: z.string().describe('the first source that found the record (review.json order)'),
  retrieved: z.enum(['yes', 'no', '']),
  decision: z.enum(['include', 'exclude', 'pending']),
  reason: z.string().default(''),
  assessor: z.string().default(''),
  note: z.string().default(''),
});
export type FulltextDecision = z.infer<typeof FulltextDecisionSchema>;
export const FULLTEXT_DECISION_COLUMNS = ['record_id', 'arm', 'source', 'retrieved', 'decision', 'reason', 'assessor', 'note'] as const;

/**
 * `fulltext` in review.json. Without assessors one sheet (stages/fulltext/sheet.xlsx) is written and
 * whoever fills it names themselves in the assessor column. With `reviewsPerRecord` 2 every record
 * goes to two assessors (round-robin over `assessors`, in order), each gets
 * stages/fulltext/sheets/<assessor>.xlsx, and the two decisions are reconciled.
 */
export const FulltextConfigSchema = z.strictObject({
  $comment: configComment,
  assessors: z.array(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only (used in file names)')).default([]),
  reviewsPerRecord: z.union([z.literal(1), z.literal(2)]).default(1),
}).superRefine((config, ctx) => {
  if (new Set(config.assessors).size !== config.assessors.length) ctx.addIssue({ code: 'custom', path: ['assessors'], message: 'an assessor is listed twice' });
  if (config.reviewsPerRecord === 2 && config.assessors.length < 2) ctx.addIssue({ code: 'custom', path: ['assessors'], message: 'dual assessment (reviewsPerRecord 2) needs at least two assessors' });
});
export type FulltextConfig = z.infer<typeof FulltextConfigSchema>;

/** One row of stages/fulltext/conflicts.csv (dual assessment): the assessors' latest decisions that disagree. */
export const FulltextConflictSchema = z.object({
  record_id: z.string(),
  kind: z.enum(['decision', 'reason']).describe('decision: the record stays pending; reason: the first assessor\'s reason stands'),
  assessor_a: z.string(),
  decision_a: z.string(),
  reason_a: z.string(),
  assessor_b: z.string(),
  decision_b: z.string(),
  reason_b: z.string(),
});
export type FulltextConflict = z.infer<typeof FulltextConflictSchema>;
export const FULLTEXT_CONFLICT_COLUMNS = ['record_id', 'kind', 'assessor_a', 'decision_a', 'reason_a', 'assessor_b', 'decision_b', 'reason_b'] as const;

/** One row of stages/fulltext/agreement.csv: first-round include/exclude agreement of an assessor pair ("all" × "all": every pair). */
export const FulltextAgreementSchema = z.object({
  a: z.string(),
  b: z.string(),
}).merge(AgreementStatsSchema);
export type FulltextAgreement = z.infer<typeof FulltextAgreementSchema>;
export const FULLTEXT_AGREEMENT_COLUMNS = ['a', 'b', ...AGREEMENT_STATS_COLUMNS] as const;
