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
  let line = 1;
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out.push({ text: text.slice(start, i), line });
      line++;
      start = i + 1;
    } else if (c === 13) {
      out.push({ text: text.slice(start, i), line });
      if (text.charCodeAt(i + 1) === 10) {
        i++;
        line++;
      }
      start = i + 1;
    }
  }
  if (start < n) out.push({ text: text.slice(start), line });
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
  // Fast path: without bare CRs, scan with indexOf and never build the intermediate line array.
  const source = text.includes('\r') ? (hasBareCr(text) ? undefined : text.replace(/\r\n/g, '\n')) : text;
  if (source === undefined) return tokenizeLines(splitLines(text), pattern);
  const out: TaggedLine[] = [];
  const n = source.length;
  let pos = 0;
  let line = 1;
  while (pos < n) {
    let end = source.indexOf('\n', pos);
    if (end < 0) end = n;
    const text = source.slice(pos, end);
    const m = pattern.exec(text);
    out.push(m ? { tag: m[1] as string, value: (m[2] ?? '').trimEnd(), line } : { tag: undefined, value: text, line });
    pos = end + 1;
    line++;
  }
  return out;
}

function hasBareCr(text: string): boolean {
  let i = text.indexOf('\r');
  while (i >= 0) {
    if (text.charCodeAt(i + 1) !== 10) return true;
    i = text.indexOf('\r', i + 2);
  }
  return false;
}

function tokenizeLines(lines: PhysicalLine[], pattern: RegExp): TaggedLine[] {
  const out: TaggedLine[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as PhysicalLine;
    const m = pattern.exec(l.text);
    out[i] = m ? { tag: m[1] as string, value: (m[2] ?? '').trimEnd(), line: l.line } : { tag: undefined, value: l.text, line: l.line };
  }
  return out;
}
