import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/project.js';
import { screenProject, uniqueRecord } from './fixtures.js';

describe('review screen (built CLI)', () => {
  it('assigns, rejects a bad sheet with exit 1, collects a CSV sheet, reconciles and exports for Rayyan', () => {
    const paths = screenProject(Array.from({ length: 16 }, (_, i) => uniqueRecord(i)));
    const assign = runCli(['-C', paths.root, '--json', 'screen', 'assign', '--format', 'both']);
    expect(assign.stderr).toContain('allocation invariants: ok');
    expect(assign.code).toBe(0);
    expect(JSON.parse(assign.stdout).invariants.ok).toBe(true);
    for (const f of ['assignments.csv', 'invariants.json', 'sheets/KBA.xlsx', 'sheets/KBA.csv', 'manifest.json']) expect(existsSync(paths.stageFile('screen', f)), f).toBe(true);

    const sheet = readFileSync(paths.stageFile('screen', 'sheets', 'KBA.csv'), 'utf8');
    const bad = join(paths.root, 'KBA-bad.csv');
    writeFileSync(bad, sheet.replace(/\n(r[0-9a-f]{12}),/, '\n$1x,'));
    const rejected = runCli(['-C', paths.root, 'screen', 'collect', bad]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/KBA-bad\.csv \[KBA\] row 2: the id was edited/);
    expect(rejected.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(existsSync(paths.stageFile('screen', 'votes.csv'))).toBe(false);

    const filled = join(paths.root, 'KBA-done.csv');
    writeFileSync(filled, sheet.replace(/,,,,KBA,/g, ',include,,,KBA,'));
    const collected = runCli(['-C', paths.root, 'screen', 'collect', filled]);
    expect(collected.stderr).toMatch(/progress: KBA 16\/16, ON 0\/8/);
    expect(collected.code).toBe(0);

    const reconciled = runCli(['-C', paths.root, '--json', 'screen', 'reconcile']);
    expect(reconciled.code).toBe(0);
    expect(JSON.parse(reconciled.stdout).counts.pending).toBe(16);
    expect(readFileSync(paths.stageFile('screen', 'decisions.csv'), 'utf8')).toBe('record_id,decision,route,reason,screeners,votes,allocation\n');

    const exported = runCli(['-C', paths.root, 'screen', 'export', '--rayyan']);
    expect(exported.code).toBe(0);
    expect(existsSync(join(paths.root, 'outputs', 'rayyan', 'screening.ris'))).toBe(true);
    expect(existsSync(paths.stageFile('screen', 'rayyan'))).toBe(false);
    // Earlier outputs survive the other sub-commands.
    expect(existsSync(paths.stageFile('screen', 'votes.csv'))).toBe(true);
    expect(existsSync(paths.stageFile('screen', 'sheets', 'KBA.xlsx'))).toBe(true);

    expect(runCli(['-C', paths.root, 'screen', 'collect']).code).toBe(2);
  });
});
