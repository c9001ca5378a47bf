import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/formats/decode.js';
import { FormatError } from '../../src/formats/types.js';

describe('decodeBytes', () => {
  it('strips a UTF-8 BOM', () => {
    const r = decodeBytes(Buffer.from('\uFEFFTY  - JOUR\n', 'utf8'));
    expect(r).toMatchObject({ text: 'TY  - JOUR\n', encoding: 'utf-8', bom: true });
  });
  it('reads UTF-16LE and UTF-16BE with BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('PT\tAU\r\nJ\tDoe, J\r\n', 'utf16le')]);
    expect(decodeBytes(le)).toMatchObject({ text: 'PT\tAU\r\nJ\tDoe, J\r\n', encoding: 'utf-16le' });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({ encoding: 'utf-16be', text: 'PT\tAU\r\nJ\tDoe, J\r\n' });
  });
  it('recognises UTF-16LE without a BOM instead of calling it binary', () => {
    expect(decodeBytes(Buffer.from('TY  - JOUR\nTI  - A title\n', 'utf16le'))).toMatchObject({ encoding: 'utf-16le', text: 'TY  - JOUR\nTI  - A title\n' });
  });
  it('falls back to Windows-1252 with a warning on the first bad line', () => {
    const r = decodeBytes(iconv.encode('TY  - JOUR\nTI  - Kjøkken – “quoted”\n', 'win1252'));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe('TY  - JOUR\nTI  - Kjøkken – “quoted”\n');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'encoding-repaired', line: 2 })]);
  });
  it('refuses empty and binary files with a FormatError', () => {
    expect(() => decodeBytes(new Uint8Array())).toThrow(FormatError);
    expect(() => decodeBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]))).toThrow(/binary/);
  });
});
