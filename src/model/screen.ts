import { z } from 'zod';

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
});
export type ScreenDecision = z.infer<typeof ScreenDecisionSchema>;
export const SCREEN_DECISION_COLUMNS = ['record_id', 'decision', 'route', 'reason', 'screeners', 'votes'] as const;
