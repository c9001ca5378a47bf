import { z } from 'zod';
import { configComment } from './comment.js';

/** How a codebook field is filled in; `single`/`multiple` take values from `values`, `country` from COUNTRY_NAMES. */
export const FieldTypeSchema = z.enum(['text', 'number', 'year', 'single', 'multiple', 'country']);
export type FieldType = z.infer<typeof FieldTypeSchema>;

/** What a field means to the summary (counts and cross-tabulations in `review extract summary`). */
export const FieldRoleSchema = z.enum(['country', 'publication-form', 'design', '5w', 'pillar', 'other']);

/** The separator between values of a multiple-choice (or multi-country) cell: "street spaces; schools". */
export const MULTI_SEPARATOR = '; ';

export const CodebookFieldSchema = z.strictObject({
  $comment: configComment,
  id: z.string().min(1).regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ (used as the sheet column header)'),
  label: z.string().min(1),
  type: FieldTypeSchema,
  values: z.array(z.string().min(1)).default([]).describe('allowed values (single and multiple choice)'),
  multiple: z.boolean().default(false).describe('country fields: allow several countries separated by "; "'),
  required: z.boolean().default(false),
  description: z.string().default(''),
  group: z.string().optional().describe('protocol section the field belongs to (shown in the codebook tab)'),
  role: FieldRoleSchema.optional(),
  originals: z.record(z.string(), z.string()).optional().describe('value (or "label") → the protocol\'s original-language term'),
  groups: z.record(z.string(), z.array(z.string())).optional().describe('value groups counted together in summaries, e.g. peer-reviewed vs grey literature'),
  min: z.number().optional().describe('number/year fields: smallest allowed value'),
  max: z.number().optional().describe('number/year fields: largest allowed value'),
}).superRefine((field, ctx) => {
  const choice = field.type === 'single' || field.type === 'multiple';
  if (choice && field.values.length === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: `field "${field.id}" is ${field.type} choice but lists no values` });
  if (!choice && field.values.length > 0) ctx.addIssue({ code: 'custom', path: ['values'], message: `field "${field.id}" is ${field.type}: only single/multiple choice fields take values` });
  if (new Set(field.values).size !== field.values.length) ctx.addIssue({ code: 'custom', path: ['values'], message: `field "${field.id}" lists a value twice` });
  for (const v of field.values) {
    if (v.includes(';')) ctx.addIssue({ code: 'custom', path: ['values'], message: `value "${v}" of "${field.id}" contains ";", the multi-value separator` });
  }
  for (const [group, members] of Object.entries(field.groups ?? {})) {
    for (const m of members) if (!field.values.includes(m)) ctx.addIssue({ code: 'custom', path: ['groups', group], message: `group "${group}" of "${field.id}" names "${m}", which is not one of its values` });
  }
});
export type CodebookField = z.infer<typeof CodebookFieldSchema>;

/** `extraction` in review.json: the versioned codebook and who extracts. */
export const ExtractionConfigSchema = z.strictObject({
  $comment: configComment,
  version: z.string().min(1).describe('bump whenever fields, types or values change; every extraction row records it'),
  fields: z.array(CodebookFieldSchema).min(1),
  extractors: z.array(z.string().regex(/^[A-Za-z0-9_-]+$/)).default([]).describe('extractor ids; with extractionsPerRecord 2 each gets a sheet of every included source'),
  extractionsPerRecord: z.union([z.literal(1), z.literal(2)]).default(1),
}).superRefine((config, ctx) => {
  const seen = new Set<string>();
  for (const f of config.fields) {
    if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: ['fields'], message: `field id "${f.id}" is used twice` });
    seen.add(f.id);
  }
  if (config.extractionsPerRecord === 2 && config.extractors.length !== 2) {
    ctx.addIssue({ code: 'custom', path: ['extractors'], message: 'dual extraction (extractionsPerRecord 2) needs exactly two extractors' });
  }
});
export type ExtractionConfig = z.infer<typeof ExtractionConfigSchema>;

export const EXTRACTION_SCHEMA_VERSION = 1;

/** A cell value after validation: text, a number, or the chosen values of a multiple field. null = left empty. */
export const ExtractedValueSchema = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);

/**
 * One line of stages/extract/extraction.jsonl: one included source, its extracted values keyed by
 * field id, and the codebook version they were made with.
 */
export const ExtractionRowSchema = z.object({
  schemaVersion: z.literal(EXTRACTION_SCHEMA_VERSION),
  record_id: z.string(),
  codebook_version: z.string(),
  route: z.enum(['databases', 'other']).describe('PRISMA arm: database search or other methods (hand search)'),
  source: z.string(),
  extractors: z.array(z.string()),
  status: z.enum(['extracted', 'discrepant', 'pending']).describe('discrepant: dual extraction disagrees on some field (the first extractor\'s values stand until resolved)'),
  values: z.record(z.string(), ExtractedValueSchema),
  note: z.string().default(''),
});
export type ExtractionRow = z.infer<typeof ExtractionRowSchema>;

/** Fixed leading columns of stages/extract/extraction.csv; the codebook's field ids follow in codebook order. */
export const EXTRACTION_CSV_LEAD_COLUMNS = ['record_id', 'codebook_version', 'route', 'source', 'extractors', 'status'] as const;

/** One row of stages/extract/discrepancies.csv (dual extraction). */
export const ExtractionDiscrepancySchema = z.object({
  record_id: z.string(),
  field: z.string(),
  extractor_a: z.string(),
  value_a: z.string(),
  extractor_b: z.string(),
  value_b: z.string(),
});
export type ExtractionDiscrepancy = z.infer<typeof ExtractionDiscrepancySchema>;
export const EXTRACTION_DISCREPANCY_COLUMNS = ['record_id', 'field', 'extractor_a', 'value_a', 'extractor_b', 'value_b'] as const;
