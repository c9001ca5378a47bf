/**
 * A lean reader of cell VALUES from .xlsx workbooks, whatever wrote them (Excel, LibreOffice, Google
 * Sheets, Numbers, openpyxl/pandas, WPS, our own exceljs writer). It reads only what the stages need:
 * sheet names (workbook.xml + its relationships, relative or absolute targets), shared strings,
 * inline strings, and each sheet's cells (plus which cell formats are dates). Comments, drawings,
 * validations are never opened,
 * so a part one writer spells oddly (openpyxl's absolute comment paths, exceljs issue #2797) cannot
 * make a returned sheet unreadable.
 *
 * Untrusted input is bounded twice: the zip layer refuses by declared sizes, entry counts and ratios
 * before inflating and while inflating; the sheet scan refuses rows, columns and cells beyond what any
 * spreadsheet program writes, as soon as it meets them (a declared `<dimension>` first). Sheet XML is
 * scanned in chunks as it inflates, so memory follows the kept values, not the unzipped size.
 *
 * Values are text exactly as stored: numbers as their shortest decimal, booleans as true/false,
 * numbers in a date format as their ISO day (the only thing read from styles.xml), formulas never evaluated (their
 * cached result is read, as text, or the formula's text when there is no usable result).
 */
import { posix } from 'node:path';
import { attribute, decodeXmlText, XmlError, XmlScanner, type XmlHandler } from './xml-scan.js';
import { DEFAULT_ZIP_LIMITS, ZipError, ZipReader, type ZipLimits } from './zip-read.js';

export interface SheetLimits extends ZipLimits {
  /** Compressed file size. */
  maxFileBytes: number;
  /** Rows and columns: Excel's own maximum (1,048,576 × 16,384); no spreadsheet program writes more. */
  maxRows: number;
  maxColumns: number;
  /** Cells with a value, over all sheets read. */
  maxCells: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = {
  ...DEFAULT_ZIP_LIMITS,
  maxFileBytes: 256 * 1024 * 1024,
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxCells: 10_000_000,
};

/** A workbook that cannot be read or breaks a limit; the message is for people (the caller adds the file name). */
export class WorkbookReadError extends Error {
  override name = 'WorkbookReadError';
}

export interface RawRow {
  /** 1-based row number as in the spreadsheet. */
  row: number;
  /** Non-empty cell texts by 0-based column index (column A is 0); reused for the next row after the call. */
  cells: readonly (string | undefined)[];
  /** The last column with a value (1-based). */
  width: number;
}

export interface RawSheetVisitor {
  /** Called once per listed sheet, in workbook order; return false to skip reading that sheet. */
  sheet(name: string): boolean;
  row(row: RawRow): void;
  endSheet(): void;
}

const REL_OFFICE_DOCUMENT = '/officeDocument';
const REL_WORKSHEET = '/worksheet';
const REL_SHARED_STRINGS = '/sharedStrings';
const REL_STYLES = '/styles';

/** Which cell styles show a number as a date (the one thing read from styles.xml), and the workbook's date system. */
interface DateCells {
  styles: ReadonlySet<number>;
  date1904: boolean;
}

/** Read every worksheet's rows, streaming; throws WorkbookReadError with a reason people can act on. */
export async function scanWorkbook(bytes: Uint8Array, visitor: RawSheetVisitor, limits: SheetLimits = DEFAULT_SHEET_LIMITS): Promise<void> {
  try {
    await scan(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), visitor, limits);
  } catch (error) {
    if (error instanceof ZipError || error instanceof XmlError) throw new WorkbookReadError(error.message);
    throw error;
  }
}

async function scan(zipBytes: Buffer, visitor: RawSheetVisitor, limits: SheetLimits): Promise<void> {
  if (zipBytes.length > limits.maxFileBytes) throw new WorkbookReadError(`the file is ${(zipBytes.length / 1024 / 1024).toFixed(1)} MB, more than the ${limits.maxFileBytes / 1024 / 1024} MB a returned sheet may have`);
  if (zipBytes[0] === 0xd0 && zipBytes[1] === 0xcf && zipBytes[2] === 0x11 && zipBytes[3] === 0xe0) {
    throw new WorkbookReadError('an old-style .xls or a password-protected workbook; save it as .xlsx (Excel Workbook) without a password');
  }
  const zip = new ZipReader(zipBytes, limits);
  const workbookPath = (await relationships(zip, '_rels/.rels', '')).find((r) => r.type.endsWith(REL_OFFICE_DOCUMENT))?.target ?? 'xl/workbook.xml';
  if (!zip.has(workbookPath)) throw new WorkbookReadError(`no workbook part (${workbookPath}); not an .xlsx workbook`);
  const workbookRels = await relationships(zip, relsPathOf(workbookPath), posix.dirname(workbookPath));
  const byId = new Map(workbookRels.map((r) => [r.id, r]));
  const { sheets, date1904 } = await sheetList(zip, workbookPath);
  const sharedPath = workbookRels.find((r) => r.type.endsWith(REL_SHARED_STRINGS))?.target;
  const stylesPath = workbookRels.find((r) => r.type.endsWith(REL_STYLES))?.target;
  let shared: string[] | undefined;
  let dates: DateCells | undefined;
  const budget = { cells: 0 };
  for (const s of sheets) {
    const rel = byId.get(s.rid);
    // Chart and dialog sheets are listed in workbook.xml too; only worksheets hold cells.
    if (!rel || !rel.type.endsWith(REL_WORKSHEET)) continue;
    if (!zip.has(rel.target)) throw new WorkbookReadError(`sheet "${s.name}": its part ${rel.target} is missing`);
    if (!visitor.sheet(s.name)) continue;
    // Declared sizes of the sheet are checked before the shared strings are inflated.
    zip.check(rel.target);
    if (shared === undefined) shared = sharedPath && zip.has(sharedPath) ? await sharedStrings(zip, sharedPath, limits) : [];
    if (dates === undefined) dates = { styles: stylesPath && zip.has(stylesPath) ? await dateStyles(zip, stylesPath) : new Set(), date1904 };
    await sheetRows(zip, rel.target, s.name, shared, dates, visitor, limits, budget);
    visitor.endSheet();
  }
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

/** Relationships of a part; targets resolved to zip entry names (relative to `baseDir`, or absolute from the root). */
async function relationships(zip: ZipReader, path: string, baseDir: string): Promise<Relationship[]> {
  if (!zip.has(path)) return [];
  const out: Relationship[] = [];
  await parsePart(zip, path, {
    open(name, tag) {
      if (name !== 'Relationship') return;
      if (attribute(tag, 'TargetMode') === 'External') return;
      const target = attribute(tag, 'Target');
      if (!target) return;
      out.push({ id: attribute(tag, 'Id') ?? '', type: attribute(tag, 'Type') ?? '', target: resolveTarget(baseDir, target) });
    },
    close() {},
    text() {},
  });
  return out;
}

function resolveTarget(baseDir: string, target: string): string {
  const clean = target.replace(/\\/g, '/');
  // posix.normalize collapses `..` and `.`; a leading `/` means the package root.
  const joined = clean.startsWith('/') ? clean.slice(1) : posix.join(baseDir, clean);
  return posix.normalize(joined).replace(/^(\.\.\/)+/, '');
}

async function sheetList(zip: ZipReader, workbookPath: string): Promise<{ sheets: { name: string; rid: string }[]; date1904: boolean }> {
  const sheets: { name: string; rid: string }[] = [];
  let date1904 = false;
  await parsePart(zip, workbookPath, {
    open(name, tag) {
      if (name === 'sheet') sheets.push({ name: attribute(tag, 'name') ?? '', rid: attribute(tag, 'id') ?? '' });
      else if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attribute(tag, 'date1904') ?? '');
    },
    close() {},
    text() {},
  });
  return { sheets, date1904 };
}

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Indexes of the cell formats (cellXfs) whose number format is a date, so such cells read as ISO days as before. */
async function dateStyles(zip: ZipReader, path: string): Promise<Set<number>> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  let depth = 0;
  await parsePart(zip, path, {
    open(name, tag, selfClosing) {
      if (name === 'numFmt') custom.set(Number(attribute(tag, 'numFmtId')), attribute(tag, 'formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (inCellXfs && name === 'xf') {
        if (depth === 0) xfFormats.push(Number(attribute(tag, 'numFmtId') ?? 0));
        if (!selfClosing) depth++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
      else if (inCellXfs && name === 'xf' && depth > 0) depth--;
    },
    text() {},
  });
  const out = new Set<number>();
  xfFormats.forEach((id, i) => {
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) out.add(i);
  });
  return out;
}

/** A custom format shows a date when it has d, m, y, h or s outside quoted text, [brackets] and \-escapes. */
function isDateFormat(code: string): boolean {
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quoted) { if (c === '"') quoted = false; continue; }
    if (bracket) { if (c === ']') bracket = false; continue; }
    if (c === '"') quoted = true;
    else if (c === '[') bracket = true;
    else if (c === '\\' || c === '_' || c === '*') i++;
    else if (c === ';') return false; // only the first (positive) section decides
    else if ('dmyhsDMYHS'.includes(c)) return true;
  }
  return false;
}

/** The shared string table: each `<si>`'s text (plain or rich-text runs; phonetic hints left out). */
async function sharedStrings(zip: ZipReader, path: string, limits: SheetLimits): Promise<string[]> {
  const out: string[] = [];
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  let text = '';
  await parsePart(zip, path, {
    open(name) {
      if (name === 'si') {
        inItem = true;
        text = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inItem && !phonetic) inText = true;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        inItem = false;
        if (out.length >= limits.maxCells) throw new WorkbookReadError(`the shared string table has more than ${limits.maxCells} entries`);
        out.push(unescapeOoxml(text));
      }
    },
    text(raw, cdata) {
      if (inText) text += cdata ? raw : decodeXmlText(raw);
    },
  });
  return out;
}

async function parsePart(zip: ZipReader, path: string, handler: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(handler, path);
  for await (const chunk of zip.chunks(path)) scanner.push(chunk);
  scanner.end();
}

/** Stream one worksheet's rows to the visitor, enforcing row, column and cell limits as they come. */
async function sheetRows(zip: ZipReader, path: string, sheetName: string, shared: readonly string[], dates: DateCells, visitor: RawSheetVisitor, limits: SheetLimits, budget: { cells: number }): Promise<void> {
  const where = `sheet "${sheetName}"`;
  let inData = false;
  let rowNumber = 0;
  // One cell array for every row (the visitor copies what it keeps): a row bomb makes no garbage here.
  const cells: (string | undefined)[] = [];
  const filled: number[] = [];
  let inRow = false;
  let column = 0;
  let type = '';
  let inCell = false;
  let capture = false; // inside <v>, or a <t> of an inline string outside phonetic runs
  let inFormula = false;
  let style = 0;
  let formula = '';
  let inInline = false;
  let phonetic = 0;
  let value = '';
  let hasValue = false;

  const tooManyRows = (n: number): WorkbookReadError =>
    new WorkbookReadError(`${where} has more rows than any spreadsheet program allows (at most ${limits.maxRows.toLocaleString('en')}; it reaches row ${n.toLocaleString('en')})`);

  const handler: XmlHandler = {
    open(name, tag) {
      if (!inData) {
        if (name === 'sheetData') inData = true;
        else if (name === 'dimension') {
          // The declared extent, if any, refuses a row bomb before its rows are scanned.
          const ref = attribute(tag, 'ref') ?? '';
          const last = ref.slice(ref.indexOf(':') + 1);
          const { row, col } = parseRef(last);
          if (row > limits.maxRows) throw tooManyRows(row);
          if (col > limits.maxColumns) throw new WorkbookReadError(`${where} declares ${col} columns, more than the ${limits.maxColumns} any spreadsheet program allows`);
        }
        return;
      }
      switch (name) {
        case 'row': {
          const r = attribute(tag, 'r');
          const n = r === undefined ? rowNumber + 1 : positiveInt(r);
          if (n === undefined || n <= rowNumber) throw new WorkbookReadError(`${where}: row number "${r}" after row ${rowNumber} (rows out of order; damaged file)`);
          if (n > limits.maxRows) throw tooManyRows(n);
          rowNumber = n;
          inRow = true;
          column = 0;
          for (const c of filled) cells[c] = undefined;
          filled.length = 0;
          break;
        }
        case 'c': {
          if (!inRow) throw new WorkbookReadError(`${where}: a cell outside any row (damaged file)`);
          const ref = attribute(tag, 'r');
          const col = ref === undefined ? column + 1 : parseRef(ref).col;
          if (!col || col > limits.maxColumns) throw new WorkbookReadError(`${where}, row ${rowNumber}: cell reference "${ref}" is outside the ${limits.maxColumns} columns a sheet can have`);
          column = col;
          type = attribute(tag, 't') ?? 'n';
          style = Number(attribute(tag, 's') ?? 0);
          inCell = true;
          value = '';
          hasValue = false;
          formula = '';
          break;
        }
        case 'f':
          if (inCell) inFormula = true;
          break;
        case 'v':
          if (inCell) {
            capture = true;
            hasValue = true;
          }
          break;
        case 'is':
          if (inCell) inInline = true;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inInline && !phonetic) {
            capture = true;
            hasValue = true;
          }
          break;
        default:
      }
    },
    close(name) {
      if (!inData) return;
      switch (name) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'f':
          inFormula = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'is':
          inInline = false;
          break;
        case 'c': {
          inCell = false;
          // A formula is never evaluated. Its cached result is what the sheet showed; without one, or
          // when it is an error (#NAME? for text such as "=reach youth" that a program took for a
          // formula), the formula's own text is what the person typed, kept as text.
          if (formula && (!hasValue || value === '' || type === 'e')) {
            hasValue = true;
            type = 'str';
            value = `=${formula}`;
          }
          if (!hasValue) break;
          const text = type === 'n' && dates.styles.has(style) ? dateText(value, dates.date1904) : cellText(type, value, shared, () => `${where}, row ${rowNumber}`);
          if (text === '') break;
          if (++budget.cells > limits.maxCells) throw new WorkbookReadError(`the workbook has more than ${limits.maxCells.toLocaleString('en')} filled cells (${where}, row ${rowNumber})`);
          cells[column - 1] = text;
          filled.push(column - 1);
          break;
        }
        case 'row':
          inRow = false;
          if (filled.length) visitor.row({ row: rowNumber, cells, width: Math.max(...filled) + 1 });
          break;
        case 'sheetData':
          inData = false;
          break;
        default:
      }
    },
    text(raw, cdata) {
      if (capture) value += cdata ? raw : decodeXmlText(raw);
      else if (inFormula) formula += cdata ? raw : decodeXmlText(raw);
    },
  };
  await parsePart(zip, path, handler);
}

/** A date cell's serial number as its ISO day (time of day dropped), as the sheet shows the date. */
function dateText(value: string, date1904: boolean): string {
  const serial = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(serial)) return value;
  // Day 0 is 1899-12-30 in the 1900 system (Excel's leap-year bug included), 1904-01-01 in the 1904 one.
  const ms = Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 10);
}

function cellText(type: string, value: string, shared: readonly string[], where: () => string): string {
  switch (type) {
    case 's': {
      const i = positiveInt(value.trim(), true);
      if (i === undefined || i >= shared.length) throw new WorkbookReadError(`${where()}: shared string ${JSON.stringify(value)} does not exist (damaged file)`);
      return shared[i]!;
    }
    case 'inlineStr':
      return unescapeOoxml(value);
    case 'str':
      return unescapeOoxml(value);
    case 'b':
      return value.trim() === '1' ? 'true' : value.trim() === '0' ? 'false' : value;
    case 'n': {
      const t = value.trim();
      if (t === '') return '';
      // The shortest decimal of the stored double, as a spreadsheet shows it ("1.0" → "1").
      const n = Number(t);
      return Number.isFinite(n) ? String(n) : t;
    }
    default:
      // 'e' (an error such as #N/A) and 'd' (an ISO date written as text) are kept as written.
      return value;
  }
}

/** `_x000D_`-style escapes of OOXML strings (ST_Xstring): characters XML cannot carry, written by Excel and openpyxl. */
function unescapeOoxml(s: string): string {
  let i = s.indexOf('_x');
  if (i < 0) return s;
  let out = '';
  let pos = 0;
  while (i >= 0) {
    const hex = s.slice(i + 2, i + 6);
    if (s.charCodeAt(i + 6) === 95 /* _ */ && hex.length === 4 && /^[0-9A-Fa-f]{4}$/.test(hex)) {
      out += s.slice(pos, i) + String.fromCharCode(Number.parseInt(hex, 16));
      pos = i + 7;
      i = s.indexOf('_x', pos);
    } else {
      i = s.indexOf('_x', i + 2);
    }
  }
  return out + s.slice(pos);
}

/** Row and column numbers of a reference such as "AB12" (0 where a part is missing or malformed). */
function parseRef(ref: string): { row: number; col: number } {
  let col = 0;
  let i = 0;
  const start = ref.charCodeAt(0) === 36 /* $ */ ? 1 : 0;
  for (i = start; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~0x20;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > 1e6) return { row: 0, col };
  }
  if (ref.charCodeAt(i) === 36) i++;
  const row = positiveInt(ref.slice(i)) ?? 0;
  return { row, col };
}

function positiveInt(s: string, allowZero = false): number | undefined {
  if (!s.length || s.length > 12) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(s);
  return n > 0 || (allowZero && n === 0) ? n : undefined;
}
