/**
 * Hostile workbooks are refused by declared sizes and counts before anything is inflated, and by
 * what actually inflates when the declarations lie: zip bombs, row bombs, too many entries.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SHEET_LIMITS, readWorkbook, readWorkbookFile, WorkbookReadError, writeWorkbook } from '../../src/sheets/xlsx.js';
import { tempDir } from '../helpers/project.js';

interface Entry {
  name: string;
  /** Raw deflate data (method 8) of the entry. */
  data: Buffer;
  crc: number;
  size: number;
}

/** A minimal zip writer: local headers, data, central directory, end record. */
function zipOf(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(dir, name);
    offset += 30 + name.length + e.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

function entry(name: string, text: string | Buffer): Entry {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return { name, data: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

/**
 * `copies` repetitions of `unit`, deflated without ever holding the whole: the unit is deflated once
 * with a full flush (a byte-aligned, self-contained block) and the block repeated, then a final block.
 */
function repeatedEntry(name: string, unit: Buffer, copies: number, declaredSize?: number): Entry {
  const block = deflateRawSync(unit, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const data = Buffer.concat([...Array.from({ length: copies }, () => block), deflateRawSync(Buffer.alloc(0))]);
  let crc = 0;
  for (let i = 0; i < copies; i++) crc = crc32(unit, crc);
  return { name, data, crc, size: declaredSize ?? unit.length * copies };
}

const WORKBOOK_PARTS = [
  entry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  entry('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
  entry('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data &amp; more" sheetId="1" r:id="rId1"/></sheets></workbook>'),
  // An absolute target, as openpyxl writes some of them.
  entry('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>'),
];

function workbookWithSheet(sheet: Entry): Buffer {
  return zipOf([...WORKBOOK_PARTS, sheet]);
}

/** The refusal's message, wall time and CPU time (the CPU figure holds on a busy shared machine). */
async function refusal(bytes: Buffer, limits = DEFAULT_SHEET_LIMITS): Promise<{ message: string; ms: number; cpuMs: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    await readWorkbook(bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbookReadError);
    const used = process.cpuUsage(cpu);
    return { message: (error as Error).message, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
  }
  throw new Error('expected the workbook to be refused');
}

const SHEET_HEAD = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

describe('bounded xlsx reading', () => {
  it('reads a hand-made workbook: absolute targets, inline strings, booleans, numbers, entities, rows without r', async () => {
    const sheet = entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="C1" t="inlineStr"><is><r><t>va</t></r><r><t>lue</t></r></is></c></row>`
      + '<row><c t="inlineStr"><is><t>a&amp;b &lt;1&gt;</t></is></c><c r="C2" t="b"><v>1</v></c></row>'
      + '<row r="5"><c r="A5" t="inlineStr"><is><t>x_x000D_y</t></is></c><c r="C5"><v>1.50</v></c></row>'
      + `<row r="6"><c r="A6" t="str"><f>1+1</f><v>2</v></c><c r="C6"><f>SUM(A1)</f></c></row>${SHEET_TAIL}`);
    const wb = await readWorkbook(workbookWithSheet(sheet));
    const s = wb.sheets[0]!;
    expect(s.name).toBe('Data & more');
    expect(s.header).toEqual(['id', '', 'value']);
    expect(s.rows.map((r) => [r.row, r.values.get('id'), r.values.get('value')])).toEqual([
      [2, 'a&b <1>', 'true'],
      [5, 'x\ry', '1.5'],
      [6, '2', '=SUM(A1)'],
    ]);
  });

  it('reads numbers in a date format as ISO days (1900 and 1904 systems), other numbers as numbers', async () => {
    const styles = entry('xl/styles.xml', '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="0.0&quot; days&quot;"/></numFmts>'
      + '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"><alignment wrapText="1"/></xf><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>');
    const rels = entry('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>');
    const sheet = entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>`
      + `<row r="2"><c r="A2"><v>45413</v></c><c r="B2" s="1"><v>45413.75</v></c><c r="C2" s="2"><v>43831</v></c><c r="D2" s="3"><v>2.5</v></c></row>${SHEET_TAIL}`);
    const parts = (date1904: boolean): Entry[] => [
      WORKBOOK_PARTS[0]!, WORKBOOK_PARTS[1]!,
      entry('xl/workbook.xml', `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      rels, styles, sheet,
    ];
    const row = (await readWorkbook(zipOf(parts(false)))).sheets[0]!.rows[0]!;
    expect([...row.values.values()]).toEqual(['45413', '2024-05-01', '2020-01-01', '2.5']);
    const row1904 = (await readWorkbook(zipOf(parts(true)))).sheets[0]!.rows[0]!;
    expect(row1904.values.get('c')).toBe('2024-01-02');
  });

  it('refuses a 1 MB zip bomb by its declared size, before inflating (well under 1 s)', async () => {
    // 1,000 × 1 MB of blanks between tags ≈ 1 GB of XML in about 1 MB of zip.
    const unit = Buffer.from(' '.repeat(1024 * 1024));
    const bomb = workbookWithSheet(repeatedEntry('xl/worksheets/sheet1.xml', unit, 1000));
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const { message, ms } = await refusal(bomb);
    expect(message).toMatch(/xl\/worksheets\/sheet1\.xml declares \d+\.\d MB uncompressed, more than the 512\.0 MB allowed|ratio over 100:1/);
    expect(ms).toBeLessThan(500);
  });

  it('refuses a zip bomb whose directory lies about its size, as soon as it inflates past the declaration', async () => {
    const unit = Buffer.from(' '.repeat(1024 * 1024));
    const liar = repeatedEntry('xl/worksheets/sheet1.xml', unit, 1000, 4096);
    const rss = process.memoryUsage().rss;
    const { message, ms } = await refusal(workbookWithSheet(liar));
    expect(message).toMatch(/inflates to more than the 4096 bytes its directory entry declares/);
    expect(ms).toBeLessThan(500);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses a row bomb (3 million rows) by its declared dimension at once, and by counting rows without one', async () => {
    const rows = 3_000_000;
    const declared = entry('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B${rows}"/><sheetData>${'<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(1000)}${SHEET_TAIL}`);
    const first = await refusal(workbookWithSheet(declared));
    expect(first.message).toBe('sheet "Data & more" has more rows than any spreadsheet program allows (at most 1,048,576; it reaches row 3,000,000)');
    expect(first.ms).toBeLessThan(200);

    // Without a dimension: 3 million rows of varied text in about 15 MB (a ratio a real sheet has),
    // refused when the scan meets row 1,048,577; rows are dropped as they come.
    let seed = 7;
    const letter = (): string => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return String.fromCharCode(97 + (seed % 26));
    };
    const perUnit = 15_000;
    let unit = '';
    for (let r = 0; r < perUnit; r++) unit += `<row><c t="inlineStr"><is><t>${letter()}${letter()}${letter()}${letter()}${letter()}${letter()}</t></is></c></row>`;
    const body = repeatedEntry('xl/worksheets/sheet1.xml', Buffer.from(unit), rows / perUnit);
    const head = entry('xl/worksheets/sheet1.xml', SHEET_HEAD);
    // The sheet is the head's deflate (not final) + the repeated rows; the tail is never reached.
    const headBlock = deflateRawSync(Buffer.from(SHEET_HEAD), { finishFlush: constants.Z_FULL_FLUSH });
    const bombSheet: Entry = { name: head.name, data: Buffer.concat([headBlock, body.data]), crc: crc32(Buffer.from(unit), crc32(SHEET_HEAD)), size: SHEET_HEAD.length + body.size };
    const bomb = workbookWithSheet(bombSheet);
    expect(bomb.length).toBeGreaterThan(10 * 1024 * 1024);
    const rss = process.memoryUsage().rss;
    const second = await refusal(bomb);
    expect(second.message).toBe('sheet "Data & more" has more rows than any spreadsheet program allows (at most 1,048,576; it reaches row 1,048,577)');
    // About 2.5 s of CPU (1,048,577 rows scanned and kept); wall time on a shared machine varies.
    expect(second.cpuMs).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(400 * 1024 * 1024);
  });

  it('refuses too many entries, rows, columns and cells with the limit named', async () => {
    const many = zipOf([...WORKBOOK_PARTS, ...Array.from({ length: 30 }, (_, i) => entry(`x/${i}`, 'x'))]);
    expect((await refusal(many, { ...DEFAULT_SHEET_LIMITS, maxEntries: 20 })).message).toBe('the archive has 34 entries, more than the 20 allowed in a workbook');
    const sheet = entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${'<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>'.repeat(50)}${SHEET_TAIL}`);
    expect((await refusal(workbookWithSheet(sheet), { ...DEFAULT_SHEET_LIMITS, maxRows: 40 })).message).toMatch(/at most 40; it reaches row 41\)/);
    expect((await refusal(workbookWithSheet(sheet), { ...DEFAULT_SHEET_LIMITS, maxCells: 60 })).message).toMatch(/more than 60 filled cells \(sheet "Data & more", row 31\)/);
    const wide = entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1"><c r="XFE1"><v>1</v></c></row>${SHEET_TAIL}`);
    expect((await refusal(workbookWithSheet(wide))).message).toMatch(/cell reference "XFE1" is outside the 16384 columns/);
  });

  it('refuses a file larger than the limit by its size on disk, before reading it', async () => {
    const file = join(tempDir(), 'big.xlsx');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024));
    const error = await readWorkbookFile(file, { ...DEFAULT_SHEET_LIMITS, maxFileBytes: 2 * 1024 * 1024 }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookReadError);
    expect((error as Error).message).toBe('the file is 3.0 MB, more than the 2 MB a returned sheet may have');
  });

  it('refuses damaged and foreign files with a reason', async () => {
    const ours = await writeWorkbook({ sheets: [{ name: 'S', columns: [{ key: 'a', header: 'a' }], rows: [{ a: 'x' }] }] });
    expect((await refusal(ours.subarray(0, ours.length - 30))).message).toMatch(/no zip end record/);
    expect((await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).message).toMatch(/old-style \.xls or a password-protected workbook/);
    const doctype = entry('xl/worksheets/sheet1.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>');
    expect((await refusal(workbookWithSheet(doctype))).message).toMatch(/DOCTYPE/);
    const corrupt = entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1"><c r="A1"><v>1</v></c></row>${SHEET_TAIL}`);
    corrupt.crc ^= 1;
    expect((await refusal(workbookWithSheet(corrupt))).message).toMatch(/fails its checksum/);
  });
});
