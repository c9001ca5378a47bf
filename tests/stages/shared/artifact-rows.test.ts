/** Reading earlier stages' artifacts: the light unique-record keys (a slim view) and records.jsonl read again by offset. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectPaths } from '../../../src/project/paths.js';
import { UserError } from '../../../src/project/errors.js';
import { ARTIFACTS, importedRecordsWithoutRaw, readArtifact, uniqueRecordKeys } from '../../../src/stages/shared/artifacts.js';
import { ArtifactRowFile } from '../../../src/stages/shared/artifact-row-file.js';
import { tempDir } from '../../helpers/project.js';

function unique(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemaVersion: 1, id, clusterId: `c${id}`, authors: [], issn: [], isbn: [], keywords: [], members: [{ id, source: 'S', file: 'exports/s.ris', index: 0 }], sources: ['S'], firstSource: 'S', title: 'A title', abstract: 'An abstract', ...extra };
}

function imported(id: string, index: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemaVersion: 1, id, authors: [{ family: 'Ng', given: 'Ä.' }], issn: [], isbn: [], keywords: [], provenance: { source: 'S', file: 'exports/s.ris', fileSha256: '0'.repeat(64), format: 'ris', index, line: 1 }, raw: [{ tag: 'TI', value: 'x' }], title: `Title ${index} — ünïcode`, ...extra };
}

function project(stage: string, file: string, lines: string[]): ProjectPaths {
  const paths = new ProjectPaths(tempDir());
  mkdirSync(paths.stage(stage), { recursive: true });
  writeFileSync(join(paths.stage(stage), file), lines.join('\n'));
  return paths;
}

const loadUniqueRecordKeys = (paths: ProjectPaths) => readArtifact(paths, uniqueRecordKeys);
const loadUniqueRecords = (paths: ProjectPaths) => readArtifact(paths, ARTIFACTS.uniqueRecords);

describe('the unique records\' keys view', () => {
  it('gives id, DOI and first source of every unique record, as the whole records have them', () => {
    const paths = project('dedupe', 'unique.jsonl', [JSON.stringify(unique('r1', { doi: '10.1/a' })), '', JSON.stringify(unique('r2')), '']);
    expect(loadUniqueRecordKeys(paths)).toEqual([{ schemaVersion: 1, id: 'r1', doi: '10.1/a', firstSource: 'S' }, { schemaVersion: 1, id: 'r2', firstSource: 'S' }]);
    expect(loadUniqueRecordKeys(paths)).toEqual(loadUniqueRecords(paths).map((r) => (r.doi ? { schemaVersion: r.schemaVersion, id: r.id, doi: r.doi, firstSource: r.firstSource } : { schemaVersion: r.schemaVersion, id: r.id, firstSource: r.firstSource })));
  });

  it('names the file and line of a record whose keys are not valid', () => {
    const paths = project('dedupe', 'unique.jsonl', [JSON.stringify(unique('r1')), JSON.stringify(unique('r2', { firstSource: 7 }))]);
    expect(() => loadUniqueRecordKeys(paths)).toThrow(UserError);
    expect(() => loadUniqueRecordKeys(paths)).toThrow(/stages\/dedupe\/unique\.jsonl:2: not a valid unique record \(firstSource: /);
  });
});

describe('ArtifactRowFile over records.jsonl', () => {
  it('reads any record again by its index, equal to the record the scan visited', () => {
    // Record 2 is longer than the file's read window (1 MB), so reading it grows the window.
    const lines = [0, 1, 2, 3].map((i) => JSON.stringify(imported(`r${i}`, i, i === 2 ? { abstract: 'x'.repeat(1_500_000) } : {})));
    const paths = project('import', 'records.jsonl', ['', ...lines.slice(0, 2), '', ...lines.slice(2)]);
    const visited: unknown[] = [];
    const file = ArtifactRowFile.scan(paths, importedRecordsWithoutRaw, (record, index) => { visited[index] = record; });
    try {
      expect(file.count).toBe(4);
      expect(visited).toEqual(readArtifact(paths, importedRecordsWithoutRaw));
      for (const i of [3, 0, 2, 1, 2, 0, 1, 3]) expect(file.read(i)).toEqual(visited[i]);
    } finally {
      file.close();
    }
  });

  it('refuses to read a record when the file changed under it', () => {
    const paths = project('import', 'records.jsonl', [JSON.stringify(imported('r0', 0)), JSON.stringify(imported('r1', 1))]);
    const file = ArtifactRowFile.scan(paths, importedRecordsWithoutRaw, () => {});
    writeFileSync(paths.stageFile('import', 'records.jsonl'), [JSON.stringify(imported('r9', 0)), JSON.stringify(imported('r1', 1))].join('\n'));
    try {
      expect(() => file.read(0)).toThrow(/changed while it was being read/);
    } finally {
      file.close();
    }
  });
});
