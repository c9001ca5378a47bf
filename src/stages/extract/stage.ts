import { ARTIFACTS } from '../shared/artifacts.js';
import { defineStage, hasReturnedFiles } from '../shared/stage.js';

export const extractStage = defineStage({
  name: 'extract',
  about: 'data extraction from the included sources against the codebook, and its 5W summaries',
  needs: [ARTIFACTS.uniqueRecords, ARTIFACTS.fulltextDecisions],
  writes: [ARTIFACTS.extraction, ARTIFACTS.extractionSummaries],
  reads: ['extraction'],
  returnsInto: 'extract',
  steps: [
    {
      name: 'extract sheet',
      missingInput: ({ config }) => (config.extraction ? undefined : 'review.json has no extraction codebook'),
      run: async ({ paths }) => (await import('./index.js')).runExtractSheet(paths),
    },
    {
      name: 'extract collect (all of decisions/extract/)',
      waitsFor: 'returned extraction sheets',
      missingInput: ({ paths }) => (hasReturnedFiles(paths, 'decisions/extract') ? undefined : 'no returned extraction sheets in decisions/extract/'),
      run: async ({ paths }) => (await import('./index.js')).runExtractCollect(paths),
    },
    { name: 'extract summary', run: async ({ paths }) => (await import('./index.js')).runExtractSummary(paths) },
  ],
});
