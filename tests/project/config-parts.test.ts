/** A stage's manifest names the parts of review.json it read, not the whole file (issue #15). */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configInputs, configPartHash } from '../../src/project/config-parts.js';
import { readManifest, staleFiles } from '../../src/project/manifest.js';
import { ProjectPaths } from '../../src/project/paths.js';
import { commitStage } from '../../src/project/stage-writer.js';
import { tempDir } from '../helpers/project.js';

function project(config: Record<string, unknown>): ProjectPaths {
  const paths = new ProjectPaths(tempDir('review-parts-'));
  writeFileSync(paths.config, JSON.stringify(config));
  return paths;
}

describe('parts of review.json among a stage manifest’s inputs', () => {
  const config = { schemaVersion: 1, title: 'T', sources: [{ name: 'A', kind: 'database', files: [] }], extraction: { version: '1', fields: [] } };

  it('are hashed as parts; the whole review.json is left out, even when a merged earlier manifest lists it', () => {
    const paths = project(config);
    const commit = commitStage(paths, { stage: 'demo', outputs: [{ name: 'a.csv', content: 'x\n' }], inputs: [paths.config, ...configInputs(paths, ['sources'])], parameters: {} });
    expect(commit.manifest.inputs).toEqual({ 'review.json#sources': configPartHash(config, 'sources') });
  });

  it('make the stage stale only when a part it read changes', () => {
    const paths = project(config);
    commitStage(paths, { stage: 'demo', outputs: [{ name: 'a.csv', content: 'x\n' }], inputs: configInputs(paths, ['sources', 'title']), parameters: {} });
    const manifest = readManifest(paths, 'demo')!;
    writeFileSync(paths.config, JSON.stringify({ ...config, extraction: { version: '2', fields: [{ id: 'f' }] } }, null, 2));
    expect(staleFiles(paths, manifest)).toEqual([]);
    writeFileSync(paths.config, JSON.stringify({ ...config, title: 'Another title' }));
    expect(staleFiles(paths, manifest)).toEqual(['review.json#title']);
  });

  it('a manifest of an earlier version (the whole review.json hashed) is stale on any edit, as it was', () => {
    const paths = project(config);
    commitStage(paths, { stage: 'demo', outputs: [], inputs: [paths.config], parameters: {} });
    const manifest = readManifest(paths, 'demo')!;
    expect(Object.keys(manifest.inputs)).toEqual(['review.json']);
    writeFileSync(paths.config, JSON.stringify({ ...config, title: 'Another title' }));
    expect(staleFiles(paths, manifest)).toEqual(['review.json']);
  });
});
