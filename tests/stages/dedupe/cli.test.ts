/** End to end with the built CLI: init → import a small real CSV → dedupe → review sheet round trip. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { recordsCsv } from '../../../bench/dedupe-data.js';
import { runCli, tempDir } from '../../helpers/project.js';

const OUTPUTS = ['unique.jsonl', 'duplicates.csv', 'pairs.csv', 'sources.csv', 'overlap.csv', 'review-pairs.xlsx', 'field-decisions.csv'];

function smallCsv(dir: string, rows: number): string {
  const lines = readFileSync(recordsCsv('haematology'), 'utf8').split('\n');
  const file = join(dir, 'haematology-small.csv');
  writeFileSync(file, `${lines.slice(0, rows + 1).join('\n')}\n`);
  return file;
}

async function decide(sheet: string, target: string, value: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(sheet) as unknown as ArrayBuffer);
  const ws = book.getWorksheet('pairs')!;
  ws.getRow(2).getCell(1).value = value;
  writeFileSync(target, Buffer.from(await book.xlsx.writeBuffer()));
}

describe('review dedupe (built CLI)', () => {
  it('writes the outputs, re-runs byte-identically, and applies a returned review sheet', async () => {
    const dir = tempDir();
    const project = join(dir, 'p');
    expect(runCli(['init', project, '-q']).code).toBe(0);
    const imp = runCli(['-C', project, '-q', 'import', smallCsv(dir, 60), '--source', 'Embase', '--kind', 'database', '--format', 'generic-csv']);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);

    const first = runCli(['-C', project, '--json', 'dedupe']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ records: 60, unique: 30, reviewQueue: 1 });
    expect(summary.sources[0]).toMatchObject({ source: 'Embase', records: 60, duplicates_removed: 30 });
    const stage = join(project, 'stages', 'dedupe');
    const before = OUTPUTS.map((f) => readFileSync(join(stage, f)));
    const duplicates = readFileSync(join(stage, 'duplicates.csv'), 'utf8').split('\n');
    expect(duplicates[0]).toBe('cluster_id,record_id,source,source_record_id,kept,rule,score');
    expect(duplicates.filter(Boolean)).toHaveLength(61);
    const manifest = JSON.parse(readFileSync(join(stage, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.outputs)).toHaveLength(OUTPUTS.length);
    expect(manifest.summary.reviewQueue).toBe(1);
    const fieldDecisions = readFileSync(join(stage, 'field-decisions.csv'), 'utf8').split('\n').filter(Boolean);
    expect(fieldDecisions[0]).toBe('source,field,records,present,distinct,decision,reason');
    expect(fieldDecisions.slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['Embase volume', 'Embase issue', 'Embase pages', 'Embase year', 'Embase journal', 'Embase doi']);

    expect(runCli(['-C', project, '-q', 'dedupe']).code).toBe(0);
    OUTPUTS.forEach((f, i) => expect(readFileSync(join(stage, f)).equals(before[i]!), f).toBe(true));

    mkdirSync(join(project, 'decisions', 'dedupe'), { recursive: true });
    await decide(join(stage, 'review-pairs.xlsx'), join(project, 'decisions', 'dedupe', 'pairs-1.xlsx'), 'same');
    const applied = JSON.parse(runCli(['-C', project, '--json', 'dedupe']).stdout);
    expect(applied).toMatchObject({ unique: 29, reviewQueue: 0, decisions: { applied: 1, stale: [] } });
    const again = runCli(['-C', project, '--json', 'dedupe']);
    expect(JSON.parse(again.stdout)).toMatchObject({ unique: 29, reviewQueue: 0, changed: [] });

    // A new export replaces the old one: record ids change, the old sheet's pair no longer exists.
    const imp2 = runCli(['-C', project, '-q', 'import', smallCsv(join(dir), 59), '--source', 'Embase', '--format', 'generic-csv', '--replace']);
    expect(imp2.code).toBe(0);
    const stale = runCli(['-C', project, '--json', 'dedupe']);
    const staleSummary = JSON.parse(stale.stdout);
    expect(staleSummary.decisions.applied).toBe(0);
    expect(staleSummary.decisions.stale).toHaveLength(1);
    expect(stale.stderr).toContain('not applied: decisions/dedupe/pairs-1.xlsx row 2');
  });

  it('explains itself with --help', () => {
    const r = runCli(['dedupe', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });
});
