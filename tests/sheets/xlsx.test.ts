import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../src/sheets/csv.js';
import { printPagesAcross, readWorkbook, writeWorkbook, type WorkbookSpec } from '../../src/sheets/xlsx.js';

const spec = (): WorkbookSpec => ({
  sheets: [{
    name: 'Screening',
    protect: true,
    columns: [
      { key: 'id', header: 'id', locked: true, width: 14 },
      { key: 'title', header: 'Title', wrap: true, width: 60, locked: true },
      { key: 'decision', header: 'Decision', list: ['include', 'exclude', 'maybe'] },
      { key: 'reason', header: 'Reason', list: Array.from({ length: 40 }, (_, i) => `reason number ${i}`) },
    ],
    rows: [
      { id: 'r1', title: '=HYPERLINK("http://evil.example","click")', decision: 'include' },
      { id: 'r2', title: 'Outreach, youth & "street work"', decision: undefined },
    ],
  }],
  meta: { assignmentHash: 'abc123', screener: 'KBA' },
});

describe('xlsx sheets', () => {
  it('writes byte-identical workbooks for the same input', async () => {
    const a = await writeWorkbook(spec());
    await new Promise((r) => setTimeout(r, 1100));
    const b = await writeWorkbook(spec());
    expect(a.equals(b)).toBe(true);
  });

  it('round-trips values, meta and row numbers; formulas stay text', async () => {
    const buf = await writeWorkbook(spec());
    const zip = await JSZip.loadAsync(buf);
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).not.toMatch(/<f>/); // no formula cells anywhere
    expect(sheetXml).toMatch(/<dataValidation[^>]*type="list"/);
    expect(sheetXml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
    expect(sheetXml).toMatch(/<sheetProtection/);
    const wb = await readWorkbook(buf);
    expect(wb.meta.get('assignmentHash')).toBe('abc123');
    const sheet = wb.sheets.find((s) => s.name === 'Screening')!;
    expect(sheet.header).toEqual(['id', 'Title', 'Decision', 'Reason']);
    expect(sheet.rows[0]?.row).toBe(2);
    expect(sheet.rows[0]?.values.get('Title')).toBe('=HYPERLINK("http://evil.example","click")');
    expect(sheet.rows[1]?.values.get('Decision')).toBe('');
  });
});

describe('xlsx reading selected columns', () => {
  it('keeps only the listed columns of each row, reads headers whole, and still returns a row filled only elsewhere', async () => {
    const bytes = await writeWorkbook({
      sheets: [{
        name: 'S',
        columns: [{ key: 'id', header: 'id' }, { key: 'abstract', header: 'abstract' }, { key: 'decision', header: 'decision' }],
        rows: [{ id: 'r1', abstract: 'long text', decision: 'include' }, { id: '', abstract: 'only the abstract', decision: '' }],
      }],
    });
    const all = await readWorkbook(bytes);
    const some = await readWorkbook(bytes, undefined, { columns: new Set(['id', 'decision']) });
    expect(some.sheets[0]!.header).toEqual(['id', 'abstract', 'decision']);
    expect(some.sheets[0]!.rows.map((r) => r.row)).toEqual(all.sheets[0]!.rows.map((r) => r.row));
    expect(some.sheets[0]!.rows.map((r) => Object.fromEntries(r.values))).toEqual([{ id: 'r1', decision: 'include' }, { id: '', decision: '' }]);
  });
});

describe('xlsx printing', () => {
  it('prints ordinary sheets one landscape page across and wide ones over several, header row and id column repeated', async () => {
    expect(printPagesAcross([{ width: 16 }, { width: 60 }, { width: 100 }, { width: 150 }])).toBe(1);
    expect(printPagesAcross([{ width: 400 }, { width: 400, hidden: true }])).toBe(1);
    expect(printPagesAcross(Array.from({ length: 30 }, () => ({ width: 40 })))).toBe(3); // a 5W extraction form
    const wide = spec();
    wide.sheets[0]!.columns.push(...Array.from({ length: 30 }, (_, i) => ({ key: `f${i}`, header: `f${i}`, width: 40 })));
    const zip = await JSZip.loadAsync(await writeWorkbook(wide));
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).toMatch(/<pageSetup[^>]*orientation="landscape"/);
    expect(sheetXml).toMatch(/<pageSetup[^>]*fitToWidth="4"/); // 102 + 30 × 40 = 1,302 widths
    const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
    expect(workbookXml).toMatch(/_xlnm\.Print_Titles/);
  });
});

describe('csv sheets', () => {
  it('neutralises formula-like cells and restores them on read', () => {
    const text = writeCsv(['id', 'title', 'n'], [{ id: 'r1', title: '=HYPERLINK("x")', n: -3 }, { id: 'r2', title: '@SUM(A1)', n: 2 }]);
    expect(text).toContain("'=HYPERLINK");
    expect(text).toContain("'@SUM");
    expect(text).toContain(',-3\n');
    const table = readCsv(text);
    expect(table.rows.map((r) => r.values.get('title'))).toEqual(['=HYPERLINK("x")', '@SUM(A1)']);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('reads semicolon CSV re-saved by Excel with BOM and CRLF, with physical line numbers', () => {
    const table = readCsv('\uFEFFid;decision\r\nr1;"multi\r\nline"\r\nr2;exclude\r\n');
    expect(table.header).toEqual(['id', 'decision']);
    expect(table.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(table.rows[0]?.values.get('decision')).toBe('multi\r\nline');
  });
});
