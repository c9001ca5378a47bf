import { z } from 'zod';

/**
 * The state each imported record has reached, in pipeline order. A record has exactly one; the
 * PRISMA boxes are counts of records in a set of states (RECORD_STATE_BOXES says which).
 * - duplicate: dedupe merged it into a unique record that another record stands for (`unique_id`)
 * - awaiting-dedupe: imported after the last `review dedupe` (in no unique record)
 * - awaiting-screening: a unique database-arm record without a title/abstract decision
 * - excluded-automation: left unscreened when the team stopped screening by its stopping rule (`reason` is the rule)
 * - excluded-screening: excluded at title/abstract (`reason`: the reason id, when recorded)
 * - awaiting-fulltext: forwarded to full text (or found by other methods), no full-text row yet
 * - awaiting-retrieval: sought for retrieval, neither retrieved nor marked not retrieved
 * - not-retrieved: sought, could not be retrieved
 * - awaiting-decision: retrieved (assessed), no decision yet
 * - excluded-fulltext: excluded at full text (`reason`: the full-text reason id)
 * - included
 */
export const RECORD_STATES = [
  'duplicate', 'awaiting-dedupe', 'awaiting-screening', 'excluded-automation', 'excluded-screening', 'awaiting-fulltext',
  'awaiting-retrieval', 'not-retrieved', 'awaiting-decision', 'excluded-fulltext', 'included',
] as const;
export const RecordStateSchema = z.enum(RECORD_STATES);
export type RecordState = z.infer<typeof RecordStateSchema>;

/**
 * One row of stages/prisma/record-states.csv (columns in this order): one per imported record, in
 * stages/import/records.jsonl order, databases and other methods alike. `decided_by` and `line` name
 * the stage file and line that put the record in its state (for an awaiting state: the file that
 * brought it there).
 */
export const RecordStateRowSchema = z.object({
  record_id: z.string().describe('imported record id (stages/import/records.jsonl)'),
  source: z.string(),
  arm: z.enum(['databases', 'other']).describe('PRISMA arm of the record\'s own source'),
  state: RecordStateSchema,
  unique_id: z.string().describe('the unique record it belongs to (for a duplicate: the one it is a duplicate of); empty when awaiting dedupe'),
  reason: z.string().default('').describe('exclusion reason id (title/abstract or full text), or the stopping rule for excluded-automation'),
  decided_by: z.string().describe('project-relative path of the stage file that decided the state'),
  line: z.coerce.number().int().positive().describe('line of that file (JSON lines: the line; CSV: the line the row starts on)'),
});
export type RecordStateRow = z.infer<typeof RecordStateRowSchema>;
export const RECORD_STATE_COLUMNS = ['record_id', 'source', 'arm', 'state', 'unique_id', 'reason', 'decided_by', 'line'] as const;

/**
 * The states behind each PRISMA box of an arm, so that a box is the count of record-states rows of
 * that arm in these states (screened only in the databases arm). Boxes after deduplication count
 * unique records: each stands for itself in exactly one row of its arm.
 */
export const RECORD_STATE_BOXES = {
  identified: RECORD_STATES,
  duplicates: ['duplicate'],
  excludedAutomation: ['excluded-automation'],
  screened: ['excluded-screening', 'awaiting-fulltext', 'awaiting-retrieval', 'not-retrieved', 'awaiting-decision', 'excluded-fulltext', 'included'],
  excludedScreening: ['excluded-screening'],
  sought: ['awaiting-retrieval', 'not-retrieved', 'awaiting-decision', 'excluded-fulltext', 'included'],
  notRetrieved: ['not-retrieved'],
  awaitingRetrieval: ['awaiting-retrieval'],
  assessed: ['awaiting-decision', 'excluded-fulltext', 'included'],
  excluded: ['excluded-fulltext'],
  pending: ['awaiting-decision'],
  included: ['included'],
} as const satisfies Record<string, readonly RecordState[]>;
