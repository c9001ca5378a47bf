import { z } from 'zod';

/**
 * One row of stages/fulltext/decisions.csv (columns in this order): every record that reached full
 * text, from databases (forwarded by screening) or from other methods (hand search enters here).
 * `decision` is pending until someone decided; `reason` is an exclusion reason id from review.json
 * (required when excluded).
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
