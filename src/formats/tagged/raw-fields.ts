import type { RawField } from '../../model/record.js';
import type { Utf8Text } from './utf8-text.js';

/**
 * A record's raw tags in file order, their values still as byte ranges of the file. A value that
 * continues on later lines has several pieces, joined with "\n" (every tagged exporter that wraps
 * means one of: a new list item, a new paragraph, or a wrapped line; the mapping decides per tag).
 * Values are decoded only when asked for, and once.
 */
export class RawFieldBytes {
  readonly tags: string[] = [];
  /** Bounds of each value's first piece. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** Every piece of the values that have more than one: field index → [start, end, start, end, …]. */
  private more: Map<number, number[]> | undefined;
  private decoded: (string | undefined)[] = [];

  constructor(readonly text: Utf8Text) {}

  get count(): number {
    return this.tags.length;
  }

  add(tag: string, start: number, end: number): void {
    this.tags.push(tag);
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Continue the last value with bytes[start, end); a value that was empty becomes that piece. */
  continueLast(start: number, end: number): void {
    const i = this.tags.length - 1;
    const pieces = this.more?.get(i);
    if (pieces) {
      pieces.push(start, end);
    } else if (this.starts[i] === this.ends[i]) {
      this.starts[i] = start;
      this.ends[i] = end;
    } else {
      this.more ??= new Map();
      this.more.set(i, [this.starts[i] as number, this.ends[i] as number, start, end]);
    }
    this.decoded[i] = undefined;
  }

  /** All pieces of value i when it has more than one, else undefined (its bounds are starts[i], ends[i]). */
  pieces(i: number): readonly number[] | undefined {
    return this.more?.get(i);
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.ends[i] && !this.more?.has(i);
  }

  value(i: number): string {
    let v = this.decoded[i];
    if (v === undefined) {
      const pieces = this.more?.get(i);
      if (pieces) {
        const parts: string[] = [];
        for (let k = 0; k < pieces.length; k += 2) parts.push(this.text.decode(pieces[k] as number, pieces[k + 1] as number));
        v = parts.join('\n');
      } else {
        v = this.text.decode(this.starts[i] as number, this.ends[i] as number);
      }
      this.decoded[i] = v;
    }
    return v;
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

