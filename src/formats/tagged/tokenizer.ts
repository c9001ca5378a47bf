/**
 * The one tolerant tokenizer for the tagged family (RIS, MEDLINE/nbib, WoS, Ovid, EndNote/Refer,
 * RefWorks). No npm parser survives real exports, so each plug-in gives its tag pattern and decides
 * what untagged lines mean; this module only splits lines and recognises tags.
 */

export interface PhysicalLine {
  text: string;
  /** 1-based physical line number (a bare CR inside a line does not advance it). */
  line: number;
}

/**
 * Split on CRLF, LF and bare CR. Bare CR is a line break too: WoS RIS glues repeated AD/C3 tags
 * onto one physical line with CR, and Citavi puts CR between abstract paragraphs; both read
 * correctly as separate lines. Line numbers follow LF/CRLF so warnings point at what an editor shows.
 */
export function splitLines(text: string): PhysicalLine[] {
  const out: PhysicalLine[] = [];
  forEachLine(text, (lineText, line) => out.push({ text: lineText, line }));
  return out;
}

export interface TaggedLine {
  /** The tag, or undefined for an untagged (continuation or junk) line. */
  tag: string | undefined;
  /** The value after the separator, or the whole line when untagged. */
  value: string;
  line: number;
}

/**
 * Tokenise with a format's tag pattern: group 1 = tag, group 2 = value (may be undefined for "ER  -").
 * Lines that do not match keep their full text with tag undefined.
 */
export function tokenize(text: string, pattern: RegExp): TaggedLine[] {
  const out: TaggedLine[] = [];
  forEachLine(text, (lineText, line) => {
    const m = pattern.exec(lineText);
    out.push(m ? { tag: m[1] as string, value: (m[2] ?? '').trimEnd(), line } : { tag: undefined, value: lineText, line });
  });
  return out;
}

/** Call `visit` for every line without building an array of lines (see forEachLineRange). */
export function forEachLine(text: string, visit: (lineText: string, line: number) => void): void {
  forEachLineRange(text, (start, end, line) => visit(text.slice(start, end), line));
}

/**
 * Call `visit` with the bounds of every line (text.slice(start, end) is the line), numbered from
 * `firstLine`, and return the number the next line would have, so a parser
 * can read tags in place and cut out only the values it keeps. LF-only files take an indexOf fast
 * path; files with CRs also break on bare CR (same rules and numbers as splitLines), found with
 * indexOf too: a regex exec per line was a tenth of a large RIS import.
 */
export function forEachLineRange(text: string, visit: (start: number, end: number, line: number) => void, firstLine = 1): number {
  const n = text.length;
  let pos = 0;
  let line = firstLine;
  let nextCr = text.indexOf('\r');
  if (nextCr < 0) {
    while (pos < n) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = n;
      visit(pos, end, line);
      pos = end + 1;
      line++;
    }
    return line;
  }
  let nextLf = text.indexOf('\n');
  while (pos < n) {
    // Keep the next CR and LF positions ahead of `pos`; each is searched for once per occurrence.
    if (nextCr >= 0 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    if (nextLf >= 0 && nextLf < pos) nextLf = text.indexOf('\n', pos);
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
      visit(pos, n, line);
      pos = n;
    }
  }
  return line;
}

/**
 * forEachLineRange over text given in pieces that each end at a line break (decodeInChunks):
 * numbers run on across pieces, and `visit` gets the piece its bounds refer to.
 */
export function forEachLineInChunks(chunks: readonly string[], visit: (chunk: string, start: number, end: number, line: number) => void): void {
  let line = 1;
  for (const chunk of chunks) line = forEachLineRange(chunk, (start, end, n) => visit(chunk, start, end, n), line);
}

/** A tag line as the tagged parsers read it. */
export interface TagLine {
  tag: string;
  /** The value with trailing white space removed ("" for a tag with no value). */
  value: string;
}

const TAGS = new Map<number, string>();
const MAX_INTERNED_TAGS = 4096;

/**
 * text[start, end) — a tag of 1–4 characters A–Z/0–9 — as one shared string: a large export repeats
 * a few dozen tags millions of times, and each kept copy was a string of its own.
 */
export function internTag(text: string, start: number, end: number): string {
  let key = 0;
  for (let i = start; i < end; i++) key = key * 64 + (text.charCodeAt(i) - 47); // "0" → 1 … "Z" → 43
  let tag = TAGS.get(key);
  if (tag === undefined) {
    tag = text.slice(start, end);
    if (TAGS.size < MAX_INTERNED_TAGS) TAGS.set(key, tag);
  }
  return tag;
}

/** trimEnd, skipped when the last character cannot be white space (almost every value). */
export function trimEndFast(value: string): string {
  const last = value.charCodeAt(value.length - 1);
  return last <= 32 || last >= 0x80 ? value.trimEnd() : value;
}

/**
 * End of the tag that starts at `start` (an upper-case letter, then upper-case letters or digits,
 * at most `maxLength` characters), or `start` when no tag starts there. Shared by the tag-line
 * scanners of RIS and MEDLINE, which run on every line of a file.
 */
export function scanTagName(text: string, start: number, end: number, maxLength: number): number {
  if (start >= end || !isUpper(text.charCodeAt(start))) return start;
  let i = start + 1;
  while (i < end && i < start + maxLength && isUpperOrDigit(text.charCodeAt(i))) i++;
  return i;
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isUpperOrDigit = (c: number): boolean => isUpper(c) || (c >= 48 && c <= 57);
