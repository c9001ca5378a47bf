/**
 * Excel workbooks people fill in: frozen header, locked id columns, wrapped readable text, drop-down
 * lists, a hidden `_meta` sheet with key/value properties (e.g. the assignment hash). Written
 * deterministically (fixed dates inside the zip) so re-running a stage gives byte-identical sheets,
 * and read back strictly with sheet name and row number for every cell.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export type CellValue = string | number | undefined;

export interface SheetColumn {
  key: string;
  header: string;
  width?: number;
  wrap?: boolean;
  /** Locked cells cannot be edited (sheet protection is on; editable columns are unlocked). */
  locked?: boolean;
  /** Allowed values: a drop-down list with an error on anything else. */
  list?: readonly string[];
  /** Allow values outside `list` with a warning instead of an error (e.g. free-text notes with suggestions). */
  listWarnOnly?: boolean;
  hidden?: boolean;
  note?: string;
}

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
  rows: Record<string, CellValue>[];
  /** Protect the sheet so locked columns stay locked (no password: it prevents accidents, not attacks). */
  protect?: boolean;
  /** Plain text lines for an instructions sheet instead of a table. */
  textLines?: string[];
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  /** Stored in a hidden `_meta` sheet (key, value rows) and checked on read. */
  meta?: Record<string, string>;
}

export const META_SHEET = '_meta';
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const MAX_INLINE_LIST = 250; // Excel's inline list formula is limited to 255 chars; longer lists go to a hidden sheet.

export async function writeWorkbook(spec: WorkbookSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'review';
  wb.lastModifiedBy = 'review';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const lists: string[][] = [];
  let listsSheet: ExcelJS.Worksheet | undefined;
  for (const sheet of spec.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    if (sheet.textLines) {
      ws.getColumn(1).width = 110;
      sheet.textLines.forEach((line, i) => {
        const cell = ws.getCell(i + 1, 1);
        cell.value = line;
        cell.alignment = { wrapText: true, vertical: 'top' };
        if (i === 0) cell.font = { bold: true, size: 13 };
      });
      continue;
    }
    ws.columns = sheet.columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 14, hidden: c.hidden ?? false }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
    sheet.columns.forEach((c, i) => {
      if (c.note) header.getCell(i + 1).note = c.note;
    });
    ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
    for (const row of sheet.rows) {
      const values = sheet.columns.map((c) => cellValue(row[c.key]));
      const added = ws.addRow(values);
      sheet.columns.forEach((c, i) => {
        const cell = added.getCell(i + 1);
        if (typeof cell.value === 'string') cell.numFmt = '@';
        cell.alignment = { wrapText: c.wrap ?? false, vertical: 'top' };
        cell.protection = { locked: c.locked ?? false };
      });
    }
    const lastRow = Math.max(sheet.rows.length + 1, 2);
    sheet.columns.forEach((c, i) => {
      if (!c.list?.length) return;
      const formula = listFormula(c.list, lists, () => {
        listsSheet ??= wb.addWorksheet('_lists', { state: 'veryHidden' });
        return listsSheet;
      });
      const letter = columnLetter(i + 1);
      (ws as unknown as { dataValidations: { add(ref: string, v: object): void } }).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorStyle: c.listWarnOnly ? 'warning' : 'stop',
        errorTitle: 'Not in the list',
        error: `Choose one of: ${c.list.join(', ')}`.slice(0, 255),
      });
    });
    if (sheet.protect) {
      await ws.protect('', {
        selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true,
        autoFilter: true, sort: false, insertRows: false, deleteRows: false,
      });
    }
    if (sheet.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  if (spec.meta) {
    const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
    meta.addRow(['key', 'value']);
    for (const [k, v] of Object.entries(spec.meta)) meta.addRow([k, v]);
  }
  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  return normalizeZip(raw);
}

function cellValue(value: CellValue): CellValue {
  // Strings are written as shared strings (never formulas), so "=HYPERLINK(" stays text in Excel.
  if (typeof value === 'string') return value.length > 32_000 ? `${value.slice(0, 32_000)}…` : value;
  return value;
}

function listFormula(list: readonly string[], lists: string[][], sheet: () => ExcelJS.Worksheet): string {
  const inline = `"${list.join(',')}"`;
  if (inline.length <= MAX_INLINE_LIST && !list.some((v) => v.includes(',') || v.includes('"'))) return inline;
  let index = lists.findIndex((l) => l.length === list.length && l.every((v, i) => v === list[i]));
  if (index < 0) {
    lists.push([...list]);
    index = lists.length - 1;
    const ws = sheet();
    list.forEach((v, r) => { ws.getCell(r + 1, index + 1).value = v; });
  }
  const col = columnLetter(index + 1);
  return `_lists!$${col}$1:$${col}$${list.length}`;
}

export function columnLetter(n: number): string {
  let s = '';
  let x = n;
  while (x > 0) {
    const m = (x - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

/** Re-pack the zip with fixed entry dates: exceljs stamps the current time into every entry. */
async function normalizeZip(buffer: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  const names = Object.keys(zip.files).sort();
  const out = new JSZip();
  for (const name of names) {
    const entry = zip.files[name];
    if (!entry || entry.dir) continue;
    out.file(name, await entry.async('uint8array'), { date: FIXED_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}

// ----------------------------------------------------------------------------------------------
// Reading

export interface ReadRow {
  /** 1-based Excel row number (header is row 1). */
  row: number;
  values: Map<string, string>;
}

export interface ReadSheet {
  name: string;
  header: string[];
  rows: ReadRow[];
}

export interface ReadWorkbook {
  sheets: ReadSheet[];
  meta: Map<string, string>;
}

/** Read every visible sheet as header + rows of text (numbers and dates as their text), plus `_meta`. */
export async function readWorkbook(buffer: Uint8Array): Promise<ReadWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(buffer) as unknown as ArrayBuffer);
  const sheets: ReadSheet[] = [];
  const meta = new Map<string, string>();
  wb.eachSheet((ws) => {
    if (ws.name === META_SHEET) {
      ws.eachRow((row, n) => {
        if (n === 1) return;
        meta.set(cellText(row.getCell(1).value), cellText(row.getCell(2).value));
      });
      return;
    }
    if (ws.name === '_lists') return;
    const header: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => { header[col - 1] = cellText(cell.value).trim(); });
    const rows: ReadRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (n === 1) return;
      const values = new Map<string, string>();
      let any = false;
      header.forEach((h, i) => {
        const text = cellText(row.getCell(i + 1).value);
        if (text !== '') any = true;
        values.set(h, text);
      });
      if (any) rows.push({ row: n, values });
    });
    sheets.push({ name: ws.name, header, rows });
  });
  return { sheets, meta };
}

/** Text of any exceljs cell value: rich text joined, hyperlinks' text, formulas' cached result, dates as ISO day. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}
