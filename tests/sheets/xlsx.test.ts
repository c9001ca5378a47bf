import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv, writeCsvPieces } from '../../src/sheets/csv.js';
import { printPagesAcross, readWorkbook, rowHeight, writeWorkbook, type WorkbookSpec } from '../../src/sheets/xlsx.js';

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

/** The sheet's data rows and styles as exceljs's own Row/Cell objects write them: the reference for writeWorkbook's direct row writer. */
async function exceljsRows(columns: { key: string; wrap?: boolean; locked?: boolean; width?: number }[], rows: Record<string, string | number | undefined>[]): Promise<{ sheetData: string; styles: string }> {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('S');
  // The header as writeWorkbook styles it, so style ids are registered in the same order.
  const header = ws.addRow(columns.map((c) => c.key));
  columns.forEach((_, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
  });
  header.commit();
  const styles = columns.map((c) => {
    const alignment = { wrapText: c.wrap ?? false, vertical: 'top' as const };
    const protection = { locked: c.locked ?? false };
    return { text: { numFmt: '@', alignment, protection }, other: { alignment, protection } };
  });
  for (const row of rows) {
    const added = ws.addRow(columns.map((c) => row[c.key]));
    columns.forEach((_, i) => {
      const cell = added.getCell(i + 1);
      cell.style = (typeof cell.value === 'string' ? styles[i]!.text : styles[i]!.other) as Partial<ExcelJS.Style>;
    });
    const height = rowHeight(columns.filter((c) => c.wrap).map((c) => ({ text: String(row[c.key] ?? ''), width: c.width ?? 14 })));
    if (height) added.height = height;
    added.commit();
  }
  ws.commit();
  await wb.commit();
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  return { sheetData: /<sheetData>.*<\/sheetData>/s.exec(await zip.file('xl/worksheets/sheet1.xml')!.async('string'))![0].replace(/<row r="1".*?<\/row>/s, ''), styles: await zip.file('xl/styles.xml')!.async('string') };
}

describe('xlsx data rows', () => {
  it('are written byte for byte as exceljs writes them: escaping, control characters, empty and missing values, numbers, heights, style order', async () => {
    const columns = [
      { key: 'id', locked: true, width: 14 },
      { key: 'title', wrap: true, width: 20, locked: true },
      { key: 'year', width: 7, locked: true },
      { key: 'score', width: 7 },
      { key: 'note', wrap: true, width: 30 },
    ];
    const rows: Record<string, string | number | undefined>[] = [
      { id: 'r1', title: 'Outreach, youth & "street work" <b>it\'s</b>', year: 2015, score: 0.85, note: undefined },
      { id: 'r2', title: 'bell\u0007 tab\t cr\r\n del\u007f é 漢字 😀', year: undefined, score: -3, note: '' },
      { id: 'r3', title: 'a long title that wraps over several lines of a narrow column '.repeat(6), year: '1999', score: undefined, note: 'x'.repeat(40_000) },
      { id: 'r4', title: undefined, year: undefined, score: undefined, note: undefined },
    ];
    const ours = await writeWorkbook({ sheets: [{ name: 'S', columns: columns.map((c) => ({ ...c, header: c.key })), rows }] });
    const zip = await JSZip.loadAsync(ours);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    // writeWorkbook cuts a text over 32,000 characters (Excel's cell limit) before writing it; so does the reference here.
    const reference = await exceljsRows(columns, rows.map((r) => ({ ...r, note: typeof r.note === 'string' && r.note.length > 32_000 ? `${r.note.slice(0, 32_000)}…` : r.note })));
    expect(/<sheetData>.*<\/sheetData>/s.exec(sheet)![0].replace(/<row r="1".*?<\/row>/s, '')).toBe(reference.sheetData);
    expect(await zip.file('xl/styles.xml')!.async('string')).toBe(reference.styles);
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
  it('writes the same bytes in pieces as whole (writeCsvPieces = writeCsv), over several pieces', () => {
    const rows = Array.from({ length: 9000 }, (_, i) => ({ a: i % 7 ? `row ${i}` : '=SUM(A1)', b: i % 5 ? 'x, "quoted"\nline' : undefined, c: i }));
    const pieces: string[] = [];
    writeCsvPieces(['a', 'b', 'c'], rows, (t) => pieces.push(t));
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(writeCsv(['a', 'b', 'c'], rows));
    const empty: string[] = [];
    writeCsvPieces(['a'], [], (t) => empty.push(t));
    expect(empty.join('')).toBe(writeCsv(['a'], []));
  });

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
