/**
 * Returned sheets are read in the order decisions were made: a sheet put into decisions/screen/ by
 * hand (as the shipped example has them) comes before the copies `collect` numbers, so a correction
 * collected later still wins when votes.csv is rebuilt (`review run`, `collect --rebuild`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScreenAssign } from '../../../src/stages/screen/assign.js';
import { latestVotes, readVotes, recollectAll, runScreenCollect, votesPath } from '../../../src/stages/screen/collect.js';
import { inCollectionOrder } from '../../../src/project/returned-files.js';
import { screenProject, uniqueRecord } from './fixtures.js';

describe('collection order of returned files', () => {
  it('puts files placed by hand first (by name), then the numbered copies collect made, by number', () => {
    expect(inCollectionOrder(['KBA.xlsx', '0002-KBA.xlsx', 'DvH.xlsx', '0010_ON.csv', '0001_KBA.csv', '2024 results.xlsx']))
      .toEqual(['2024 results.xlsx', 'DvH.xlsx', 'KBA.xlsx', '0001_KBA.csv', '0002-KBA.xlsx', '0010_ON.csv']);
  });

  it('a correction collected after a hand-placed sheet wins, in collect and in the rebuild alike', async () => {
    const paths = screenProject(Array.from({ length: 12 }, (_, i) => uniqueRecord(i)));
    await runScreenAssign(paths, { format: 'csv' });
    const sheet = readFileSync(paths.stageFile('screen', 'sheets', 'KBA.csv'), 'utf8');
    mkdirSync(join(paths.decisions, 'screen'), { recursive: true });
    writeFileSync(join(paths.decisions, 'screen', 'KBA.csv'), sheet.replace(/,,,,KBA,/g, ',exclude,,,KBA,'));
    await recollectAll(paths);
    const first = uniqueRecord(0).id;
    const corrected = join(paths.root, 'KBA-corrected.csv');
    writeFileSync(corrected, sheet.replace(/,,,,KBA,/g, ',exclude,,,KBA,').replace(new RegExp(`^(${first},.*),exclude,,,KBA,`, 'm'), '$1,include,,,KBA,'));
    const summary = await runScreenCollect(paths, [corrected]);
    // The copy is named as every stage names them (src/project/returned-files.ts): number, "-", the file's name.
    expect(summary.files.map((f) => f.storedAs)).toEqual(['decisions/screen/0001-KBA-corrected.csv']);
    const collected = readFileSync(votesPath(paths), 'utf8');
    expect(latestVotes(readVotes(paths)).get(`${first}\u0000KBA`)?.decision).toBe('include');
    await recollectAll(paths);
    expect(readFileSync(votesPath(paths), 'utf8')).toBe(collected);
    expect(latestVotes(readVotes(paths)).get(`${first}\u0000KBA`)?.decision).toBe('include');
  });
});
