/**
 * The one tolerant tokenizer for the tagged family (WoS, Ovid, EndNote/Refer, RefWorks; RIS and
 * MEDLINE read the same lines from bytes, see byte-lines.ts). No npm parser survives real exports,
 * so each plug-in gives its tag pattern and decides what untagged lines mean; this module only
 * splits lines and recognises tags.
 */
import { forEachLineBetween } from './byte-lines.js';

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
  return forEachLineBetween((code, at) => text.indexOf(code === 0x0a ? '\n' : '\r', at), visit, 0, text.length, firstLine);
}
