/**
 * A project made by an earlier version kept its Rayyan export in stages/screen/rayyan/ (and an
 * "export" part in the manifest), which no rebuild makes. The next screen commit stops keeping it:
 * the files move to history/, and the manifest describes only what a rebuild writes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../src/project/manifest.js';
import { runScreenAssign } from '../../../src/stages/screen/assign.js';
import { commitScreen } from '../../../src/stages/screen/commit.js';
import { screenProject, uniqueRecord } from './fixtures.js';

describe('screen outputs of earlier versions', () => {
  it('a Rayyan export left in stages/screen/rayyan/ goes to history/ at the next screen commit', async () => {
    const paths = screenProject(Array.from({ length: 8 }, (_, i) => uniqueRecord(i)));
    await runScreenAssign(paths);
    // What `screen export --rayyan` used to write.
    commitScreen(paths, 'export', [{ name: 'rayyan/screening.ris', content: 'TY  - JOUR\nER  - \n' }], [paths.config], { rayyan: true }, { records: 1 });
    expect(existsSync(paths.stageFile('screen', 'rayyan', 'screening.ris'))).toBe(true);
    await runScreenAssign(paths);
    expect(existsSync(paths.stageFile('screen', 'rayyan'))
      ? readdirSync(paths.stageFile('screen', 'rayyan')) : []).toEqual([]);
    const manifest = readManifest(paths, 'screen');
    expect(Object.keys(manifest?.parameters ?? {})).toEqual(['assign']);
    // The stage-wide `progress` summary stays; the retired `export` part is gone.
    expect(Object.keys(manifest?.summary ?? {}).filter((k) => k !== 'progress')).toEqual(['assign']);
    expect(Object.keys(manifest?.outputs ?? {}).filter((o) => o.includes('rayyan'))).toEqual([]);
    const history = join(paths.history, 'screen');
    const kept = readdirSync(history).map((n) => join(history, n, 'rayyan', 'screening.ris')).filter((f) => existsSync(f));
    expect(kept.map((f) => readFileSync(f, 'utf8'))).toEqual(['TY  - JOUR\nER  - \n']);
  });
});
