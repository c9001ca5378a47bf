import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeInput } from '../../src/formats/decode.js';
import { FormatError } from '../../src/formats/types.js';

describe('decodeInput', () => {
  const cases: [string, Buffer][] = [
    ['UTF-8', Buffer.from('TY  - JOUR\nTI  - Ärzte\nER  - \n', 'utf8')],
    ['UTF-8 with BOM', Buffer.from('\uFEFFTY  - JOUR\r\nTI  - Kjøkken\r\n', 'utf8')],
    ['UTF-8 BOM, then a bad byte', Buffer.concat([Buffer.from('\uFEFFTI  - caf', 'utf8'), Buffer.from([0xe9, 0x0a])])],
    ['Windows-1252', iconv.encode('TY  - JOUR\nTI  - Kjøkken – “quoted”\n', 'win1252')],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('PT\tAU\r\nJ\tDoe, J\r\n', 'utf16le')])],
    ['UTF-16LE without BOM', Buffer.from('TY  - JOUR\nTI  - A title\n', 'utf16le')],
  ];
  it.each(cases)('%s: the text, encoding and warnings decodeBytes gives; utf8() is that text as UTF-8', (_name, bytes) => {
    const expected = decodeBytes(bytes);
    const input = decodeInput(bytes);
    const text = expected.text.replace(/^\uFEFF/, '');
    expect(input.text()).toBe(text);
    expect(input.head).toBe(text);
    expect(input.utf8().toString('utf8')).toBe(text);
    expect({ encoding: input.encoding, bom: input.bom, warnings: input.warnings }).toEqual({ encoding: expected.encoding, bom: expected.bom, warnings: expected.warnings });
  });

  it('keeps a valid UTF-8 file as its own bytes (no copy) and decodes only a head of ≥ 64K characters for sniffing', () => {
    // Multi-byte characters straddle the 256 KiB head cut.
    const text = 'TI  - Grüße aus Tromsø – 中文 😀\n'.repeat(20_000);
    const bytes = Buffer.from(text, 'utf8');
    const input = decodeInput(bytes);
    expect(input.utf8().buffer).toBe(bytes.buffer);
    expect(input.head.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(text.startsWith(input.head)).toBe(true);
    expect(input.text()).toBe(text);
  });

  it('refuses empty, white-space-only and binary files', () => {
    expect(() => decodeInput(new Uint8Array())).toThrow(/empty/);
    expect(() => decodeInput(Buffer.from(' \n\t\r\n\u00a0\uFEFF', 'utf8'))).toThrow(FormatError);
    expect(() => decodeInput(Buffer.from('\uFEFF  \n', 'utf8'))).toThrow(/white space/);
    expect(() => decodeInput(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]))).toThrow(/binary/);
  });
});
