/**
 * Bytes → text for every format: BOM-aware (UTF-8, UTF-16LE/BE), strict UTF-8 first, Windows-1252
 * fallback with a warning. Binary files are refused. Line endings are left alone: plug-ins cope
 * with CRLF, LF and bare CR themselves because some formats give bare CR a meaning.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { trimStartBytes } from './tagged/utf8-text.js';
import { FormatError, type FormatWarning } from './types.js';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  bom: boolean;
  warnings: FormatWarning[];
}

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new FormatError('the file is empty (0 bytes); export it again from the database');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: utf8(bytes.subarray(3)), encoding: 'utf-8', bom: true, warnings: [] };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true, warnings: [] };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true, warnings: [] };
  }
  const sniffed = sniffUtf16WithoutBom(bytes);
  if (sniffed) return { text: new TextDecoder(sniffed).decode(bytes), encoding: sniffed, bom: false, warnings: [] };
  if (looksBinary(bytes)) {
    throw new FormatError('the file is binary, not a text export (it contains NUL/control bytes); export as RIS, MEDLINE, CSV, XML or BibTeX text', 1);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false, warnings: [] };
  } catch {
    const line = firstInvalidUtf8Line(bytes);
    return {
      text: iconv.decode(Buffer.from(bytes), 'win1252'),
      encoding: 'windows-1252',
      bom: false,
      warnings: [{
        code: 'encoding-repaired',
        line,
        message: `the file is not valid UTF-8 (first bad byte on line ${line}); read it as Windows-1252/Latin-1. Check accented letters, or export again as UTF-8`,
      }],
    };
  }
}

/**
 * A file ready for a plug-in: its encoding, the start of its text for sniffing, and the text
 * either as a string or as valid UTF-8 bytes, whichever the plug-in reads. A valid UTF-8 file is
 * never decoded whole for a byte-level plug-in.
 */
export interface DecodedInput {
  encoding: DecodedText['encoding'];
  bom: boolean;
  warnings: FormatWarning[];
  /** The start of the text (at least 64K characters, or all of it), what sniffing reads. */
  head: string;
  /** The whole text, BOM removed. */
  text(): string;
  /** The text as valid UTF-8 bytes, every leading BOM removed. */
  utf8(): Buffer;
}

/** How many bytes of a UTF-8 file are decoded for sniffing: at least the 64K characters it reads. */
const HEAD_BYTES = 256 * 1024;

/** decodeBytes, but a valid UTF-8 file stays bytes until a plug-in asks for its text. Throws FormatError. */
export function decodeInput(bytes: Uint8Array): DecodedInput {
  if (bytes.length === 0) return fromText(decodeBytes(bytes));
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = utf8Start(buf);
  if (!start || !isUtf8(start.bom ? buf.subarray(3) : buf)) return fromText(decodeBytes(bytes));
  const utf8 = buf.subarray(start.textStart);
  if (trimStartBytes(utf8, 0, utf8.length) === utf8.length) throw new FormatError(WHITE_SPACE_ONLY, 1);
  return {
    encoding: 'utf-8',
    bom: start.bom,
    warnings: [],
    head: utf8.toString('utf8', 0, characterBoundary(utf8, HEAD_BYTES)),
    text: () => utf8.toString('utf8'),
    utf8: () => utf8,
  };
}

const WHITE_SPACE_ONLY = 'the file holds only white space; export it again';

/** What a large file's first bytes tell when they are plain UTF-8 text (see utf8Head). */
export interface Utf8Head {
  /** Where the text starts: after every leading UTF-8 BOM. */
  textStart: number;
  bom: boolean;
  /** What decodeInput(whole file).head would be. */
  head: string;
}

/** How many of a file's first bytes utf8Head needs (when the file has that many). */
export const UTF8_HEAD_BYTES = HEAD_BYTES + 4096;

/**
 * For a large file read in parts: its sniffing head and where its text starts, when its first
 * bytes (`first`: UTF8_HEAD_BYTES of them, or the whole file) are plain UTF-8 text, as decodeInput takes them;
 * undefined when decodeInput must see the whole file (UTF-16, binary, not UTF-8, blank start).
 * The rest of the file must then be checked to be UTF-8 too, part by part.
 */
export function utf8Head(first: Buffer, wholeFile: boolean): Utf8Head | undefined {
  const start = utf8Start(first);
  if (!start) return undefined;
  const text = first.subarray(start.textStart);
  if (text.length <= HEAD_BYTES && !wholeFile) return undefined;
  const headEnd = characterBoundary(text, HEAD_BYTES);
  if (!isUtf8(text.subarray(0, headEnd)) || trimStartBytes(text, 0, headEnd) === headEnd) return undefined;
  return { ...start, head: text.toString('utf8', 0, headEnd) };
}

/**
 * Whether a file starting with `first` may be UTF-8 text (not UTF-16, not binary), and where its
 * text starts: after every leading UTF-8 BOM. decodeBytes's order: a UTF-8 BOM wins over the
 * binary check; without one, binary files are refused.
 */
function utf8Start(first: Buffer): { textStart: number; bom: boolean } | undefined {
  const bom = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf;
  const utf16 = (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff) || sniffUtf16WithoutBom(first) !== undefined;
  if (utf16 || (!bom && looksBinary(first))) return undefined;
  let textStart = 0;
  while (first[textStart] === 0xef && first[textStart + 1] === 0xbb && first[textStart + 2] === 0xbf) textStart += 3;
  return { textStart, bom };
}

function fromText(decoded: DecodedText): DecodedInput {
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new FormatError(WHITE_SPACE_ONLY, 1);
  return {
    encoding: decoded.encoding,
    bom: decoded.bom,
    warnings: decoded.warnings,
    head: text,
    text: () => text,
    utf8: () => Buffer.from(text.replace(/^\uFEFF+/, ''), 'utf8'),
  };
}

/** `at`, or the start of the UTF-8 character `at` falls inside; the length when `at` is past the end. */
function characterBoundary(bytes: Uint8Array, at: number): number {
  if (at >= bytes.length) return bytes.length;
  while (at > 0 && ((bytes[at] as number) & 0xc0) === 0x80) at--;
  return at;
}

function utf8(bytes: Uint8Array): string {
  // After a UTF-8 BOM, a stray invalid byte is repaired with U+FFFD rather than refusing the file.
  return new TextDecoder('utf-8').decode(bytes);
}

function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 400) & ~1;
  if (n < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control > n * 0.02;
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b === 0x0a) line++;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return line;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    i += need + 1;
  }
  return line;
}
