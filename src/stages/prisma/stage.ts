import { ARTIFACTS } from '../shared/artifacts.js';
import { defineStage } from '../shared/stage.js';

export const prismaStage = defineStage({
  name: 'prisma',
  about: 'the PRISMA flow counted from the records and decisions, every identity checked',
  needs: [ARTIFACTS.importedRecords, ARTIFACTS.uniqueRecords, ARTIFACTS.screenDecisions, ARTIFACTS.fulltextDecisions, { optional: ARTIFACTS.screenAutomationExcluded }],
  writes: [ARTIFACTS.prismaFlow, ARTIFACTS.recordStates],
  // The title heads the diagram; sources split the arms; every exclusion reason's label names its count.
  reads: ['title', 'sources', 'exclusionReasons'],
  steps: [{ name: 'prisma', run: async ({ paths }) => (await import('./index.js')).runPrisma(paths) }],
});
