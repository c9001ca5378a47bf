import { z } from 'zod';
import { BibFieldsSchema, RECORD_SCHEMA_VERSION } from './record.js';

/** One input record absorbed into a unique record: enough to undo any merge. */
export const MemberSchema = z.object({
  id: z.string(),
  source: z.string(),
  file: z.string(),
  index: z.number().int().nonnegative(),
  sourceRecordId: z.string().optional(),
});

/**
 * One line of stages/dedupe/unique.jsonl: the kept record's fields merged with its duplicates'.
 * `id` is the kept member's record id, so a record that had no duplicate keeps its import id.
 * `sources` lists every source it was found in, in review.json order; `firstSource` is the
 * source that found it first (review.json order), which decides its PRISMA arm.
 */
export const UniqueRecordSchema = BibFieldsSchema.extend({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: z.string(),
  clusterId: z.string(),
  members: z.array(MemberSchema).min(1),
  sources: z.array(z.string()).min(1),
  firstSource: z.string(),
});
export type UniqueRecord = z.infer<typeof UniqueRecordSchema>;
