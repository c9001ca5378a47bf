/**
 * JSON Lines written straight into one growing Buffer. Joining batches of lines into strings and
 * then concatenating Buffers copied a large import's output three times and held every copy at once.
 */
export class JsonLinesBuffer {
  private buf: Buffer;
  private used = 0;

  /** `expectedBytes` sizes the first allocation (pages never written are not resident). */
  constructor(expectedBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(Math.max(expectedBytes, 1 << 16));
  }

  push(value: unknown): void {
    const line = JSON.stringify(value);
    // UTF-8 needs at most 3 bytes per UTF-16 code unit, plus the newline.
    this.reserve(line.length * 3 + 1);
    this.used += this.buf.write(line, this.used, 'utf8');
    this.buf[this.used++] = 0x0a;
  }

  get byteLength(): number {
    return this.used;
  }

  /** The lines written so far (a view, not a copy). */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.used);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + bytes));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }
}
