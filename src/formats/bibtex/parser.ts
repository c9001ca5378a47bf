/**
 * BibTeX syntax → entries (type, key, fields in file order, line of the `@`). Tolerant: @string
 * macros and `#` concatenation are expanded, @comment/@preamble skipped, a missing comma between
 * fields is accepted with a warning, and an entry that never closes (unbalanced brace) is cut at
 * the next line that starts with `@type{`, warned about, and parsing carries on from there.
 * Every loop advances the position, and brace depth is counted, not recursed, so nothing hangs.
 */
import type { FormatWarning } from '../types.js';

export interface BibEntry {
  type: string;
  key: string | undefined;
  /** [name as written, value with delimiters removed and macros expanded; LaTeX untouched]. */
  fields: [string, string][];
  line: number;
}

const MONTHS: [string, string][] = [
  ['jan', 'January'], ['feb', 'February'], ['mar', 'March'], ['apr', 'April'], ['may', 'May'], ['jun', 'June'],
  ['jul', 'July'], ['aug', 'August'], ['sep', 'September'], ['oct', 'October'], ['nov', 'November'], ['dec', 'December'],
];

/** A line that starts a new entry: where an unclosed value is cut and where parsing resumes. */
const ENTRY_LINE = /\n[ \t]*@[ \t]*[A-Za-z][\w:-]*[ \t]*[{(]/g;
const ENTRY_LINE_HERE = /\n[ \t]*@[ \t]*[A-Za-z][\w:-]*[ \t]*[{(]/y;
const ENTRY_START = /@[ \t\r\n]*(?:%[^\n]*\n[ \t\r\n]*)*([A-Za-z][\w:-]*)[ \t\r\n]*(?:%[^\n]*\n[ \t\r\n]*)*([{(])/y;
/** Field names may hold inner spaces (Scopus writes `funding_text 1`, with a no-break space). */
const FIELD_NAME = /[^\s=,{}()"#%]+(?:[ \t\u00a0]+[^\s=,{}()"#%]+)*/y;
const NEXT_IS_FIELD = /[^\s=,{}()"#%]+(?:[ \t\u00a0]+[^\s=,{}()"#%]+)*[ \t\r\n]*=/y;
/** A line that starts a field: where reading resumes inside an entry after junk. */
const FIELD_LINE = /\n[ \t]*[^\s=,{}()"#%@]+(?:[ \t\u00a0]+[^\s=,{}()"#%@]+)*[ \t]*=/g;

/**
 * Where a global pattern next matches at or after a position, remembered: recovery asks again and
 * again from positions inside one stretch (every broken entry of a file with no entry lines left),
 * and scanning that stretch each time would make a broken file quadratic. Sound for ENTRY_LINE and
 * FIELD_LINE: each match holds one newline, its first character, so matches never overlap and a
 * match found from one position is the first from any later position up to it.
 */
class NextMatch {
  private from = Number.POSITIVE_INFINITY;
  /** The first match index at or after `from`, or -1 for none. */
  private at = -1;

  constructor(private readonly text: string, private readonly pattern: RegExp) {}

  find(from: number): number {
    if (from >= this.from && (this.at < 0 || from <= this.at)) return this.at;
    this.pattern.lastIndex = from;
    const m = this.pattern.exec(this.text);
    this.from = from;
    this.at = m ? m.index : -1;
    return this.at;
  }
}

class Failure {
  constructor(readonly message: string, readonly at: number, readonly partial?: string) {}
}

interface ValueResult {
  value: string;
  end: number;
}

export interface BibParseResult {
  entries: BibEntry[];
  warnings: FormatWarning[];
}

export function parseBibtexEntries(text: string): BibParseResult {
  return new BibtexReader(text).read();
}

class BibtexReader {
  private readonly macros = new Map<string, string>(MONTHS);
  private readonly entries: BibEntry[] = [];
  private readonly warnings: FormatWarning[] = [];
  private newlines: number[] | undefined;
  private readonly entryLines: NextMatch;
  private readonly fieldLines: NextMatch;
  /** Per opener, group ends known from the first group that never closed on (see skipGroup). */
  private readonly groupEnds = new Map<string, { from: number; ends: Map<number, number> }>();

  constructor(private readonly text: string) {
    this.entryLines = new NextMatch(text, ENTRY_LINE);
    this.fieldLines = new NextMatch(text, FIELD_LINE);
  }

  read(): BibParseResult {
    let pos = 0;
    while (pos < this.text.length) {
      const at = this.text.indexOf('@', pos);
      if (at < 0) break;
      ENTRY_START.lastIndex = at;
      const m = ENTRY_START.exec(this.text);
      if (!m) {
        pos = at + 1;
        continue;
      }
      const type = (m[1] as string).toLowerCase();
      const close = m[2] === '(' ? ')' : '}';
      const bodyStart = ENTRY_START.lastIndex;
      // Every block moves past its `@`, whatever readBlock resumes at: no block is read twice.
      pos = Math.max(this.readBlock(type, close, at, bodyStart), at + 1);
    }
    return { entries: this.entries, warnings: this.warnings };
  }

  /** Read one @block; returns where to continue. */
  private readBlock(type: string, close: string, at: number, bodyStart: number): number {
    if (type === 'comment' || type === 'preamble') {
      const end = this.skipGroup(bodyStart - 1);
      if (end !== undefined) return end;
      // Never closed: go on at the next entry line after this one (resuming at `at` would loop).
      const resume = this.resumeAfter(at + 1);
      this.warnings.push({
        code: 'missing-end',
        line: this.lineAt(at),
        message: `@${type}: its braces never close; skipped it and went on at ${resume < this.text.length ? `line ${this.lineAt(resume)}` : 'the end of the file'}`,
      });
      return resume;
    }
    const line = this.lineAt(at);
    const entry: BibEntry = { type, key: undefined, fields: [], line };
    try {
      const end = type === 'string' ? this.readString(bodyStart, close) : this.readEntry(entry, bodyStart, close);
      if (type !== 'string') this.entries.push(entry);
      return end;
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      const resume = this.resumeAfter(Math.max(error.at, bodyStart));
      this.warnings.push({
        code: 'missing-end',
        line,
        message: `@${type}${entry.key ? `{${entry.key}` : ''}: ${error.message} (line ${this.lineAt(error.at)}); kept the fields read so far and went on at ${resume < this.text.length ? `line ${this.lineAt(resume)}` : 'the end of the file'}`,
      });
      if (type !== 'string') this.entries.push(entry);
      return resume;
    }
  }

  private readEntry(entry: BibEntry, bodyStart: number, close: string): number {
    let pos = this.skipSpace(bodyStart);
    // The key runs to the first comma (Scopus keys may hold spaces); `name =` right away means no key.
    NEXT_IS_FIELD.lastIndex = pos;
    if (!NEXT_IS_FIELD.test(this.text)) {
      let end = pos;
      while (end < this.text.length && !',\n}'.includes(this.text[end] as string) && this.text[end] !== close) end++;
      const key = this.text.slice(pos, end).trim();
      if (key) entry.key = key;
      pos = end;
    }
    for (;;) {
      pos = this.skipSpace(pos);
      const c = this.text[pos];
      if (c === undefined) throw new Failure('the entry never closes', pos);
      if (c === close) return pos + 1;
      if (c === ',') {
        pos++;
        continue;
      }
      FIELD_NAME.lastIndex = pos;
      const nameMatch = FIELD_NAME.exec(this.text);
      const afterName = nameMatch ? this.skipSpace(FIELD_NAME.lastIndex) : pos;
      if (!nameMatch || this.text[afterName] !== '=') {
        // Junk inside the entry (e.g. a value whose braces close too early): skip to the next field line.
        const resume = this.nextFieldLine(pos);
        const problem = nameMatch ? `"${nameMatch[0]}" is not followed by "="` : `unexpected "${c}" where a field name should be`;
        if (resume === undefined) throw new Failure(problem, pos);
        this.warnings.push({ code: 'other', line: this.lineAt(pos), message: `@${entry.type}{${entry.key ?? ''}: ${problem}; skipped to the next field on line ${this.lineAt(resume)}` });
        pos = resume;
        continue;
      }
      const name = nameMatch[0].replace(/[ \t\u00a0]+/g, ' ');
      pos = afterName;
      let value: ValueResult;
      try {
        value = this.readValue(pos + 1, close);
      } catch (error) {
        if (error instanceof Failure && error.partial !== undefined) entry.fields.push([name, error.partial.trim()]);
        throw error;
      }
      entry.fields.push([name, value.value]);
      pos = this.skipSpace(value.end);
      const after = this.text[pos];
      if (after !== ',' && after !== close) {
        NEXT_IS_FIELD.lastIndex = pos;
        if (after !== undefined && NEXT_IS_FIELD.test(this.text)) {
          this.warnings.push({ code: 'other', line: this.lineAt(pos), message: `@${entry.type}{${entry.key ?? ''}: no comma after field "${name}"; read the next field anyway` });
        } else if (after === undefined) {
          throw new Failure('the entry never closes', pos);
        } else {
          throw new Failure(`unexpected "${after}" after field "${name}"`, pos);
        }
      }
    }
  }

  /** `@string{name = value}`: defines a macro for later entries. */
  private readString(bodyStart: number, close: string): number {
    let pos = this.skipSpace(bodyStart);
    FIELD_NAME.lastIndex = pos;
    const nameMatch = FIELD_NAME.exec(this.text);
    if (!nameMatch) throw new Failure('@string without a name', pos);
    pos = this.skipSpace(FIELD_NAME.lastIndex);
    if (this.text[pos] !== '=') throw new Failure(`@string "${nameMatch[0]}" is not followed by "="`, pos);
    const value = this.readValue(pos + 1, close);
    this.macros.set(nameMatch[0].toLowerCase(), value.value);
    pos = this.skipSpace(value.end);
    if (this.text[pos] === close) return pos + 1;
    throw new Failure(`unexpected "${this.text[pos] ?? 'end of file'}" in @string`, pos);
  }

  /** A value: parts joined by `#`; each part is {…}, "…", a number or a macro name. */
  private readValue(from: number, close: string): ValueResult {
    let pos = from;
    let value = '';
    for (;;) {
      pos = this.skipSpace(pos);
      const c = this.text[pos];
      if (c === '{' || c === '"') {
        const end = this.scanDelimited(pos);
        value += this.text.slice(pos + 1, end - 1);
        pos = end;
      } else if (c !== undefined && /[A-Za-z0-9_.:+/-]/.test(c)) {
        let end = pos;
        while (end < this.text.length && !/[\s,#{}()"=]/.test(this.text[end] as string) && this.text[end] !== close) end++;
        const word = this.text.slice(pos, end);
        const macro = this.macros.get(word.toLowerCase());
        if (macro !== undefined) value += macro;
        else {
          if (!/^\d+$/.test(word)) this.warnings.push({ code: 'unparsed-value', line: this.lineAt(pos), message: `unknown @string macro "${word}"; kept as written` });
          value += word;
        }
        pos = end;
      } else {
        throw new Failure(c === undefined ? 'a field value never ends' : `unexpected "${c}" where a field value should be`, pos);
      }
      const next = this.skipSpace(pos);
      if (this.text[next] !== '#') return { value, end: pos };
      pos = next + 1;
    }
  }

  /**
   * End (exclusive) of a {…} or "…" value starting at `open`. Braces nest; a quote ends a quoted
   * value only at depth 0. A line starting a new entry inside the value means a brace was never
   * closed: fail there, handing back what was read.
   */
  private scanDelimited(open: number): number {
    const quoted = this.text[open] === '"';
    let depth = quoted ? 0 : 1;
    for (let i = open + 1; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (!quoted && depth === 0) return i + 1;
        if (depth < 0) throw new Failure('a "}" closes more than was opened', i, this.text.slice(open + 1, i));
      } else if (c === '"' && quoted && depth === 0) return i + 1;
      else if (c === '\n') {
        ENTRY_LINE_HERE.lastIndex = i;
        if (ENTRY_LINE_HERE.test(this.text)) throw new Failure('a brace or quote is never closed', i + 1, this.text.slice(open + 1, i));
      }
    }
    throw new Failure('a brace or quote is never closed', this.text.length, this.text.slice(open + 1));
  }

  /** End of a balanced group starting at `open` ({ or (), or undefined if it never closes. */
  private skipGroup(open: number): number | undefined {
    const opener = this.text[open] as string;
    const closer = opener === '(' ? ')' : '}';
    const known = this.groupEnds.get(opener);
    if (known && open >= known.from) {
      const end = known.ends.get(open);
      if (end !== undefined) return end < 0 ? undefined : end;
    }
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') i++;
      else if (c === opener) depth++;
      else if (c === closer && --depth === 0) return i + 1;
    }
    // Scanning to the end again for every later @comment of this file would be quadratic: match
    // every group from here on in one pass. A later group's opener is read in the same phase of
    // escapes (an @comment's brace never follows a backslash), so the answers are the same.
    this.groupEnds.set(opener, { from: open, ends: this.matchGroups(open, opener, closer) });
    return undefined;
  }

  /** For every opener from `from` on: the end of its group, or -1 where it never closes. */
  private matchGroups(from: number, opener: string, closer: string): Map<number, number> {
    const ends = new Map<number, number>();
    const open: number[] = [];
    for (let i = from; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') i++;
      else if (c === opener) {
        open.push(i);
        ends.set(i, -1);
      } else if (c === closer && open.length > 0) ends.set(open.pop() as number, i + 1);
    }
    return ends;
  }

  /** Whitespace and whole-line %-comments between tokens. */
  private skipSpace(from: number): number {
    let pos = from;
    while (pos < this.text.length) {
      const c = this.text[pos] as string;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') pos++;
      else if (c === '%') {
        const eol = this.text.indexOf('\n', pos);
        pos = eol < 0 ? this.text.length : eol + 1;
      } else break;
    }
    return pos;
  }

  /** Start of the next field line after `from`, if one comes before the next entry. */
  private nextFieldLine(from: number): number | undefined {
    const field = this.fieldLines.find(from);
    if (field < 0) return undefined;
    const nextEntry = this.resumeAfter(from);
    return field < nextEntry ? field + 1 : undefined;
  }

  /** Start of the next line that begins an entry, after `from`; end of text if none. */
  private resumeAfter(from: number): number {
    const at = this.entryLines.find(Math.max(0, from - 1));
    return at < 0 ? this.text.length : at + 1;
  }

  lineAt(offset: number): number {
    if (!this.newlines) {
      this.newlines = [];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.newlines.push(i);
    }
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.newlines[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}
