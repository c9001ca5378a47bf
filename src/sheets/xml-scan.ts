/**
 * A streaming scanner for the small, regular XML of spreadsheet parts (workbook, relationships,
 * shared strings, sheets). Bytes are pushed in chunks; complete tags and text runs are reported as
 * they become complete, so memory is bounded by the longest single token, not by the part. It is
 * deliberately narrow: no DTDs (a DOCTYPE is refused, so no entity expansion), only the five
 * predefined entities and character references, namespace prefixes stripped from element names.
 * Every loop uses indexOf or a single forward pass: nothing backtracks.
 */

export interface XmlHandler {
  /** An element starts; `tag` is the text between `<` and `>` for attribute look-ups. */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text between tags (entities not yet decoded; see decodeXmlText). CDATA comes decoded. */
  text(raw: string, isCdata: boolean): void;
}

export class XmlError extends Error {
  override name = 'XmlError';
}

/** The longest tag or text run held while waiting for its end (a cell holds at most 32,767 characters). */
const MAX_TOKEN = 4 * 1024 * 1024;

export class XmlScanner {
  private buf = '';
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly handler: XmlHandler, private readonly part: string) {}

  push(chunk: Uint8Array): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new XmlError(`${this.part} is not valid UTF-8`);
    }
    this.buf = this.buf.length ? this.buf + text : text;
    this.drain(false);
  }

  end(): void {
    try {
      this.buf += this.decoder.decode();
    } catch {
      throw new XmlError(`${this.part} is not valid UTF-8`);
    }
    this.drain(true);
    if (this.buf.trim()) throw new XmlError(`${this.part} ends inside a tag (damaged file)`);
  }

  private drain(final: boolean): void {
    const buf = this.buf;
    const h = this.handler;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        // Text after the last tag: keep it until the next chunk (an entity may be split).
        if (final && pos < buf.length) h.text(buf.slice(pos), false);
        if (final) pos = buf.length;
        break;
      }
      if (lt > pos) h.text(buf.slice(pos, lt), false);
      pos = lt;
      const next = buf.charCodeAt(lt + 1);
      if (next === 33 /* ! */) {
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
          continue;
        }
        if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9);
          if (end < 0) break;
          h.text(buf.slice(lt + 9, end), true);
          pos = end + 3;
          continue;
        }
        if (buf.length - lt < 9) break;
        throw new XmlError(`${this.part} contains a DOCTYPE or other declaration, which no spreadsheet part has`);
      }
      if (next === 63 /* ? */) {
        const end = buf.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      const gt = tagEnd(buf, lt + 1);
      if (gt < 0) break;
      if (next === 47 /* / */) {
        h.close(localName(buf, lt + 2, gt));
      } else {
        const selfClosing = buf.charCodeAt(gt - 1) === 47;
        const tag = buf.slice(lt + 1, selfClosing ? gt - 1 : gt);
        const name = localName(tag, 0, tag.length);
        h.open(name, tag, selfClosing);
        if (selfClosing) h.close(name);
      }
      pos = gt + 1;
    }
    this.buf = pos === 0 ? buf : buf.slice(pos);
    if (this.buf.length > MAX_TOKEN) throw new XmlError(`${this.part} has a tag or text longer than ${MAX_TOKEN / 1024 / 1024} MB (damaged or hostile file)`);
  }
}

/** Index of the `>` closing a tag that starts at `from`, skipping quoted attribute values; -1 if not yet complete. */
function tagEnd(buf: string, from: number): number {
  let p = from;
  let quote = 0;
  for (;;) {
    const gt = buf.indexOf('>', p);
    if (gt < 0) return -1;
    // Walk the (short) tag up to this `>`: if a quote is open there, the `>` is inside a value.
    for (let i = p; i < gt; i++) {
      const c = buf.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) {
        quote = c;
      }
    }
    if (!quote) return gt;
    p = gt + 1;
  }
}

/** Element name without its namespace prefix (`x:row` → `row`). */
function localName(s: string, start: number, end: number): string {
  let e = start;
  let colon = -1;
  while (e < end) {
    const c = s.charCodeAt(e);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62) break;
    if (c === 58 /* : */) colon = e;
    e++;
  }
  return s.slice(colon >= 0 ? colon + 1 : start, e);
}

/**
 * Value of an attribute in a tag's text, by local name (`id` matches `r:id`); undefined if absent.
 * Entities in the value are decoded.
 */
export function attribute(tag: string, name: string): string | undefined {
  let p = 0;
  for (;;) {
    const eq = tag.indexOf('=', p);
    if (eq < 0) return undefined;
    let q = eq + 1;
    while (q < tag.length && (tag.charCodeAt(q) === 32 || tag.charCodeAt(q) === 9 || tag.charCodeAt(q) === 10 || tag.charCodeAt(q) === 13)) q++;
    const quote = tag[q];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = tag.indexOf(quote, q + 1);
    if (close < 0) return undefined;
    // The attribute name ends before `=` (spaces allowed) and starts after the previous space.
    let ne = eq;
    while (ne > p && tag.charCodeAt(ne - 1) <= 32) ne--;
    let ns = ne;
    while (ns > p && tag.charCodeAt(ns - 1) > 32) ns--;
    const colon = tag.lastIndexOf(':', ne - 1);
    const local = colon >= ns ? tag.slice(colon + 1, ne) : tag.slice(ns, ne);
    if (local === name) return decodeXmlText(tag.slice(q + 1, close));
    p = close + 1;
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode the predefined entities and character references; an unknown entity is kept as written. */
export function decodeXmlText(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let pos = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) break;
    const ref = raw.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseHex(ref.slice(2)) : parseDec(ref.slice(1));
      if (code !== undefined && code <= 0x10ffff) ch = String.fromCodePoint(code);
    } else if (Object.hasOwn(NAMED, ref)) {
      ch = NAMED[ref];
    }
    if (ch !== undefined) {
      out += raw.slice(pos, amp) + ch;
      pos = semi + 1;
    }
    amp = raw.indexOf('&', ch !== undefined ? pos : amp + 1);
  }
  return out + raw.slice(pos);
}

function parseHex(s: string): number | undefined {
  if (!s.length || s.length > 6) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  return Number.parseInt(s, 16);
}

function parseDec(s: string): number | undefined {
  if (!s.length || s.length > 7) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number.parseInt(s, 10);
}
