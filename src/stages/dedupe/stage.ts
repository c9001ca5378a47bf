import { ARTIFACTS } from '../shared/artifacts.js';
import { defineStage } from '../shared/stage.js';

export const dedupeStage = defineStage({
  name: 'dedupe',
  about: 'find duplicate records across sources and keep one merged record for each',
  needs: [ARTIFACTS.importedRecords],
  writes: [ARTIFACTS.uniqueRecords],
  // Source order decides which record of a pair is kept.
  reads: ['sources', 'dedupe'],
  // Reviewers' decisions on uncertain pairs (`review dedupe` hands out the review queue as a sheet).
  alsoReads: ['dedupe'],
  steps: [{ name: 'dedupe', run: async ({ paths }) => (await import('./index.js')).runDedupe(paths) }],
});
