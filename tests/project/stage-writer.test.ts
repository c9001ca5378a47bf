import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, staleFiles } from '../../src/project/manifest.js';
import { ProjectPaths } from '../../src/project/paths.js';
import { commitStage } from '../../src/project/stage-writer.js';
import { tempDir } from '../helpers/project.js';

describe('commitStage', () => {
  it('writes outputs and a manifest with hashes; unchanged re-runs keep bytes and archive nothing', () => {
    const paths = new ProjectPaths(tempDir());
    const commit = { stage: 'demo', outputs: [{ name: 'a.csv', content: 'x\n1\n' }], inputs: [], parameters: { k: 1 } };
    const first = commitStage(paths, commit);
    expect(first.changed).toEqual(['a.csv']);
    expect(readFileSync(paths.stageFile('demo', 'a.csv'), 'utf8')).toBe('x\n1\n');
    expect(Object.keys(first.manifest.outputs)).toEqual(['stages/demo/a.csv']);
    const second = commitStage(paths, commit);
    expect(second.changed).toEqual([]);
    expect(existsSync(paths.history)).toBe(false);
  });

  it('archives the previous outputs to history/<stage>/<n>/ when they change, and drops files no longer produced', () => {
    const paths = new ProjectPaths(tempDir());
    commitStage(paths, { stage: 'demo', outputs: [{ name: 'a.csv', content: 'v1\n' }, { name: 'old.csv', content: 'o\n' }], inputs: [], parameters: {} });
    const r = commitStage(paths, { stage: 'demo', outputs: [{ name: 'a.csv', content: 'v2\n' }], inputs: [], parameters: {} });
    expect(r.archivedTo).toBe('history/demo/1');
    expect(readFileSync(join(paths.history, 'demo', '1', 'a.csv'), 'utf8')).toBe('v1\n');
    expect(existsSync(paths.stageFile('demo', 'old.csv'))).toBe(false);
    expect(readdirSync(join(paths.history, 'demo', '1')).sort()).toEqual(['a.csv', 'manifest.json', 'old.csv']);
  });

  it('reports a stage stale when an output is edited by hand', () => {
    const paths = new ProjectPaths(tempDir());
    commitStage(paths, { stage: 'demo', outputs: [{ name: 'a.csv', content: 'v1\n' }], inputs: [], parameters: {} });
    const manifest = readManifest(paths, 'demo')!;
    expect(staleFiles(paths, manifest)).toEqual([]);
    writeFileSync(paths.stageFile('demo', 'a.csv'), 'edited\n');
    expect(staleFiles(paths, manifest)).toEqual(['stages/demo/a.csv']);
  });
});
