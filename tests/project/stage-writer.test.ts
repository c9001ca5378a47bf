import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, staleFiles } from '../../src/project/manifest.js';
import { ProjectPaths } from '../../src/project/paths.js';
import { sha256 } from '../../src/project/hash.js';
import { commitStage } from '../../src/project/stage-writer.js';
import { StagedFile } from '../../src/project/staged-file.js';
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

  it('renames a staged output into place when it changed, and removes it when it did not', () => {
    const paths = new ProjectPaths(tempDir());
    const stage = (text: string) => {
      const staged = StagedFile.create(paths.stageFile('demo', 'big.jsonl'));
      staged.write(Buffer.from(text.slice(0, 3)));
      staged.write(Buffer.from(text.slice(3)));
      return staged.finish();
    };
    const first = stage('line 1\nline 2\n');
    expect(first.sha256).toBe(sha256('line 1\nline 2\n'));
    expect(commitStage(paths, { stage: 'demo', outputs: [{ name: 'big.jsonl', staged: first }], inputs: [], parameters: {} }).changed).toEqual(['big.jsonl']);
    expect(readFileSync(paths.stageFile('demo', 'big.jsonl'), 'utf8')).toBe('line 1\nline 2\n');
    const same = commitStage(paths, { stage: 'demo', outputs: [{ name: 'big.jsonl', staged: stage('line 1\nline 2\n') }], inputs: [], parameters: {} });
    expect(same.changed).toEqual([]);
    expect(same.manifest.outputs['stages/demo/big.jsonl']).toBe(sha256('line 1\nline 2\n'));
    const other = commitStage(paths, { stage: 'demo', outputs: [{ name: 'big.jsonl', staged: stage('line 1\nline X\n') }], inputs: [], parameters: {} });
    expect(other.archivedTo).toBe('history/demo/1');
    expect(readFileSync(join(paths.history, 'demo', '1', 'big.jsonl'), 'utf8')).toBe('line 1\nline 2\n');
    expect(readdirSync(paths.stage('demo')).sort()).toEqual(['big.jsonl', 'manifest.json']);
  });

  it('a staged file is removed when discarded, and one an interrupted run left is cleaned up', () => {
    const paths = new ProjectPaths(tempDir());
    const target = paths.stageFile('demo', 'big.jsonl');
    const staged = StagedFile.create(target);
    staged.write(Buffer.from('half'));
    staged.discard();
    // Staging made the stage folder, so discarding removes it again.
    expect(existsSync(paths.stage('demo'))).toBe(false);
    mkdirSync(paths.stage('demo'), { recursive: true });
    // A process that no longer runs (pid 2^22 + 1 is above Linux's default pid_max) left this one.
    writeFileSync(join(paths.stage('demo'), '.big.jsonl.4194305.staged'), 'left over');
    StagedFile.create(target).discard();
    expect(readdirSync(paths.stage('demo'))).toEqual([]);
  });
});
