/**
 * Excel workbooks people fill in: frozen header, locked id columns, wrapped readable text, drop-down
 * lists, a hidden `_meta` sheet with key/value properties (e.g. the assignment hash). Written
 * deterministically (fixed dates inside the zip) so re-running a stage gives byte-identical sheets,
 * and read back strictly with sheet name and row number for every cell.
 */
import ExcelJS from 'exceljs';
import { closeSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { DEFAULT_SHEET_LIMITS, scanWorkbook, WorkbookReadError, type SheetLimits } from './xlsx-read.js';

export { WorkbookReadError, DEFAULT_SHEET_LIMITS, type SheetLimits } from './xlsx-read.js';

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
  /** Any iterable: a generator lets a 130,000-row sheet make each row only when it is written. */
  rows: Iterable<Record<string, CellValue>>;
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
/** Excel refuses a data-validation error message longer than this. */
const MAX_VALIDATION_MESSAGE = 255;

/**
 * "Choose one of: a, b, c" within Excel's limit: whole values only (never "…poster, unpu"); when
 * they do not all fit, as many as fit and how many more the drop-down offers.
 */
export function listErrorMessage(list: readonly string[]): string {
  const all = `Choose one of: ${list.join(', ')}`;
  if (all.length <= MAX_VALIDATION_MESSAGE) return all;
  for (let shown = list.length - 1; shown > 0; shown--) {
    const message = `Choose one of: ${list.slice(0, shown).join(', ')}, … (${list.length - shown} more in the drop-down list)`;
    if (message.length <= MAX_VALIDATION_MESSAGE) return message;
  }
  return `Choose one of the ${list.length} values in the drop-down list`;
}

/** The workbook's bytes, held whole: for sheets of ordinary size (writeWorkbookFile for large ones). */
export async function writeWorkbook(spec: WorkbookSpec): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await writeZip(spec, (bytes) => chunks.push(bytes));
  const zip = Buffer.concat(chunks);
  fixZipDates({ size: zip.length, read: (at, length) => zip.subarray(at, at + length), write: (at, bytes) => zip.set(bytes, at) });
  return zip;
}

/**
 * The workbook written into `file` (created or truncated) as it is made: a 130,000-row screening
 * sheet is about 100 MB zipped and 280 MB of XML, and neither is ever held whole. The same bytes as
 * writeWorkbook.
 */
export async function writeWorkbookFile(spec: WorkbookSpec, file: string): Promise<void> {
  const fd = openSync(file, 'w+');
  try {
    let size = 0;
    await writeZip(spec, (bytes) => {
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off, size + off);
      size += bytes.length;
    });
    fixZipDates({
      size,
      read: (at, length) => {
        const out = Buffer.alloc(length);
        for (let off = 0; off < length;) {
          const n = readSync(fd, out, off, length - off, at + off);
          if (n === 0) throw new Error(`${file}: shorter than the zip just written`);
          off += n;
        }
        return out;
      },
      write: (at, bytes) => {
        for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off, at + off);
      },
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Write a workbook with exceljs's streaming writer, handing the zip's bytes to `write` as they come:
 * each row is serialised and dropped as soon as it is added, so memory stays bounded, not by
 * exceljs cell objects nor by the output. The zip's entry dates are still the clock's (fixZipDates).
 */
async function writeZip(spec: WorkbookSpec, write: (bytes: Buffer) => void): Promise<void> {
  const sink = new ChunkSink(write);
  // Deflate level 4 instead of zlib's default 6: a 50,000-row sheet of varied text writes in about
  // 3.5 s instead of 6 s, for files about a fifth larger (15 instead of 12.6 MB).
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 4 } } });
  wb.creator = 'review';
  wb.lastModifiedBy = 'review';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const lists: string[][] = [];
  for (const sheet of spec.sheets) {
    if (sheet.textLines) {
      // The 110-wide text column is wider than a portrait page: print it scaled to the page width.
      const ws = wb.addWorksheet(sheet.name, { pageSetup: { fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
      ws.getColumn(1).width = 110;
      sheet.textLines.forEach((line, i) => {
        const row = ws.addRow([line]);
        const cell = row.getCell(1);
        cell.alignment = { wrapText: true, vertical: 'top' };
        if (i === 0) cell.font = { bold: true, size: 13 };
        const height = rowHeight([{ text: line, width: 110 }]);
        if (height) row.height = height;
        row.commit();
      });
      ws.commit();
      continue;
    }
    // Header row and id column stay in view and are repeated on every printed page; printing fits the
    // columns to as many landscape pages across as keep the text readable (one page for most sheets).
    const ws = wb.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2', activeCell: 'B2' }],
      pageSetup: {
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: printPagesAcross(sheet.columns),
        fitToHeight: 0,
        paperSize: 9,
        printTitlesRow: '1:1',
        printTitlesColumn: 'A:A',
      },
    });
    await takenByZip(ws as unknown as WorksheetInternals);
    sheet.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width ?? 14;
      if (c.hidden) col.hidden = true;
    });
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    sheet.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.font = { bold: true };
      cell.alignment = { vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
      if (c.note) cell.note = c.note;
    });
    header.commit();
    // One style object per column and value kind, shared by every cell: exceljs's style manager
    // caches the style id per object, so it renders and looks up each style once instead of once per
    // cell (the same styles in the same order, so the same bytes).
    const styles = sheet.columns.map((c) => {
      const alignment = { wrapText: c.wrap ?? false, vertical: 'top' as const };
      const protection = { locked: c.locked ?? false };
      return { text: { numFmt: '@', alignment, protection }, other: { alignment, protection } };
    });
    const wrapped = sheet.columns.filter((c) => c.wrap).map((c) => ({ key: c.key, text: '', width: c.width ?? 14 }));
    const rowCount = await writeDataRows(ws, wb, sheet, styles, wrapped);
    const lastRow = Math.max(rowCount + 1, 2);
    sheet.columns.forEach((c, i) => {
      if (!c.list?.length) return;
      const letter = columnLetter(i + 1);
      (ws as unknown as { dataValidations: { add(ref: string, v: object): void } }).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
        type: 'list',
        allowBlank: true,
        formulae: [listFormula(c.list, lists)],
        showErrorMessage: true,
        errorStyle: c.listWarnOnly ? 'warning' : 'stop',
        errorTitle: 'Not in the list',
        error: listErrorMessage(c.list),
      });
    });
    if (sheet.protect) {
      await ws.protect('', {
        selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true,
        autoFilter: true, sort: false, insertRows: false, deleteRows: false,
      });
    }
    if (rowCount) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
    ws.commit();
  }
  if (lists.length) {
    const ws = wb.addWorksheet('_lists', { state: 'veryHidden' });
    const height = Math.max(...lists.map((l) => l.length));
    for (let r = 0; r < height; r++) ws.addRow(lists.map((l) => l[r] ?? null)).commit();
    ws.commit();
  }
  if (spec.meta) {
    const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
    meta.addRow(['key', 'value']).commit();
    for (const [k, v] of Object.entries(spec.meta)) meta.addRow([k, v]).commit();
    meta.commit();
  }
  await wb.commit();
}

/** exceljs's own XML escaping (the same function its writer uses), so rows written here are its bytes. */
const { xmlEncode } = createRequire(import.meta.url)('exceljs/lib/utils/utils.js') as { xmlEncode(text: string): string };
// exceljs's cell value types (lib/doc/enums.js), which pick a style's number format on first use.
const NULL_TYPE = 0;
const NUMBER_TYPE = 2;
const STRING_TYPE = 3;

interface WorksheetInternals {
  startedData: boolean;
  stream: SheetStream;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
}

/** exceljs's StreamBuf of a sheet's XML: 64 KB buffers held until the zip takes the sheet, then written to the deflate stream. */
interface SheetStream {
  write(chunk: string | Buffer): void;
  buffers: unknown[];
  /** The zip's intake (a PassThrough of the readable-stream package: its state only in `_writableState`). */
  pipes: { _writableState?: { length: number; needDrain: boolean }; once(event: 'drain', listener: () => void): void }[];
}

/** How much of a sheet's XML may wait for the zip before writing rows pauses. */
const MAX_BACKLOG = 4 << 20;

/**
 * Open the sheet's part of the zip and wait until the zip takes it, before anything is written
 * into it: a StreamBuf the zip takes while it holds data is ended there and then (exceljs expects a
 * sheet written whole before the zip reaches it), so pausing between rows is only safe from here on.
 * The zip takes the part once the parts before it (small, already complete) are written.
 */
async function takenByZip(writer: WorksheetInternals): Promise<void> {
  const stream = writer.stream;
  while (stream.pipes.length === 0) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Wait until the zip has taken most of what was written: the rows are made far faster than
 * they are deflated, and without a pause the whole sheet's XML (280 MB at 130,000 rows) waited in memory.
 */
async function backlogBelowLimit(stream: SheetStream): Promise<void> {
  for (;;) {
    const held = stream.buffers.length * 65536 + stream.pipes.reduce((n, p) => n + (p._writableState?.length ?? 0), 0);
    const full = stream.pipes.find((p) => p._writableState?.needDrain);
    if (held < MAX_BACKLOG || !full) return;
    await new Promise<void>((resolve) => full.once('drain', resolve));
  }
}

/**
 * A table sheet's data rows written straight into the sheet's XML, byte for byte as exceljs's row
 * and cell renderers write them (same escaping, style ids registered in the same order, same
 * attributes), without the Row and Cell objects exceljs builds for every cell: at 130,000 rows
 * those objects were most of the time `review screen assign` took. The header row (which may carry
 * notes) is still written by exceljs, before these rows.
 */
async function writeDataRows(
  ws: ExcelJS.Worksheet,
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: SheetSpec,
  styles: readonly { text: object; other: object }[],
  wrapped: { key: string; text: string; width: number }[],
): Promise<number> {
  const writer = ws as unknown as WorksheetInternals;
  const registry = (wb as unknown as { styles: { addStyleModel(style: object, type: number): number } }).styles;
  const letters = sheet.columns.map((_, i) => columnLetter(i + 1));
  // Rows are gathered as separate strings and joined once per chunk: a chunk grown by `+=` is a rope
  // of thousands of pieces, and turning that into UTF-8 bytes cost more than writing the rows did.
  // Chunks of 16 K characters stay in the ordinary heap; 64 K ones (128 KB as two-byte text) were
  // each a fresh mapping, a third of the page faults of a 130,000-row sheet.
  let parts: string[] = [];
  let length = 0;
  const flush = (): void => {
    startData(writer);
    writer.stream.write(Buffer.from(parts.join(''), 'utf8'));
    parts = [];
    length = 0;
  };
  let rowNumber = 1;
  for (const row of sheet.rows) {
    rowNumber++;
    let cells = '';
    let min = 0;
    let max = 0;
    let hasValues = false;
    for (let i = 0; i < sheet.columns.length; i++) {
      const value = cellValue(row[sheet.columns[i]!.key]);
      const type = typeof value === 'string' ? STRING_TYPE : typeof value === 'number' ? NUMBER_TYPE : NULL_TYPE;
      const styleId = registry.addStyleModel(type === STRING_TYPE ? styles[i]!.text : styles[i]!.other, type);
      if (type === NULL_TYPE && !styleId) continue;
      if (type !== NULL_TYPE) hasValues = true;
      if (!min) min = i + 1;
      max = i + 1;
      cells += `<c r="${letters[i]}${rowNumber}"${styleId ? ` s="${styleId}"` : ''}`;
      if (type === STRING_TYPE) cells += ` t="str"><v>${xmlEncode(value as string)}</v></c>`;
      else if (type === NUMBER_TYPE) cells += `><v>${xmlEncode(String(value))}</v></c>`;
      else cells += '/>';
    }
    for (const w of wrapped) w.text = String(row[w.key] ?? '');
    const height = rowHeight(wrapped);
    if (!hasValues && !height) continue;
    const xml = `<row r="${rowNumber}"${height ? ` ht="${xmlEncode(String(height))}" customHeight="1"` : ''}${min > 0 && max > 0 ? ` spans="${min}:${max}"` : ''} x14ac:dyDescent="0.25"${cells ? `>${cells}</row>` : '/>'}`;
    parts.push(xml);
    length += xml.length;
    if (length >= 1 << 14) {
      flush();
      await backlogBelowLimit(writer.stream);
    }
  }
  if (length) flush();
  return rowNumber - 1;
}

/** What exceljs does before a sheet's first row (the header row has normally done it already). */
function startData(writer: WorksheetInternals): void {
  if (writer.startedData) return;
  writer._writeColumns();
  writer._writeOpenSheetData();
  writer.startedData = true;
}

// Ordinary sheets (screening, conflicts, full text, review pairs: 240–400 character widths) print one
// landscape page across, as before; wider ones (a 5W codebook is >1,200) split across pages instead of
// shrinking to an unreadable 10 % scale.
const PRINT_WIDTH_PER_PAGE = 420;

/** Pages across for printing: one for ordinary sheets, more for wide ones (e.g. a 5W codebook). */
export function printPagesAcross(columns: Pick<SheetColumn, 'width' | 'hidden'>[]): number {
  const total = columns.reduce((sum, c) => sum + (c.hidden ? 0 : (c.width ?? 14)), 0);
  return Math.max(1, Math.ceil(total / PRINT_WIDTH_PER_PAGE));
}

const LINE_POINTS = 15;
const MAX_ROW_POINTS = 180; // about 12 lines; longer abstracts scroll inside the cell

/** Row height in points for wrapped cells, or undefined when one line suffices. */
export function rowHeight(cells: { text: string; width: number }[]): number | undefined {
  let lines = 1;
  for (const { text, width } of cells) {
    if (!text) continue;
    const perLine = Math.max(1, Math.floor(width * 1.15));
    // Lines per paragraph (split at \n or \r\n), scanned without building the paragraph strings.
    let n = 0;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      const length = end - start - (nl > start && text.charCodeAt(nl - 1) === 13 ? 1 : 0);
      n += Math.max(1, Math.ceil(length / perLine));
      if (nl < 0) break;
      start = nl + 1;
    }
    lines = Math.max(lines, n);
  }
  return lines > 1 ? Math.min(lines * LINE_POINTS, MAX_ROW_POINTS) : undefined;
}

/** Hands each piece of the zip stream on as it comes. */
class ChunkSink extends Writable {
  constructor(private readonly onChunk: (bytes: Buffer) => void) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      this.onChunk(chunk);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  }
}

/** A zip being finished, in memory or in a file: its size, and reading and overwriting bytes at a position. */
interface ZipBytes {
  size: number;
  read(at: number, length: number): Buffer;
  write(at: number, bytes: Buffer): void;
}

/**
 * The zip writer stamps the current time into every entry; overwrite the DOS time and date in each
 * central-directory record and its local header (neither is covered by the CRC) with FIXED_DATE,
 * so the same workbook is the same bytes.
 */
function fixZipDates(zip: ZipBytes): void {
  // The end record is in the last 22 bytes plus a comment of at most 65,535.
  const tailAt = Math.max(0, zip.size - (22 + 0xffff));
  const tail = zip.read(tailAt, zip.size - tailAt);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) throw new Error('xlsx writer produced no zip end record');
  const entries = tail.readUInt16LE(eocd + 10);
  const directoryAt = tail.readUInt32LE(eocd + 16);
  const directory = zip.read(directoryAt, tail.readUInt32LE(eocd + 12));
  const dosTime = 0;
  const dosDate = ((FIXED_DATE.getUTCFullYear() - 1980) << 9) | ((FIXED_DATE.getUTCMonth() + 1) << 5) | FIXED_DATE.getUTCDate();
  const stamp = Buffer.alloc(4);
  stamp.writeUInt16LE(dosTime, 0);
  stamp.writeUInt16LE(dosDate, 2);
  let p = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) throw new Error('xlsx writer produced a malformed zip directory');
    stamp.copy(directory, p + 12);
    zip.write(directory.readUInt32LE(p + 42) + 10, stamp);
    p += 46 + directory.readUInt16LE(p + 28) + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
  }
  zip.write(directoryAt, directory);
}

function cellValue(value: CellValue): CellValue {
  // Strings are written as shared strings (never formulas), so "=HYPERLINK(" stays text in Excel.
  if (typeof value === 'string') return value.length > 32_000 ? `${value.slice(0, 32_000)}…` : value;
  return value;
}

function listFormula(list: readonly string[], lists: string[][]): string {
  const inline = `"${list.join(',')}"`;
  if (inline.length <= MAX_INLINE_LIST && !list.some((v) => v.includes(',') || v.includes('"'))) return inline;
  let index = lists.findIndex((l) => l.length === list.length && l.every((v, i) => v === list[i]));
  if (index < 0) {
    lists.push([...list]);
    index = lists.length - 1;
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

export interface ReadOptions {
  /**
   * Keep only these columns' values (by header) in each row: a returned 130,000-row screening sheet
   * is read for its ids and decisions, not for its titles and abstracts. A row still counts when only
   * other columns are filled (an empty id is then reported, not skipped). Headers are always read whole.
   */
  columns?: ReadonlySet<string>;
}

/**
 * The same text in a string of its own. A cell's text is a slice of the chunk of sheet XML it was
 * found in, and V8 keeps the whole chunk alive for as long as the slice lives: kept ids and
 * decisions of a 130,000-row sheet held most of its 280 MB of XML (1.3 GB peak for a collect).
 * Concatenation then slicing makes V8 copy the text into a new flat string (of its length + 1).
 */
function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** readWorkbook of a file, refused by its size before it is read into memory. */
export async function readWorkbookFile(file: string, limits: SheetLimits = DEFAULT_SHEET_LIMITS): Promise<ReadWorkbook> {
  const size = statSync(file).size;
  if (size > limits.maxFileBytes) throw new WorkbookReadError(`the file is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${limits.maxFileBytes / 1024 / 1024} MB a returned sheet may have`);
  return readWorkbook(readFileSync(file), limits);
}

/**
 * Read every sheet as header + rows of text, plus `_meta`, with the lean bounded reader
 * (src/sheets/xlsx-read.ts): values only, whatever program saved the workbook. Throws
 * WorkbookReadError (a reason people can act on) for a damaged, hostile or oversized file.
 */
export async function readWorkbook(buffer: Uint8Array, limits?: SheetLimits, options: ReadOptions = {}): Promise<ReadWorkbook> {
  const keep = options.columns;
  const sheets: ReadSheet[] = [];
  const meta = new Map<string, string>();
  let current: ReadSheet | undefined;
  let isMeta = false;
  await scanWorkbook(buffer, {
    sheet(name) {
      if (name === '_lists') return false;
      isMeta = name === META_SHEET;
      current = isMeta ? undefined : { name, header: [], rows: [] };
      return true;
    },
    row({ row, cells, width }) {
      if (isMeta) {
        if (row > 1) meta.set(detached(cells[0] ?? ''), detached(cells[1] ?? ''));
        return;
      }
      const sheet = current!;
      if (row === 1) {
        for (let c = 0; c < width; c++) sheet.header.push(detached((cells[c] ?? '').trim()));
        return;
      }
      // Columns without a header are not read; of two columns with one header, the filled one counts.
      const values = new Map<string, string>();
      let any = false;
      sheet.header.forEach((h, i) => {
        const text = cells[i] ?? '';
        if (text !== '') any = true;
        if (keep && !keep.has(h)) return;
        if (!values.has(h) || text !== '') values.set(h, detached(text));
      });
      if (any) sheet.rows.push({ row, values });
    },
    endSheet() {
      if (current) sheets.push(current);
      current = undefined;
      isMeta = false;
    },
  }, limits);
  return { sheets, meta };
}
