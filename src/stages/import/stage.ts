import { existsSync } from 'node:fs';
import { ARTIFACTS } from '../shared/artifacts.js';
import { defineStage } from '../shared/stage.js';

export const importStage = defineStage({
  name: 'import',
  about: 'parse every export declared in review.json into one record per line',
  needs: [],
  writes: [ARTIFACTS.importedRecords],
  reads: ['sources'],
  steps: [{
    name: 'import',
    missingInput: ({ config }) => (config.sources.some((s) => s.files.length) ? undefined : 'review.json declares no export files'),
    // buildImport + writeImport: the two halves of `review import` without copying files in.
    run: async ({ paths, config }) => {
      const { buildImport, writeImport } = await import('./index.js');
      return writeImport(paths, config, await buildImport(paths, config));
    },
  }],
  pending: (paths, config, manifest) => {
    const declared = config.sources.flatMap((s) => s.files);
    const inputs = Object.keys(manifest.inputs).filter((f) => !f.startsWith('review.json'));
    return [
      ...declared.filter((f) => !(f in manifest.inputs)).map((f) => `declared but not imported: ${f}`),
      ...inputs.filter((f) => !declared.includes(f) && existsSync(paths.abs(f))).map((f) => `imported but no longer declared: ${f}`),
    ];
  },
});
