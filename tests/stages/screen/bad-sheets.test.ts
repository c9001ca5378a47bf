import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../../src/sheets/csv.js';
import { UserError } from '../../../src/project/errors.js';
import type { ProjectPaths } from '../../../src/project/paths.js';
import { runScreenAssign, runScreenCollect } from '../../../src/stages/screen/index.js';
import { seedConfig, screenProject, uniqueRecord } from './fixtures.js';

const records = Array.from({ length: 12 }, (_, i) => uniqueRecord(i));

async function project(seed = 'korus-2026'): Promise<ProjectPaths> {
  const paths = screenProject(records, seedConfig({ seed }));
  await runScreenAssign(paths, { format: 'both' });
  return paths;
}

/** Open KBA's sheet in "Excel", fill every decision, apply a damage, save as the returned file. */
async function damaged(paths: ProjectPaths, damage: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(paths.stageFile('screen', 'sheets', 'KBA.xlsx'));
  const ws = wb.getWorksheet('Screening')!;
  ws.eachRow((row, n) => { if (n > 1) row.getCell(8).value = 'include'; });
  damage(ws);
  const out = join(paths.root, 'KBA-returned.xlsx');
  await wb.xlsx.writeFile(out);
  return out;
}

async function problemsOf(paths: ProjectPaths, file: string): Promise<string[]> {
  try {
    await runScreenCollect(paths, [file]);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(1);
    expect(existsSync(paths.stageFile('screen', 'votes.csv'))).toBe(false);
    expect(existsSync(join(paths.decisions, 'screen'))).toBe(false);
    return (error as UserError).details;
  }
  throw new Error('the bad sheet was accepted');
}

describe('collect rejects bad sheets with one message per problem, sheet and row, and leaves votes unchanged', () => {
  it('unknown id', async () => {
    const paths = await project();
    const file = await damaged(paths, (ws) => { ws.addRow(['r999999999999', 'x', '', '', 2020, '', '', 'include']); });
    const p = await problemsOf(paths, file);
    expect(p).toEqual([expect.stringMatching(/^KBA-returned\.xlsx \[KBA\] row 14: record r999999999999 is not on KBA's sheet \(unknown id\)/)]);
  });

  it('missing (deleted) row', async () => {
    const paths = await project();
    let deleted = '';
    const file = await damaged(paths, (ws) => { deleted = String(ws.getRow(5).getCell(1).value); ws.spliceRows(5, 1); });
    const p = await problemsOf(paths, file);
    expect(p).toEqual([expect.stringMatching(new RegExp(`\\[KBA\\] row 5: record ${deleted} is missing \\(the row was deleted\\)`))]);
  });

  it('duplicated row', async () => {
    const paths = await project();
    const file = await damaged(paths, (ws) => { ws.addRow((ws.getRow(3).values as ExcelJS.CellValue[]).slice(1)); });
    const p = await problemsOf(paths, file);
    expect(p).toEqual([expect.stringMatching(/\[KBA\] row 14: record r\w+ appears again \(first at row 3\)/)]);
  });

  it('edited id', async () => {
    const paths = await project();
    let original = '';
    const file = await damaged(paths, (ws) => { original = String(ws.getRow(4).getCell(1).value); ws.getRow(4).getCell(1).value = `${original}x`; });
    const p = await problemsOf(paths, file);
    expect(p).toEqual([`KBA-returned.xlsx [KBA] row 4: the id was edited (was ${original}, now ${original}x); put back ${original}`]);
  });

  it('decision outside the list', async () => {
    const paths = await project();
    const file = await damaged(paths, (ws) => { ws.getRow(6).getCell(8).value = 'yes please'; });
    const p = await problemsOf(paths, file);
    expect(p).toEqual([expect.stringMatching(/\[KBA\] row 6: decision "yes please" is not in the list \(include, exclude, maybe\); choose one from the drop-down/)]);
  });

  it('a sheet from another assignment (hash mismatch)', async () => {
    const paths = await project();
    const other = await project('another seed');
    const file = await damaged(other, () => {});
    const p = await problemsOf(paths, file);
    expect(p).toEqual([expect.stringMatching(/^KBA-returned\.xlsx \[KBA\]: the sheet comes from another assignment \(hash \w{12}…, this project's is \w{12}…\)/)]);
  });

  it('a DOI Excel turned into a number', async () => {
    const paths = await project();
    const file = await damaged(paths, (ws) => { ws.getRow(7).getCell(7).value = 10.108; });
    const p = await problemsOf(paths, file);
    expect(p).toEqual([expect.stringMatching(/\[KBA\] row 7: the DOI of r\w+ was turned into a number by Excel \("10\.108", expected "10\.1080\/2156857X\.2020\.\d+"\)/)]);
  });

  it('a CSV sheet re-saved by Excel with a DOI turned into a date, and one with a bad decision: one message each', async () => {
    const paths = await project();
    const table = readCsv(readFileSync(paths.stageFile('screen', 'sheets', 'ON.csv'), 'utf8'));
    const rows = table.rows.map((r) => Object.fromEntries(r.values));
    rows[1]!.doi = '2020-10-01';
    rows[2]!.decision = 'nope';
    const csv = writeCsv(table.header, rows).split('\n');
    const file = join(paths.root, 'ON-returned.csv');
    writeFileSync(file, csv.join('\r\n'));
    const p = await problemsOf(paths, file);
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(/^ON-returned\.csv \[ON\] row 3: the DOI of r\w+ was turned into a date by Excel/);
    expect(p[1]).toMatch(/^ON-returned\.csv \[ON\] row 4: decision "nope" is not in the list/);
  });
});
