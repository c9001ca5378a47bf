import type { RawField } from '../../model/record.js';
import { squash } from '../common/fields.js';
import type { Utf8Text } from './utf8-text.js';

/** The white space JS's \s holds beyond ASCII (what squash collapses in a non-ASCII value). */
const NON_ASCII_SPACE = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/**
 * Where the tagged splitters put a record's fields as they read them. RawFieldBytes keeps them;
 * FieldCounter only follows what the splitters look back at, for a pass that counts records.
 */
export interface FieldSink {
  readonly count: number;
  /** The tag of the newest field. */
  lastTag(): string | undefined;
  add(tag: string, start: number, end: number): void;
  continueLast(start: number, end: number): void;
}

/**
 * A record's raw tags in file order, their values still as byte ranges of the file. A value that
 * continues on later lines has several pieces, joined with "\n" (every tagged exporter that wraps
 * means one of: a new list item, a new paragraph, or a wrapped line; the mapping decides per tag).
 * Values are decoded only when asked for, and once.
 */
export class RawFieldBytes implements FieldSink {
  readonly tags: string[] = [];
  /** Bounds of each value's first piece. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /**
   * Later pieces, [start, end] pairs: only the newest field ever grows, so a field's later pieces
   * are consecutive, at extra[extraFrom[i] … extraTo[i]).
   */
  readonly extra: number[] = [];
  readonly extraFrom: number[] = [];
  readonly extraTo: number[] = [];
  private decoded: (string | undefined)[] = [];
  /** squashedValue(i) where it is the value's non-empty pieces joined with a space (the writer copies those bytes). */
  private joined: (string | undefined)[] = [];

  constructor(readonly text: Utf8Text) {}

  get count(): number {
    return this.tags.length;
  }

  lastTag(): string | undefined {
    return this.tags[this.tags.length - 1];
  }

  add(tag: string, start: number, end: number): void {
    this.tags.push(tag);
    this.starts.push(start);
    this.ends.push(end);
    this.extraFrom.push(this.extra.length);
    this.extraTo.push(this.extra.length);
  }

  /** Continue the last value with bytes[start, end); a value that was empty becomes that piece. */
  continueLast(start: number, end: number): void {
    const i = this.tags.length - 1;
    if (this.starts[i] === this.ends[i] && this.extraTo[i] === this.extraFrom[i]) {
      this.starts[i] = start;
      this.ends[i] = end;
    } else {
      this.extra.push(start, end);
      this.extraTo[i] = this.extra.length;
    }
    this.decoded[i] = undefined;
    this.joined[i] = undefined;
  }

  /** Whether value i has pieces after its first. */
  hasMore(i: number): boolean {
    return this.extraTo[i] !== this.extraFrom[i];
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.ends[i] && !this.hasMore(i);
  }

  value(i: number): string {
    let v = this.decoded[i];
    if (v === undefined) {
      v = this.text.decode(this.starts[i] as number, this.ends[i] as number);
      const to = this.extraTo[i] as number;
      for (let k = this.extraFrom[i] as number; k < to; k += 2) v += `\n${this.text.decode(this.extra[k] as number, this.extra[k + 1] as number)}`;
      this.decoded[i] = v;
    }
    return v;
  }

  /**
   * squash(value(i)): white-space runs as one space, trimmed. Most values have nothing to collapse
   * but the breaks between their lines: when no piece starts or ends with white space or holds a
   * control character (the JSON scan of the bytes knows), the pieces joined with one space are
   * the answer unless that string holds two spaces in a row or non-ASCII white space (native
   * searches, far faster here than a regex or a loop over the bytes); else the regex squash runs.
   */
  squashedValue(i: number): string {
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    if (!this.plainPiece(start, end)) return squash(this.value(i));
    let out = this.text.decode(start, end);
    let bytes = end - start;
    const to = this.extraTo[i] as number;
    for (let k = this.extraFrom[i] as number; k < to; k += 2) {
      const from = this.extra[k] as number;
      const until = this.extra[k + 1] as number;
      if (!this.plainPiece(from, until)) return squash(this.value(i));
      if (from === until) continue;
      const piece = this.text.decode(from, until);
      out = out === '' ? piece : `${out} ${piece}`;
      bytes += until - from + (out === piece ? 0 : 1);
    }
    // Pieces are lines, so they never hold LF or CR (which the JSON scan leaves out); checked all the same.
    if (out.includes('  ') || out.includes('\n') || out.includes('\r') || (out.length !== bytes && NON_ASCII_SPACE.test(out))) return squash(this.value(i));
    this.joined[i] = out;
    return out;
  }

  /** squashedValue(i) if it was made by joining value i's pieces with a space, else undefined. */
  joinedValue(i: number): string | undefined {
    return this.joined[i];
  }

  /** Whether bytes[start, end) has no white space at its ends and no control character. */
  private plainPiece(start: number, end: number): boolean {
    if (start === end) return true;
    const text = this.text;
    const bytes = text.bytes;
    if ((bytes[start] as number) <= 0x20 || (bytes[end - 1] as number) <= 0x20) return false;
    // The JSON scan's specials are control characters, quotes and backslashes: only the first matter.
    for (let p = text.firstSpecial(start, end); p >= 0; p = text.firstSpecial(p + 1, end)) {
      if ((bytes[p] as number) < 0x20) return false;
    }
    return true;
  }

  /** The value's string if value(i) has been called, else undefined (for writers that can copy bytes instead). */
  decodedValue(i: number): string | undefined {
    return this.decoded[i];
  }

  /** What ParsedRecord.raw holds: [tag, value] in file order. */
  toFields(): RawField[] {
    const out: RawField[] = [];
    for (let i = 0; i < this.tags.length; i++) out.push([this.tags[i] as string, this.value(i)]);
    return out;
  }
}

/** A FieldSink that keeps nothing but the newest tag and how many fields there were. */
export class FieldCounter implements FieldSink {
  count = 0;
  private last: string | undefined;

  lastTag(): string | undefined {
    return this.last;
  }

  add(tag: string): void {
    this.count++;
    this.last = tag;
  }

  continueLast(): void {}
}
