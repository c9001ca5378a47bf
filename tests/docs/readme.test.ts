/** README "How the code is laid out": its stage table is the registry's (issue #15). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/project.js';
import { stageTable } from './stage-table.js';

describe('README', () => {
  it('shows the stage graph as the registry declares it', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const table = /<!-- stage-graph: checked by tests\/docs\/readme\.test\.ts -->\n([^]*?)\n<!-- \/stage-graph -->/.exec(readme)?.[1];
    expect(table, 'README.md: the table between the stage-graph markers').toBe(stageTable());
  });
});
