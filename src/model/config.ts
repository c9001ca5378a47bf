import { z } from 'zod';
import { SOURCE_KINDS } from './source-kinds.js';
import { configComment } from './comment.js';
import { ExtractionConfigSchema } from './extraction.js';
import { FulltextConfigSchema } from './fulltext.js';

/** PRISMA 2020 arms: databases/registers vs other methods (hand search enters at full text). */
export const SourceKindSchema = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKindSchema>;

export function armOf(kind: SourceKind): 'databases' | 'other' {
  return kind === 'database' || kind === 'register' ? 'databases' : 'other';
}

/**
 * A source name. Real database names have "&", commas and non-ASCII letters; refused are only what
 * could make a path leave exports/ or break a line: control characters, "/" or "\\", and names of
 * dots only ("." and ".." are folders already). The exports/ folder name is made safe separately.
 */
export const SourceNameSchema = z.string().trim()
  .min(1, 'a source name cannot be empty')
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, 'no control characters, "/" or "\\" in a source name')
  .refine((name) => !/^\.+$/.test(name), 'a source name cannot be only dots');

/**
 * A file of a source: a relative path inside the project folder. Absolute paths and ".." are
 * refused so that a shared review.json can never make the pipeline read files elsewhere.
 */
export const ProjectFileSchema = z.string().min(1).refine(isInsideProject, 'must be a relative path inside the project folder (e.g. exports/psycinfo/search.ris), without ".." or a leading "/"');

export function isInsideProject(path: string): boolean {
  if (/[\u0000-\u001f]/.test(path)) return false;
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return false;
  return !path.split(/[/\\]/).includes('..');
}

export const SourceSchema = z.strictObject({
  $comment: configComment,
  name: SourceNameSchema,
  kind: SourceKindSchema,
  platform: z.string().optional().describe('e.g. EBSCOhost, Ovid, Web of Science'),
  searchDate: z.string().optional().describe('ISO date of the search'),
  query: z.string().optional().describe('the search string as run'),
  files: z.array(ProjectFileSchema).default([]).describe('export files, relative to the project folder (normally under exports/)'),
  format: z.string().optional().describe('force a format plug-in id instead of content sniffing'),
  note: z.string().optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const ScreenerSchema = z.strictObject({
  $comment: configComment,
  id: z.string().min(1).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only (used in file names)'),
  name: z.string().min(1),
  rayyanName: z.string().optional().describe('the name this screener has in Rayyan exports'),
});
export type Screener = z.infer<typeof ScreenerSchema>;

export const AllocationRuleSchema = z.union([
  z.strictObject({ screener: z.string(), share: z.number().gt(0).lte(1) }),
  z.strictObject({ pool: z.array(z.string()).min(1), share: z.number().gt(0).lte(1) }),
]);
export type AllocationRule = z.infer<typeof AllocationRuleSchema>;

export const ScreeningOrderSchema = z.enum(['file', 'random', 'relevance']);
export type ScreeningOrder = z.infer<typeof ScreeningOrderSchema>;

/** Records the team knows to be relevant or not before screening: they train the ranking, and are still screened. */
export const PriorKnowledgeSchema = z.strictObject({
  $comment: configComment,
  relevant: z.array(z.string().trim().min(1)).default([]).describe('record ids (stages/dedupe/unique.jsonl) or DOIs known to be relevant'),
  irrelevant: z.array(z.string().trim().min(1)).default([]).describe('record ids or DOIs known to be irrelevant'),
});
export type PriorKnowledge = z.infer<typeof PriorKnowledgeSchema>;

/** The team's stopping rule: stop once the one-sided bound on recall reaches the target, with this confidence, after at least minScreened records. */
export const StoppingRuleSchema = z.strictObject({
  $comment: configComment,
  targetRecall: z.number().gt(0).lt(1).describe('recall the team must be confident of, e.g. 0.95'),
  confidence: z.number().gt(0).lt(1).default(0.95).describe('confidence of the one-sided bound, e.g. 0.95'),
  minScreened: z.number().int().min(0).default(0).describe('records that must be screened (decided) before the rule can be met'),
});
export type StoppingRule = z.infer<typeof StoppingRuleSchema>;

export const ScreeningConfigSchema = z.strictObject({
  $comment: configComment,
  reviewsPerRecord: z.number().int().min(1).default(2),
  seed: z.string().min(1).default('review'),
  allocation: z.array(AllocationRuleSchema).default([]),
  stratifyBy: z.enum(['none', 'source']).default('none'),
  labels: z.array(z.string()).default(['include', 'exclude', 'maybe']),
  reasons: z.array(z.string()).default([]).describe('optional title/abstract exclusion reason ids'),
  order: ScreeningOrderSchema.optional().describe('(default "file") which records each round hands out: "file" takes them in stages/dedupe/unique.jsonl order (sheet rows as the seeded allocation dealt them, as before ranked screening); "random" a seeded random order; "relevance" the most likely relevant first, re-ranked on the decisions collected before each round'),
  batchSize: z.number().int().positive().optional().describe('records handed out per round (each to reviewsPerRecord screeners); without it one round hands out every record'),
  priorKnowledge: PriorKnowledgeSchema.optional(),
  stoppingRule: StoppingRuleSchema.optional(),
});
export type ScreeningConfig = z.infer<typeof ScreeningConfigSchema>;

export const ExclusionReasonSchema = z.strictObject({
  $comment: configComment,
  id: z.string().min(1),
  label: z.string().min(1),
  stages: z.array(z.enum(['screen', 'fulltext'])).default(['fulltext']),
  description: z.string().optional(),
  original: z.string().optional().describe('the protocol\'s original-language wording, when it gives one'),
});
export type ExclusionReason = z.infer<typeof ExclusionReasonSchema>;

/** The closed, versioned list of exclusion reasons: sheets offer only these, collect accepts only these. */
export const ExclusionReasonsSchema = z.strictObject({
  $comment: configComment,
  version: z.string().default('1'),
  reasons: z.array(ExclusionReasonSchema).default([]),
});
export type ExclusionReasons = z.infer<typeof ExclusionReasonsSchema>;

export const DedupeConfigSchema = z.strictObject({
  $comment: configComment,
  reviewThreshold: z.number().min(0).max(1).optional(),
}).default({});

export const CONFIG_SCHEMA_VERSION = 1;

export const ReviewConfigSchema = z.strictObject({
  $comment: configComment,
  $schema: z.string().optional(),
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION),
  title: z.string().default('Untitled review'),
  sources: z.array(SourceSchema).default([]),
  screeners: z.array(ScreenerSchema).default([]),
  screening: ScreeningConfigSchema.optional(),
  dedupe: DedupeConfigSchema.optional(),
  exclusionReasons: ExclusionReasonsSchema.optional(),
  fulltext: FulltextConfigSchema.optional(),
  extraction: ExtractionConfigSchema.optional(),
});
export type ReviewConfig = z.infer<typeof ReviewConfigSchema>;
/** review.json as written (defaults may be left out). */
export type ReviewConfigInput = z.input<typeof ReviewConfigSchema>;
