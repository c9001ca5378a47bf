import { z } from 'zod';

/** One row of stages/dedupe/duplicates.csv per input record (columns in this order). */
export const DedupeDuplicateRowSchema = z.object({
  cluster_id: z.string(),
  record_id: z.string(),
  source: z.string(),
  source_record_id: z.string().default(''),
  kept: z.enum(['true', 'false']).describe('true for the member kept as the unique record'),
  rule: z.string().describe('rule of the link that joined the record to its cluster; empty for a record without duplicates'),
  score: z.string().describe('overall similarity of that link (0–1); empty without duplicates'),
});
export type DedupeDuplicateRow = z.infer<typeof DedupeDuplicateRowSchema>;
export const DEDUPE_DUPLICATE_COLUMNS = ['cluster_id', 'record_id', 'source', 'source_record_id', 'kept', 'rule', 'score'] as const;

/** One row of stages/dedupe/pairs.csv: a compared pair of records and why it was decided so. */
export const DedupePairRowSchema = z.object({
  a: z.string().describe('record id (the earlier record in the import)'),
  b: z.string(),
  decision: z.enum(['same', 'different', 'uncertain']),
  rule: z.string().describe('veto-* for a trap, reviewer for a decision from decisions/dedupe/, else the matching rule'),
  score: z.string(),
  merged: z.enum(['true', 'false']).describe('the two records ended in one cluster'),
  title: z.string().describe('title similarity (Levenshtein, 0–1)'),
  title_words: z.string(),
  authors: z.string(),
  first_author: z.string(),
  year_diff: z.string(),
  journal: z.string(),
  volume: z.string(),
  issue: z.string(),
  pages: z.string(),
  doi: z.string(),
  abstract: z.string(),
});
export type DedupePairRow = z.infer<typeof DedupePairRowSchema>;
export const DEDUPE_PAIR_COLUMNS = ['a', 'b', 'decision', 'rule', 'score', 'merged', 'title', 'title_words', 'authors', 'first_author', 'year_diff', 'journal', 'volume', 'issue', 'pages', 'doi', 'abstract'] as const;

/** One row of stages/dedupe/sources.csv: what each source contributed (PRISMA identification). */
export const DedupeSourceRowSchema = z.object({
  source: z.string(),
  records: z.coerce.number().int(),
  within_source_duplicates: z.coerce.number().int().describe('records that repeat another record of the same source (per cluster: members from this source − 1)'),
  duplicates_removed: z.coerce.number().int().describe('records of this source not kept (their cluster kept another member)'),
  unique_records: z.coerce.number().int().describe('clusters with at least one member from this source'),
  first_source: z.coerce.number().int().describe('unique records whose firstSource is this source'),
  only_in_source: z.coerce.number().int().describe('unique records found in this source alone (its unique contribution)'),
});
export const DEDUPE_SOURCE_COLUMNS = ['source', 'records', 'within_source_duplicates', 'duplicates_removed', 'unique_records', 'first_source', 'only_in_source'] as const;

/** One row of stages/dedupe/overlap.csv: unique records found in both sources. */
export const DedupeOverlapRowSchema = z.object({
  source_a: z.string(),
  source_b: z.string(),
  shared: z.coerce.number().int(),
});
export const DEDUPE_OVERLAP_COLUMNS = ['source_a', 'source_b', 'shared'] as const;
