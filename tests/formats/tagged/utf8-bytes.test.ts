/**
 * The byte-level helpers of the tagged parsers must agree exactly with the string functions they
 * stand in for: String.prototype.trim*, the tokenizer's line rules, "what JSON must escape" and squash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squash } from '../../../src/formats/common/fields.js';
import { forEachByteLine } from '../../../src/formats/tagged/byte-lines.js';
import { RawFieldBytes } from '../../../src/formats/tagged/raw-fields.js';
import { forEachLineRange } from '../../../src/formats/tagged/tokenizer.js';
import { trimEndBytes, trimStartBytes, Utf8Text } from '../../../src/formats/tagged/utf8-text.js';

/** Characters that make the edge cases: every JS white space, line breaks, controls, quotes, non-ASCII. */
const PIECES = [
  ' ', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f',
  '\u205f', '\u3000', '\ufeff', '\u0085', '\u200b', '\u0001', '\u001f', '"', '\\', 'a', 'Z', '-', 'é', 'ø', '–', '中', '😀',
];
const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('trimStartBytes / trimEndBytes', () => {
  it('cut what String.prototype.trimStart / trimEnd cut', () => {
    fc.assert(fc.property(text, (s) => {
      const b = Buffer.from(s, 'utf8');
      const start = trimStartBytes(b, 0, b.length);
      const end = trimEndBytes(b, 0, b.length);
      expect(b.toString('utf8', start)).toBe(s.trimStart());
      expect(b.toString('utf8', 0, end)).toBe(s.trimEnd());
      expect(b.toString('utf8', start, trimEndBytes(b, start, b.length))).toBe(s.trim());
    }), { numRuns: 2000 });
  });
});

describe('forEachByteLine', () => {
  it('gives the lines and numbers of forEachLineRange (LF, CRLF, bare CR)', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 50 }), (s, firstLine) => {
      const fromText: [string, number][] = [];
      const next = forEachLineRange(s, (start, end, line) => fromText.push([s.slice(start, end), line]), firstLine);
      const b = Buffer.from(s, 'utf8');
      const fromBytes: [string, number][] = [];
      const nextBytes = forEachByteLine(b, (start, end, line) => fromBytes.push([b.toString('utf8', start, end), line]), 0, b.length, firstLine);
      expect(fromBytes).toEqual(fromText);
      expect(nextBytes).toBe(next);
    }), { numRuns: 2000 });
  });

  it('stays inside [from, to) and numbers from firstLine', () => {
    const b = Buffer.from('x\nab\r\ncd\ref\ngh\n');
    const seen: [string, number][] = [];
    forEachByteLine(b, (s, e, line) => seen.push([b.toString('utf8', s, e), line]), 2, 12, 7);
    expect(seen).toEqual([['ab', 7], ['cd', 8], ['ef', 8]]);
  });
});

describe('Utf8Text.firstSpecial', () => {
  const naive = (b: Uint8Array, start: number, end: number): number => {
    for (let i = start; i < end; i++) {
      const c = b[i] as number;
      if ((c < 0x20 && c !== 0x0a && c !== 0x0d) || c === 0x22 || c === 0x5c) return i;
    }
    return -1;
  };

  it('finds the first byte JSON must escape, at any alignment and across 64 KiB blocks', () => {
    fc.assert(fc.property(text, fc.nat(7), fc.nat(40), fc.nat(40), (s, pad, a, z) => {
      // An offset into a larger buffer moves the 4-byte words the scanner reads.
      const backing = Buffer.concat([Buffer.alloc(pad, 0x41), Buffer.from(s, 'utf8')]);
      const b = backing.subarray(pad);
      const t = new Utf8Text(b);
      const start = Math.min(a, b.length);
      const end = Math.max(start, b.length - Math.min(z, b.length));
      expect(t.firstSpecial(start, end)).toBe(naive(b, start, end));
    }), { numRuns: 2000 });
    const big = Buffer.alloc(200_000, 0x61);
    for (const at of [3, 65_535, 65_536, 65_537, 131_071, 199_999]) big[at] = [0x22, 0x5c, 0x09, 0x01][at % 4] as number;
    const t = new Utf8Text(big);
    for (const [s, e] of [[0, 200_000], [4, 70_000], [65_536, 65_537], [65_538, 131_071], [131_072, 200_000]] as const) {
      expect(t.firstSpecial(s, e)).toBe(naive(big, s, e));
    }
  });
});

describe('RawFieldBytes.squashedValue', () => {
  it('is squash(value(i)) for any value of any pieces', () => {
    const pieces = fc.array(fc.tuple(fc.nat(400), fc.nat(12)), { minLength: 1, maxLength: 5 });
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 10 }), pieces, (parts, ranges) => {
      const b = Buffer.from(parts.join(''), 'utf8');
      const fields = new RawFieldBytes(new Utf8Text(b));
      // Ranges are cut at character boundaries, as the parsers' line and tag bounds are.
      const boundary = (at: number): number => {
        let p = Math.min(at, b.length);
        while (p > 0 && p < b.length && ((b[p] as number) & 0xc0) === 0x80) p--;
        return p;
      };
      ranges.forEach(([from, width], k) => {
        const start = boundary(from);
        const end = Math.max(start, boundary(start + width));
        if (k === 0) fields.add('AB', start, end);
        else fields.continueLast(start, end);
      });
      expect(fields.squashedValue(0)).toBe(squash(fields.value(0)));
    }), { numRuns: 3000 });
  });

  it('collapses what squash collapses in real values', () => {
    const b = Buffer.from('AB  - A  study\u00a0of\n      two\tlines \n      end', 'utf8');
    const fields = new RawFieldBytes(new Utf8Text(b));
    const second = b.indexOf('two');
    fields.add('AB', 6, second - 7);
    fields.continueLast(second, b.indexOf('\n', second));
    fields.continueLast(b.length - 3, b.length);
    expect(fields.squashedValue(0)).toBe('A study of two lines end');
    const clean = new RawFieldBytes(new Utf8Text(Buffer.from('one line\ntwo – lines')));
    clean.add('TI', 0, 8);
    clean.continueLast(9, 9 + Buffer.byteLength('two – lines'));
    expect(clean.squashedValue(0)).toBe('one line two – lines');
  });
});
