/**
 * Bytes → text for every format: BOM-aware (UTF-8, UTF-16LE/BE), strict UTF-8 first, Windows-1252
 * fallback with a warning. Binary files are refused. Line endings are left alone: plug-ins cope
 * with CRLF, LF and bare CR themselves because some formats give bare CR a meaning.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
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

export interface DecodedChunks extends Omit<DecodedText, 'text'> {
  /** The text in consecutive pieces, each ending at a line break (the last may not). */
  chunks: string[];
}

/**
 * About how many bytes go into one piece of a large file (a piece then runs to the next line
 * break): small enough that most pieces hold no accented letter at all. The first piece is larger
 * so that format sniffing, which reads the first 64K characters, finds them all in it.
 */
const CHUNK_BYTES = 16 * 1024;
const FIRST_CHUNK_BYTES = 256 * 1024;

/**
 * decodeBytes for large files: the same text and encoding, but a valid UTF-8 file without a BOM is
 * decoded in line-aligned pieces. A single accented letter makes a whole JS string two bytes per
 * character, so one string for a 100 MB export cost twice the memory and a slower decode; pieces
 * that are pure ASCII stay one byte per character.
 */
export function decodeInChunks(bytes: Uint8Array): DecodedChunks {
  const hasBom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (bytes.length <= FIRST_CHUNK_BYTES || hasBom || sniffUtf16WithoutBom(bytes) || looksBinary(bytes) || !isUtf8(bytes)) {
    const { text, ...rest } = decodeBytes(bytes);
    return { ...rest, chunks: [text] };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  for (let start = 0; start < buf.length;) {
    // A LF byte never occurs inside a multi-byte UTF-8 sequence, so each piece decodes on its own.
    const size = start === 0 ? FIRST_CHUNK_BYTES : CHUNK_BYTES;
    const lf = start + size >= buf.length ? -1 : buf.indexOf(0x0a, start + size);
    const end = lf < 0 ? buf.length : lf + 1;
    const piece = buf.subarray(start, end);
    chunks.push(isAscii(piece) ? piece.toString('latin1') : piece.toString('utf8'));
    start = end;
  }
  return { chunks, encoding: 'utf-8', bom: false, warnings: [] };
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
