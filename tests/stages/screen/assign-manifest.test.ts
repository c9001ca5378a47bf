/**
 * The screen manifest describes the state of the assignment, not what the last run added: a re-run
 * and a first run on the same inputs write the same manifest (apart from ranAt), so `run --check`
 * stays green after a second `review run`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScreenAssign } from '../../../src/stages/screen/assign.js';
import { screenProject, uniqueRecord, writeUnique } from './fixtures.js';

function manifestWithoutTime(file: string): unknown {
  const { ranAt: _ranAt, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return rest;
}

describe('review screen assign manifest', () => {
  it('is the same after a first run and a re-run on the same inputs; what the run added is only returned', async () => {
    const records = Array.from({ length: 30 }, (_, i) => uniqueRecord(i));
    const paths = screenProject(records);
    const first = await runScreenAssign(paths);
    const once = manifestWithoutTime(paths.manifest('screen'));
    const again = await runScreenAssign(paths);
    expect(manifestWithoutTime(paths.manifest('screen'))).toEqual(once);
    // The news of each run is still told to the person who ran it.
    expect([first.newRecords, first.keptRecords]).toEqual([30, 0]);
    expect([again.newRecords, again.keptRecords]).toEqual([0, 30]);
  });

  it('after records arrive, a re-run describes the same state as the run that allocated them', async () => {
    const paths = screenProject(Array.from({ length: 20 }, (_, i) => uniqueRecord(i)));
    await runScreenAssign(paths);
    writeUnique(paths, Array.from({ length: 26 }, (_, i) => uniqueRecord(i)));
    const second = await runScreenAssign(paths);
    const allocated = manifestWithoutTime(paths.manifest('screen'));
    const third = await runScreenAssign(paths);
    expect(manifestWithoutTime(paths.manifest('screen'))).toEqual(allocated);
    expect([second.newRecords, second.batch, third.newRecords, third.batch]).toEqual([6, 2, 0, 2]);
    expect((allocated as { summary: { assign: unknown } }).summary.assign).toMatchObject({ records: 26, batch: 2, droppedRecords: 0 });
  });
});
