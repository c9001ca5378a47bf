import type { ProjectPaths } from '../../project/paths.js';
import { readManifest } from '../../project/manifest.js';
import { ARTIFACTS } from '../shared/artifacts.js';
import { defineStage, hasReturnedFiles } from '../shared/stage.js';
import type { SheetFormat } from './assign.js';
import { STOP_FILE, STOP_FOLDER } from './stop.js';

/**
 * The sheet format the project's screeners were given (`review screen assign --format`), as the
 * screen manifest records it: part of the same hand-out record, so a rebuild writes the same sheets.
 */
export function handedOutSheetFormat(origin: ProjectPaths): SheetFormat {
  const assign = readManifest(origin, 'screen')?.parameters.assign as { format?: unknown } | undefined;
  return assign?.format === 'csv' || assign?.format === 'both' ? assign.format : 'xlsx';
}

export const screenStage = defineStage({
  name: 'screen',
  about: 'title/abstract screening: sheets per screener, returned votes, agreement and final decisions',
  needs: [ARTIFACTS.uniqueRecords],
  writes: [ARTIFACTS.screenDecisions, ARTIFACTS.screenAutomationExcluded],
  // Sources decide which records are screened (other methods enter at full text); of the exclusion
  // reasons only the ids tagged for screening reach the sheets.
  reads: ['sources', 'screeners', 'screening', 'exclusionReasons.screen'],
  returnsInto: 'screen',
  // Reconcile reads the resolutions of conflicts; assign and reconcile the team's stop decision (stop.ts).
  alsoReads: ['screenResolutions', `decisions/${STOP_FOLDER}/${STOP_FILE}`],
  steps: [
    {
      name: 'screen assign',
      missingInput: ({ config }) => (config.screening && config.screeners.length ? undefined : 'review.json has no screening set-up (screeners, screening)'),
      run: async ({ paths, origin }) => (await import('./index.js')).runScreenAssign(paths, { format: handedOutSheetFormat(origin) }),
    },
    {
      name: 'screen collect (all of decisions/screen/)',
      waitsFor: 'returned screening sheets',
      missingInput: ({ paths }) => (hasReturnedFiles(paths, 'decisions/screen') ? undefined : 'no returned screening sheets in decisions/screen/'),
      run: async ({ paths }) => (await import('./index.js')).recollectAll(paths),
    },
    { name: 'screen reconcile', run: async ({ paths }) => (await import('./index.js')).runScreenReconcile(paths) },
  ],
});
