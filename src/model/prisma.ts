import { z } from 'zod';
import { SourceKindSchema } from './config.js';

export const PRISMA_SCHEMA_VERSION = 1;

/** A count behind one line of a box: a source, a source category or an exclusion reason. */
export const PrismaCountSchema = z.object({
  id: z.string().describe('source name, source kind or exclusion reason id'),
  label: z.string(),
  n: z.number().int().nonnegative(),
});
export type PrismaCount = z.infer<typeof PrismaCountSchema>;

export const PrismaSourceCountSchema = PrismaCountSchema.extend({ kind: SourceKindSchema });
export type PrismaSourceCount = z.infer<typeof PrismaSourceCountSchema>;

/**
 * One arm of the PRISMA 2020 diagram. The other-methods arm has no title/abstract screening, so its
 * `screened` and `excludedScreening` are null. Every number is computed from stage outputs.
 */
export const PrismaArmSchema = z.object({
  identified: z.number().int().nonnegative().describe('imported records whose source is in this arm'),
  identifiedBySource: z.array(PrismaSourceCountSchema).describe('per database / per other-methods source, review.json order'),
  identifiedByKind: z.array(PrismaCountSchema).describe('per source kind (databases, registers, websites, organisations, citation searching, experts, other)'),
  duplicates: z.number().int().nonnegative().describe('imported records of this arm that dedupe merged away'),
  duplicatesOfOtherArm: z.number().int().nonnegative().describe('part of `duplicates`: records merged into a unique record whose first source is in the other arm'),
  excludedAutomation: z.number().int().nonnegative().optional().describe('databases arm, after the team stopped screening by its stopping rule: records never screened, "marked as ineligible by automation tools" (stages/screen/automation-excluded.csv)'),
  screened: z.number().int().nonnegative().nullable(),
  excludedScreening: z.number().int().nonnegative().nullable(),
  excludedScreeningByReason: z.array(PrismaCountSchema).describe('title/abstract reasons, where screeners recorded one; "(none recorded)" counts the rest'),
  sought: z.number().int().nonnegative(),
  notRetrieved: z.number().int().nonnegative(),
  awaitingRetrieval: z.number().int().nonnegative().describe('sought, neither retrieved nor marked not retrieved, no decision yet'),
  assessed: z.number().int().nonnegative(),
  excluded: z.number().int().nonnegative(),
  excludedByReason: z.array(PrismaCountSchema).describe('full-text exclusion reasons, review.json order; unknown or missing reasons break the "reasons" identity'),
  pending: z.number().int().nonnegative().describe('retrieved but not yet decided'),
  included: z.number().int().nonnegative(),
});
export type PrismaArm = z.infer<typeof PrismaArmSchema>;

export const PrismaCheckSchema = z.object({
  id: z.string().describe('e.g. databases.screening: which identity'),
  identity: z.string().describe('the identity in words, e.g. "identified − duplicates = screened"'),
  expected: z.number().int().describe('left-hand side, computed from the earlier boxes'),
  actual: z.number().int().describe('right-hand side, counted from the stage output it names'),
  ok: z.boolean(),
  detail: z.string().default('').describe('on failure: the numbers and up to ten record ids that differ'),
});
export type PrismaCheck = z.infer<typeof PrismaCheckSchema>;

/** How the records "marked as ineligible by automation tools" were set aside: the stopping rule and its figures. */
export const PrismaAutomationSchema = z.object({
  records: z.number().int().nonnegative(),
  method: z.string().describe('the ranking and the stopping test, in words'),
  order: z.string().describe('screening order of the rounds: file, random or relevance'),
  stoppedAfterRound: z.number().int().positive(),
  targetRecall: z.number(),
  confidence: z.number(),
  minScreened: z.number().int(),
  screened: z.number().int().describe('records decided on title/abstract when the figures were computed'),
  relevantFound: z.number().int(),
  estimatedRemaining: z.number(),
  recallBound: z.number().describe('one-sided lower confidence bound on recall'),
  ruleMet: z.boolean().describe('false when the team stopped before the rule was met'),
});
export type PrismaAutomation = z.infer<typeof PrismaAutomationSchema>;

/** stages/prisma/flow.json: the PRISMA 2020 / PRISMA-ScR flow with every identity checked. */
export const PrismaFlowSchema = z.object({
  schemaVersion: z.literal(PRISMA_SCHEMA_VERSION),
  title: z.string(),
  databases: PrismaArmSchema,
  other: PrismaArmSchema,
  included: z.object({
    studies: z.number().int().nonnegative().describe('one included record is one study: the model has no study grouping of reports'),
    reports: z.number().int().nonnegative(),
    databases: z.number().int().nonnegative(),
    other: z.number().int().nonnegative(),
  }),
  automation: PrismaAutomationSchema.optional().describe('present when title/abstract screening was stopped by the team\'s stopping rule'),
  checks: z.array(PrismaCheckSchema),
});
export type PrismaFlow = z.infer<typeof PrismaFlowSchema>;
