/**
 * JSON written straight into bytes, exactly as JSON.stringify writes it. V8's JSON.stringify and
 * the UTF-8 encoding after it ran at ~150 MB/s here, most of a large import; this writer copies
 * values that are still UTF-8 bytes of the export (escaping only where a JSON string must) and
 * writes short strings with a plain loop, which beats a native call per string.
 */

/**
 * UTF-8 bytes of an input with the positions a JSON string must escape found fast (the import's
 * Utf8Text in src/formats/tagged): what the byte-copying methods need, declared here so that
 * src/project depends on no format.
 */
export interface Utf8Source {
  readonly bytes: Buffer;
  /** The first position in [start, end) of a byte a JSON string cannot hold as it is, or -1. */
  firstSpecial(start: number, end: number): number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = '0123456789abcdef';
/** Strings shorter than this are written (and bytes copied) by a loop instead of a native call. */
const SHORT = 48;
/** A JS string holding anything JSON.stringify would not copy as it is. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export class JsonBytes {
  private buf: Buffer;
  private used = 0;

  /**
   * `initial`: the size of the first buffer, or a buffer to fill (and outgrow if need be).
   * `onFull`, when given, takes the bytes written so far whenever `flush` finds more than
   * `flushAt` of them, so a large output never has to be held whole.
   */
  constructor(initial: number | Buffer = 1 << 20, private readonly onFull?: (bytes: Buffer) => void, private readonly flushAt = 8 << 20) {
    this.buf = typeof initial === 'number' ? Buffer.allocUnsafe(Math.max(initial, 1 << 16)) : initial;
  }

  get byteLength(): number {
    return this.used;
  }

  /** The bytes written so far (a view, not a copy). */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.used);
  }

  /** Hand the bytes to `onFull` if there are many of them (call between whole lines). */
  flush(force = false): void {
    if (!this.onFull || this.used === 0 || (!force && this.used < this.flushAt)) return;
    this.onFull(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  /** Bytes made elsewhere (whole lines), handed on in order: to `onFull` if there is one, else kept. */
  passOn(bytes: Uint8Array): void {
    if (!this.onFull) {
      this.bytes(bytes);
      return;
    }
    this.flush(true);
    this.onFull(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.used++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    if (b.length < SHORT) {
      const buf = this.buf;
      let p = this.used;
      for (let i = 0; i < b.length; i++) buf[p++] = b[i] as number;
      this.used = p;
    } else {
      this.buf.set(b, this.used);
      this.used += b.length;
    }
  }

  /** A number as JSON.stringify writes it. */
  number(n: number): void {
    this.ascii(Number.isFinite(n) ? String(n) : 'null');
  }

  /** Text known to be ASCII without anything to escape (JSON punctuation, numbers, literals). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    let p = this.used;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.used = p;
  }

  /** Two bytes (JSON punctuation). */
  pair(a: number, b: number): void {
    this.reserve(2);
    this.buf[this.used++] = a;
    this.buf[this.used++] = b;
  }

  /** A JS string as a JSON string. */
  string(s: string): void {
    this.byte(QUOTE);
    this.stringBody(s);
    this.byte(QUOTE);
  }

  /** A JSON string's text without its quotes. */
  stringBody(s: string): void {
    const n = s.length;
    if (n < SHORT) {
      // Most values are short and ASCII: one loop, and a fall back at the first other character.
      this.reserve(n);
      const buf = this.buf;
      let p = this.used;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x20 || c >= 0x80 || c === QUOTE || c === BACKSLASH) break;
        buf[p++] = c;
      }
      if (i === n) {
        this.used = p;
        return;
      }
    }
    if (NEEDS_ESCAPE.test(s)) {
      const json = JSON.stringify(s);
      this.reserve(json.length * 3);
      // Without the quotes JSON.stringify puts around it.
      this.used += this.buf.write(json.slice(1, -1), this.used, 'utf8');
      return;
    }
    this.reserve(n * 3);
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  /**
   * A JSON string whose text is UTF-8 bytes of `text`: the piece [start, end), followed by the
   * pieces extra[from … to) ([start, end] pairs), each after a "\n".
   */
  utf8String(text: Utf8Source, start: number, end: number, extra?: readonly number[], from = 0, to = 0): void {
    this.byte(QUOTE);
    this.utf8Body(text, start, end, extra, from, to);
    this.byte(QUOTE);
  }

  /** utf8String without the quotes. */
  utf8Body(text: Utf8Source, start: number, end: number, extra: readonly number[] | undefined, from: number, to: number): void {
    this.utf8Run(text, start, end);
    if (extra) {
      for (let k = from; k < to; k += 2) {
        this.escape(0x0a);
        this.utf8Run(text, extra[k] as number, extra[k + 1] as number);
      }
    }
  }

  /**
   * A JSON string of the non-empty pieces among [start, end) and extra[from … to), joined with a
   * space (what RawFieldBytes.squashedValue gives for clean pieces).
   */
  utf8Joined(text: Utf8Source, start: number, end: number, extra: readonly number[], from: number, to: number): void {
    this.byte(QUOTE);
    let empty = start === end;
    this.utf8Run(text, start, end);
    for (let k = from; k < to; k += 2) {
      const pieceStart = extra[k] as number;
      const pieceEnd = extra[k + 1] as number;
      if (pieceStart === pieceEnd) continue;
      if (!empty) this.byte(0x20);
      this.utf8Run(text, pieceStart, pieceEnd);
      empty = false;
    }
    this.byte(QUOTE);
  }

  private utf8Run(text: Utf8Source, start: number, end: number): void {
    const src = text.bytes;
    while (start < end) {
      const special = text.firstSpecial(start, end);
      const stop = special < 0 ? end : special;
      const n = stop - start;
      this.reserve(n);
      if (n < SHORT) {
        const buf = this.buf;
        let p = this.used;
        for (let i = start; i < stop; i++) buf[p++] = src[i] as number;
        this.used = p;
      } else {
        this.used += src.copy(this.buf, this.used, start, stop);
      }
      if (special < 0) return;
      this.escape(src[special] as number);
      start = special + 1;
    }
  }

  /** The escape JSON.stringify writes for a control character, `"` or `\`. */
  private escape(c: number): void {
    let short = 0;
    if (c === QUOTE || c === BACKSLASH) short = c;
    else if (c === 0x08) short = 0x62; // b
    else if (c === 0x09) short = 0x74; // t
    else if (c === 0x0a) short = 0x6e; // n
    else if (c === 0x0c) short = 0x66; // f
    else if (c === 0x0d) short = 0x72; // r
    if (short) {
      this.reserve(2);
      this.buf[this.used++] = BACKSLASH;
      this.buf[this.used++] = short;
    } else {
      this.ascii(`\\u00${HEX[c >> 4] as string}${HEX[c & 15] as string}`);
    }
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + bytes));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }
}
