import { z } from 'zod';

/**
 * The agreement statistics columns of every agreement.csv (title/abstract screening and full text
 * write the same columns after their own leading ones), computed by src/stages/shared/agreement.ts.
 */
export const AgreementStatsSchema = z.object({
  records: z.number().int().describe('distinct records compared'),
  vote_pairs: z.number().int().describe('pairs of votes compared: one per record and pair of raters (more than records when a record has 3+ raters)'),
  agreed: z.number().int().describe('vote pairs with the same label'),
  percent_agreement: z.number().nullable().describe('100 · agreed / vote_pairs'),
  kappa: z.number().nullable().describe('Cohen\'s kappa; null when undefined (chance agreement is 1)'),
  kappa_ci_low: z.number().nullable(),
  kappa_ci_high: z.number().nullable(),
  ac1: z.number().nullable().describe('Gwet\'s AC1 (robust to prevalence), over `categories`'),
  pabak: z.number().nullable().describe('prevalence- and bias-adjusted kappa, over `categories`'),
  categories: z.string().describe('the decision categories the statistics use, joined with ";": those offered and used (at least two)'),
});
export type AgreementStatsRow = z.infer<typeof AgreementStatsSchema>;
export const AGREEMENT_STATS_COLUMNS = ['records', 'vote_pairs', 'agreed', 'percent_agreement', 'kappa', 'kappa_ci_low', 'kappa_ci_high', 'ac1', 'pabak', 'categories'] as const;
