/** A returned review sheet with an invalid decision stops `review dedupe` (exit 1) naming file and row; nothing is applied or written. */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHEET_PROJECTS } from '../../../scripts/make-resaved-sheets.js';
import { UserError } from '../../../src/project/errors.js';
import { runDedupe } from '../../../src/stages/dedupe/index.js';
import { snapshot } from '../../helpers/project.js';

async function returned(sheet: string, target: string, cells: Record<string, string>): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(sheet) as unknown as ArrayBuffer);
  const ws = book.getWorksheet('pairs')!;
  const header = (ws.getRow(1).values as unknown[]).map(String);
  for (const [name, value] of Object.entries(cells)) ws.getRow(2).getCell(header.indexOf(name)).value = value;
  writeFileSync(target, Buffer.from(await book.xlsx.writeBuffer()));
}

describe('review dedupe with an invalid returned row', () => {
  it.each([
    [{ decision: 'yes' }, 'decisions/dedupe/pairs.xlsx, sheet pairs, row 2: decision "yes" is not one of same, different; choose one from the drop-down, or clear the cell to leave the pair undecided'],
    [{ decision: 'same', 'A record': '' }, 'decisions/dedupe/pairs.xlsx, sheet pairs, row 2: the A record or B record id is empty'],
  ])('%j exits 1 naming the file and row, stages/dedupe/ unchanged', async (cells, message) => {
    const p = await SHEET_PROJECTS.dedupe();
    try {
      mkdirSync(join(p.paths.decisions, 'dedupe'), { recursive: true });
      await returned(p.sheet, join(p.paths.decisions, 'dedupe', 'pairs.xlsx'), cells);
      const before = snapshot(p.paths.stage('dedupe'));
      const error = await runDedupe(p.paths).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(1);
      expect((error as UserError).message).toMatch(/^1 problem in the review sheets in decisions\/dedupe\/; nothing was deduplicated/);
      expect((error as UserError).details[0]).toContain(message);
      expect(snapshot(p.paths.stage('dedupe'))).toEqual(before);
    } finally {
      rmSync(p.paths.root, { recursive: true, force: true });
    }
  });
});
