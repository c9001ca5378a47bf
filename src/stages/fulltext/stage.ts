import { ARTIFACTS } from '../shared/artifacts.js';
import { defineStage, hasReturnedFiles } from '../shared/stage.js';

export const fulltextStage = defineStage({
  name: 'fulltext',
  about: 'full-text assessment of the records screening forwarded and of other methods\' records',
  needs: [ARTIFACTS.uniqueRecords, ARTIFACTS.screenDecisions],
  writes: [ARTIFACTS.fulltextDecisions],
  reads: ['sources', 'fulltext', 'exclusionReasons.fulltext'],
  returnsInto: 'fulltext',
  steps: [
    { name: 'fulltext sheet', run: async ({ paths }) => (await import('./index.js')).runFulltextSheet(paths) },
    {
      name: 'fulltext collect (all of decisions/fulltext/)',
      waitsFor: 'returned full-text sheets',
      missingInput: ({ paths }) => (hasReturnedFiles(paths, 'decisions/fulltext') ? undefined : 'no returned full-text sheets in decisions/fulltext/'),
      run: async ({ paths }) => (await import('./index.js')).runFulltextCollect(paths),
    },
  ],
});
