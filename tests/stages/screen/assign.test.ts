import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/sheets/csv.js';
import { readWorkbook } from '../../../src/sheets/xlsx.js';
import { readAssignments } from '../../../src/stages/screen/assignments.js';
import { runScreenAssign } from '../../../src/stages/screen/assign.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { screenProject, uniqueRecord, writeUnique } from './fixtures.js';

describe('review screen assign', () => {
  it('stops on a unique record it cannot read (its records are read again for the sheets), naming file and line, and writes nothing', async () => {
    const records = Array.from({ length: 12 }, (_, i) => uniqueRecord(i));
    const paths = screenProject(records);
    const file = paths.stageFile('dedupe', 'unique.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[6] = JSON.stringify({ ...JSON.parse(lines[6]!), title: 42 });
    writeFileSync(file, lines.join('\n'));
    await expect(runScreenAssign(paths, { format: 'both' })).rejects.toThrow(/stages\/dedupe\/unique\.jsonl:7: not a valid unique record \(title: .*review dedupe/);
    // Not even an empty stages/screen/ (the sheets were being staged in stages/screen/sheets/).
    expect(existsSync(paths.stage('screen'))).toBe(false);
  });

  it('writes byte-identical sheets for the same inputs in another project folder', async () => {
    const records = Array.from({ length: 60 }, (_, i) => uniqueRecord(i));
    const a = screenProject(records);
    const b = screenProject(records);
    await runScreenAssign(a, { format: 'both' });
    await runScreenAssign(b, { format: 'both' });
    for (const f of ['assignments.csv', 'invariants.json', 'assignment.json', 'sheets/KBA.xlsx', 'sheets/DvH.xlsx', 'sheets/ON.csv']) {
      expect(readFileSync(a.stageFile('screen', f)).equals(readFileSync(b.stageFile('screen', f))), f).toBe(true);
    }
  });

  it('writes blind sheets with the assignment hash in _meta and the instructions, and skips hand-search records', async () => {
    const records = [...Array.from({ length: 20 }, (_, i) => uniqueRecord(i)), uniqueRecord(99, { firstSource: 'Hand search', sources: ['Hand search'] })];
    const paths = screenProject(records);
    const summary = await runScreenAssign(paths);
    expect(summary.records).toBe(20);
    expect(summary.skippedOtherMethods).toBe(1);
    expect(summary.invariants.ok).toBe(true);
    const wb = await readWorkbook(readFileSync(paths.stageFile('screen', 'sheets', 'KBA.xlsx')));
    expect(wb.meta.get('assignmentHash')).toBe(summary.assignmentHash);
    expect(wb.meta.get('screener')).toBe('KBA');
    const sheet = wb.sheets.find((s) => s.name === 'Screening');
    expect(sheet?.header).toEqual(['id', 'title', 'abstract', 'authors', 'year', 'journal', 'doi', 'decision', 'reason', 'note']);
    expect(sheet?.rows).toHaveLength(20);
    expect(sheet?.rows.every((r) => r.values.get('decision') === '')).toBe(true);
    const instructions = wb.sheets.find((s) => s.name === 'Instructions');
    expect(instructions?.rows.flatMap((r) => [...r.values.values()]).join('\n')).toContain(summary.assignmentHash);
    const xml = await (await JSZip.loadAsync(readFileSync(paths.stageFile('screen', 'sheets', 'KBA.xlsx')))).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toMatch(/<dataValidation[^>]*type="list"[^>]*sqref="H2:H21"|sqref="H2:H21"[^>]*type="list"/);
    expect(xml).toMatch(/<sheetProtection/);
  });

  it('writes a title starting with =HYPERLINK( as text in every xlsx and CSV sheet', async () => {
    const evil = '=HYPERLINK("http://evil.example","click me")';
    const paths = screenProject([uniqueRecord(1, { title: evil }), ...Array.from({ length: 7 }, (_, i) => uniqueRecord(i + 2))]);
    await runScreenAssign(paths, { format: 'both' });
    for (const id of ['KBA', 'ON', 'SS', 'LEB', 'MRJ', 'DvH']) {
      const xlsx = readFileSync(paths.stageFile('screen', 'sheets', `${id}.xlsx`));
      const zip = await JSZip.loadAsync(xlsx);
      expect(await zip.file('xl/worksheets/sheet1.xml')!.async('string')).not.toMatch(/<f>/);
      const csv = readFileSync(paths.stageFile('screen', 'sheets', `${id}.csv`), 'utf8');
      expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
      const rows = readCsv(csv).rows.filter((r) => r.values.get('id') === uniqueRecord(1).id);
      const inXlsx = (await readWorkbook(xlsx)).sheets[0]!.rows.filter((r) => r.values.get('id') === uniqueRecord(1).id);
      expect(rows.length).toBe(inXlsx.length);
      for (const r of [...rows, ...inXlsx]) expect(r.values.get('title')).toBe(evil);
      if (rows.length) expect(csv).toContain(`'=HYPERLINK`);
    }
  });

  it('keeps existing assignments when records are added and allocates only the new ones', async () => {
    const first = Array.from({ length: 40 }, (_, i) => uniqueRecord(i));
    const paths = screenProject(first);
    const one = await runScreenAssign(paths);
    const before = readAssignments(paths, true);
    writeUnique(paths, [...first, ...Array.from({ length: 24 }, (_, i) => uniqueRecord(100 + i))]);
    const two = await runScreenAssign(new ProjectPaths(paths.root));
    const after = readAssignments(paths, true);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((r) => r.batch === 2)).toHaveLength(48);
    expect(two.newRecords).toBe(24);
    expect(two.batch).toBe(2);
    expect(two.assignmentHash).not.toBe(one.assignmentHash);
    expect(two.invariants.ok).toBe(true);
    expect(two.invariants.perScreener.find((s) => s.screener === 'KBA')?.records).toBe(64);
    const again = await runScreenAssign(paths);
    expect(again.changed).toEqual([]);
  });

  it('says to run dedupe first when there are no unique records', async () => {
    const paths = screenProject([]);
    const { rmSync } = await import('node:fs');
    rmSync(paths.stageFile('dedupe', 'unique.jsonl'));
    await expect(runScreenAssign(paths)).rejects.toThrow(/run `review dedupe` first/);
  });
});
