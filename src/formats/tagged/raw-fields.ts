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
   * but the breaks between their lines, and their bytes show it (no control character, no double
   * space, no white space at a piece's ends, no non-ASCII white space): their pieces are then
   * decoded and joined with a space, and the regex squash runs only on the others.
   */
  squashedValue(i: number): string {
    let out = this.cleanPiece(this.starts[i] as number, this.ends[i] as number);
    if (out === undefined) return squash(this.value(i));
    const to = this.extraTo[i] as number;
    for (let k = this.extraFrom[i] as number; k < to; k += 2) {
      const piece = this.cleanPiece(this.extra[k] as number, this.extra[k + 1] as number);
      if (piece === undefined) return squash(this.value(i));
      out = out === '' ? piece : piece === '' ? out : `${out} ${piece}`;
    }
    return out;
  }

  /** bytes[start, end) decoded when squash would leave it as it is, else undefined. */
  private cleanPiece(start: number, end: number): string | undefined {
    if (start === end) return '';
    const bytes = this.text.bytes;
    // One pass: white space at either end, a control character or two spaces in a row mean work for squash.
    let previous = 0x20;
    let ascii = true;
    for (let p = start; p < end; p++) {
      const c = bytes[p] as number;
      if (c <= 0x20) {
        if (c !== 0x20 || previous === 0x20) return undefined;
      } else if (c >= 0x80) ascii = false;
      previous = c;
    }
    if (previous === 0x20) return undefined;
    const piece = this.text.decode(start, end);
    if (!ascii && NON_ASCII_SPACE.test(piece)) return undefined;
    return piece;
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
