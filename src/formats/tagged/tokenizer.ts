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

/**
 * Call `visit` for every line without building an array of lines. LF and CRLF files take an
 * indexOf fast path; files with bare CRs break on CR too (same rules and numbers as splitLines).
 */
export function forEachLine(text: string, visit: (lineText: string, line: number) => void): void {
  const n = text.length;
  let pos = 0;
  let line = 1;
  if (!text.includes('\r')) {
    while (pos < n) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = n;
      visit(text.slice(pos, end), line);
      pos = end + 1;
      line++;
    }
    return;
  }
  const breaks = /\r\n|\r|\n/g;
  let m: RegExpExecArray | null;
  while ((m = breaks.exec(text)) !== null) {
    visit(text.slice(pos, m.index), line);
    if (m[0] !== '\r') line++;
    pos = m.index + m[0].length;
  }
  if (pos < n) visit(text.slice(pos), line);
}
