/**
 * The line rules of every tagged format, for text held as a string or as UTF-8 bytes: CRLF, LF and
 * bare CR all end a line, and numbers follow LF/CRLF so that a bare CR continues the same numbered
 * line (WoS RIS glues repeated AD/C3 tags with CR; Citavi puts CR between abstract paragraphs).
 * In UTF-8, a LF or CR byte is never part of another character, so both forms find the same lines.
 */

const LF = 0x0a;
const CR = 0x0d;

/**
 * Visit the lines of [from, to), numbered from `firstLine`, finding breaks with `find(code, from)`
 * (indexOf: memchr, never a byte-by-byte loop); returns the number the next line would have.
 */
export function forEachLineBetween(
  find: (code: number, from: number) => number,
  visit: (start: number, end: number, line: number) => void,
  from: number,
  to: number,
  firstLine: number,
): number {
  const within = (code: number, at: number): number => {
    const i = find(code, at);
    return i >= 0 && i < to ? i : -1;
  };
  let pos = from;
  let line = firstLine;
  let nextCr = within(CR, pos);
  if (nextCr < 0) {
    while (pos < to) {
      let end = within(LF, pos);
      if (end < 0) end = to;
      visit(pos, end, line);
      pos = end + 1;
      line++;
    }
    return line;
  }
  let nextLf = within(LF, pos);
  while (pos < to) {
    // Keep the next CR and LF positions ahead of `pos`; each is searched for once per occurrence.
    if (nextCr >= 0 && nextCr < pos) nextCr = within(CR, pos);
    if (nextLf >= 0 && nextLf < pos) nextLf = within(LF, pos);
    if (nextCr >= 0 && (nextLf < 0 || nextCr < nextLf)) {
      visit(pos, nextCr, line);
      if (nextCr + 1 === nextLf) {
        // CRLF: one break, counted as a line.
        line++;
        pos = nextLf + 1;
      } else {
        // Bare CR: a break inside the same numbered line.
        pos = nextCr + 1;
      }
    } else if (nextLf >= 0) {
      visit(pos, nextLf, line);
      line++;
      pos = nextLf + 1;
    } else {
      visit(pos, to, line);
      pos = to;
    }
  }
  return line;
}

/** forEachLineBetween over UTF-8 bytes. */
export function forEachByteLine(
  bytes: Uint8Array,
  visit: (start: number, end: number, line: number) => void,
  from = 0,
  to = bytes.length,
  firstLine = 1,
): number {
  // Searches stop at `to`: a part of a file without CRs must not look for one through the rest of the file.
  const within = to === bytes.length ? bytes : bytes.subarray(0, to);
  return forEachLineBetween((code, at) => within.indexOf(code, at), visit, from, to, firstLine);
}
