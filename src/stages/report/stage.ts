import { ARTIFACTS } from '../shared/artifacts.js';
import { defineStage } from '../shared/stage.js';

export const reportStage = defineStage({
  name: 'report',
  about: 'the included-sources table, routes, countries, and copies of the summaries and the flow diagram',
  needs: [ARTIFACTS.uniqueRecords, ARTIFACTS.fulltextDecisions, ARTIFACTS.recordStates, { optional: ARTIFACTS.screenAutomationExcluded }, { optional: ARTIFACTS.extraction }, { optional: ARTIFACTS.extractionSummaries }, { optional: ARTIFACTS.prismaFlow }],
  writes: [],
  reads: ['title', 'extraction'],
  steps: [{ name: 'report', run: async ({ paths }) => (await import('./index.js')).runReport(paths) }],
});
