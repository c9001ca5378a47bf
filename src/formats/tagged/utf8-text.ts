/**
 * A file's text kept as its UTF-8 bytes. The large tagged exports (RIS, MEDLINE) are read in place:
 * lines and tags are found in the bytes, only the values a record's fields need are decoded, and the
 * raw values go to records.jsonl as byte copies. Decoding a 250 MB export into strings and encoding
 * it back was most of an import's time.
 *
 * The bytes must be valid UTF-8 (the import checks, or re-encodes text it had to decode otherwise):
 * then no LF or CR byte is ever part of a multi-byte character, and a byte copy is the text's UTF-8.
 */

const BLOCK_SHIFT = 16;
const NO_SPECIALS = new Int32Array(0);

export class Utf8Text {
  /** Per 64 KiB block: the positions of bytes a JSON string must escape (LF and CR excepted), once scanned. */
  private readonly specials: (Int32Array | undefined)[] = [];

  constructor(readonly bytes: Buffer) {}

  get length(): number {
    return this.bytes.length;
  }

  decode(start: number, end: number): string {
    return start === end ? '' : this.bytes.toString('utf8', start, end);
  }

  /**
   * The first position in [start, end) of a byte that a JSON string cannot hold as it is (a control
   * character other than LF/CR, `"` or `\`), or -1. Values never hold LF or CR: they end lines.
   */
  firstSpecial(start: number, end: number): number {
    for (let block = start >> BLOCK_SHIFT; block <= (end - 1) >> BLOCK_SHIFT; block++) {
      const positions = this.specials[block] ?? this.scanBlock(block);
      if (positions.length === 0) continue;
      // Binary search for the first position ≥ start.
      let lo = 0;
      let hi = positions.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((positions[mid] as number) < start) lo = mid + 1;
        else hi = mid;
      }
      if (lo < positions.length) {
        const p = positions[lo] as number;
        return p < end ? p : -1;
      }
    }
    return -1;
  }

  /**
   * Find the special bytes of one block, four bytes at a time: a word has a byte below 0x20, a `"`
   * or a `\` exactly when one of the classic "has a zero/lesser byte" tests sets a high bit.
   */
  private scanBlock(block: number): Int32Array {
    const bytes = this.bytes;
    const start = block << BLOCK_SHIFT;
    const end = Math.min(bytes.length, start + (1 << BLOCK_SHIFT));
    const found: number[] = [];
    const check = (i: number): void => {
      const c = bytes[i] as number;
      if ((c < 0x20 && c !== 0x0a && c !== 0x0d) || c === 0x22 || c === 0x5c) found.push(i);
    };
    // Words must be 4-byte aligned in the underlying memory: the edges are read byte by byte.
    let i = start;
    while (i < end && (bytes.byteOffset + i) % 4 !== 0) check(i++);
    const wordCount = (end - i) >> 2;
    if (wordCount > 0) {
      const words = new Int32Array(bytes.buffer, bytes.byteOffset + i, wordCount);
      for (let k = 0; k < wordCount; k++) {
        const w = words[k] as number;
        const q = w ^ 0x22222222;
        const s = w ^ 0x5c5c5c5c;
        if ((((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) {
          const base = i + (k << 2);
          check(base);
          check(base + 1);
          check(base + 2);
          check(base + 3);
        }
      }
      i += wordCount << 2;
    }
    while (i < end) check(i++);
    const positions = found.length ? Int32Array.from(found) : NO_SPECIALS;
    this.specials[block] = positions;
    return positions;
  }
}

/**
 * The end of bytes[start, end) once trailing white space is removed, with String.prototype.trimEnd's
 * idea of white space (ASCII TAB–CR and space, NBSP, the Unicode space separators, LS, PS, BOM).
 */
export function trimEndBytes(bytes: Uint8Array, start: number, end: number): number {
  while (end > start) {
    const c = bytes[end - 1] as number;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) end--;
    else if (c < 0x80) break;
    else {
      const width = whiteSpaceEndingAt(bytes, start, end);
      if (width === 0) break;
      end -= width;
    }
  }
  return end;
}

/** The start of bytes[start, end) once leading white space is removed (String.prototype.trimStart). */
export function trimStartBytes(bytes: Uint8Array, start: number, end: number): number {
  while (start < end) {
    const c = bytes[start] as number;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) start++;
    else if (c < 0x80) break;
    else {
      const width = whiteSpaceStartingAt(bytes, start, end);
      if (width === 0) break;
      start += width;
    }
  }
  return start;
}

/** Byte length of a non-ASCII JS white-space character that ends at `end`, or 0. */
function whiteSpaceEndingAt(bytes: Uint8Array, start: number, end: number): number {
  if (end - start >= 2 && bytes[end - 2] === 0xc2 && bytes[end - 1] === 0xa0) return 2;
  if (end - start >= 3 && isWideWhiteSpace(bytes[end - 3] as number, bytes[end - 2] as number, bytes[end - 1] as number)) return 3;
  return 0;
}

function whiteSpaceStartingAt(bytes: Uint8Array, start: number, end: number): number {
  if (end - start >= 2 && bytes[start] === 0xc2 && bytes[start + 1] === 0xa0) return 2;
  if (end - start >= 3 && isWideWhiteSpace(bytes[start] as number, bytes[start + 1] as number, bytes[start + 2] as number)) return 3;
  return 0;
}

/** U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF in UTF-8. */
function isWideWhiteSpace(a: number, b: number, c: number): boolean {
  if (a === 0xe2) {
    if (b === 0x80) return (c >= 0x80 && c <= 0x8a) || c === 0xa8 || c === 0xa9 || c === 0xaf;
    return b === 0x81 && c === 0x9f;
  }
  if (a === 0xe1) return b === 0x9a && c === 0x80;
  if (a === 0xe3) return b === 0x80 && c === 0x80;
  return a === 0xef && b === 0xbb && c === 0xbf;
}
