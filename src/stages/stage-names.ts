/**
 * The stages in pipeline order by name, and the steps of `review run` as its help prints them, with
 * no imports: the CLI registers its commands and run's help from these without loading the stage
 * declarations (their artifacts load the zod models, a few hundred ms of every command's start-up).
 * tests/stages/graph.test.ts checks both against the stage graph (src/stages/graph.ts).
 */
export const STAGE_NAMES = ['import', 'dedupe', 'screen', 'fulltext', 'extract', 'prisma', 'report'] as const;

export const RUN_ORDER = 'import, dedupe, screen (assign, collect (all of decisions/screen/), reconcile), fulltext (sheet, collect (all of decisions/fulltext/)), ' +
  'extract (sheet, collect (all of decisions/extract/), summary), prisma, report';
