/**
 * records.jsonl is written without JSON.stringify, straight from the export's bytes where it can:
 * every line must still be exactly JSON.stringify(toImportedRecord(…)), for every real fixture,
 * whether the raw fields arrive as bytes (RIS, MEDLINE) or as strings (every other format).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Text } from '../../../src/formats/tagged/utf8-text.js';
import type { ParsedRecord } from '../../../src/formats/types.js';
import { recordId, toImportedRecord } from '../../../src/stages/import/index.js';
import { JsonBytes } from '../../../src/project/json-bytes.js';
import { parseExportEach } from '../../../src/stages/import/parse-file.js';
import { fileJson, writeRecordLine } from '../../../src/stages/import/record-json.js';
import { writeJsonLine } from '../../../src/project/json-lines.js';
import { EXPORTS, ZOTERO_CASES } from '../../helpers/project.js';

const EDGE = ['"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '\u2029', 'é', '中', '😀', '\ud800', '\udfff', 'a', ' '];
const awkward = fc.array(fc.oneof(fc.constantFrom(...EDGE), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 30 }).map((p) => p.join(''));

/** Text a line can hold: no line breaks, no lone surrogates (the bytes are UTF-8). */
const linePiece = awkward.map((s) => s.replace(/[\r\n]/g, '').replace(/[\ud800-\udfff]/g, 'x'));

/** The parts as one UTF-8 text and their [start, end] byte bounds, one pair after the other. */
function piecesOf(parts: string[]): { text: Utf8Text; pieces: number[] } {
  const pieces: number[] = [];
  let at = 0;
  for (const p of parts) {
    const n = Buffer.byteLength(p);
    pieces.push(at, at + n);
    at += n;
  }
  return { text: new Utf8Text(Buffer.from(parts.join(''), 'utf8')), pieces };
}

describe('JsonBytes', () => {
  it('writes any JS string as JSON.stringify does (escapes, non-ASCII, lone surrogates, long and short)', () => {
    fc.assert(fc.property(awkward, fc.nat(100), (s, repeat) => {
      const value = repeat > 80 ? s.repeat(repeat) : s;
      const out = new JsonBytes(16);
      out.string(value);
      expect(out.toBuffer().toString('utf8')).toBe(JSON.stringify(value));
    }), { numRuns: 3000 });
  });

  it('writes UTF-8 byte pieces as JSON.stringify writes their text joined with "\\n"', () => {
    fc.assert(fc.property(fc.array(linePiece, { minLength: 1, maxLength: 5 }), (parts) => {
      const { text, pieces } = piecesOf(parts);
      const out = new JsonBytes(16);
      out.utf8String(text, pieces[0] as number, pieces[1] as number, pieces, 2, pieces.length);
      expect(out.toBuffer().toString('utf8')).toBe(JSON.stringify(parts.length > 1 ? parts.join('\n') : parts[0]));
    }), { numRuns: 2000 });
  });

  it('writes UTF-8 byte pieces joined with a space, empty pieces left out, as JSON.stringify writes that text', () => {
    fc.assert(fc.property(fc.array(linePiece, { minLength: 1, maxLength: 6 }), (parts) => {
      const { text, pieces } = piecesOf(parts);
      const out = new JsonBytes(16);
      out.utf8Joined(text, pieces[0] as number, pieces[1] as number, pieces, 2, pieces.length);
      expect(out.toBuffer().toString('utf8')).toBe(JSON.stringify(parts.filter((p) => p !== '').join(' ')));
    }), { numRuns: 2000 });
  });

  it('hands its bytes over in pieces when told to, and they add up to the whole', () => {
    const pieces: Buffer[] = [];
    const out = new JsonBytes(64, (b) => pieces.push(Buffer.from(b)), 100);
    const whole: string[] = [];
    for (let i = 0; i < 50; i++) {
      const line = { i, text: 'ø'.repeat(i) };
      writeJsonLine(out, line);
      whole.push(`${JSON.stringify(line)}\n`);
      out.flush();
    }
    out.flush(true);
    expect(pieces.length).toBeGreaterThan(5);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(whole.join(''));
  });
});

function fixtureFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.md') && !name.endsWith('.expected.json')) files.push(path);
    }
  };
  walk(EXPORTS);
  walk(ZOTERO_CASES);
  return files.sort();
}

/** records.jsonl's lines for one file as the import writes them (raw as bytes where the plug-in can). */
function written(bytes: Buffer, file: string, rawAsBytes: boolean): { lines: string; records: ParsedRecord[]; format: string } {
  const out = new JsonBytes(1024);
  const records: ParsedRecord[] = [];
  let json: ReturnType<typeof fileJson> | undefined;
  let index = 0;
  const info = parseExportEach(bytes, file, undefined, (record, format, rawBytes) => {
    json ??= fileJson({ source: 'Sø"urce', file: 'exports/x/y.ris', fileSha256: 'f'.repeat(64), format });
    writeRecordLine(out, json, record, rawBytes, recordId('Sø"urce', 'f'.repeat(64), index), index);
    index++;
    // The reference below needs every raw field as a string.
    if (rawBytes) record.raw = rawBytes.toFields();
    records.push(record);
  }, { rawAsBytes });
  return { lines: out.toBuffer().toString('utf8'), records, format: info.format };
}

describe('writeRecordLine', () => {
  const files = fixtureFiles().filter((f) => {
    try {
      parseExportEach(readFileSync(f), f, undefined, () => undefined);
      return true;
    } catch {
      return false;
    }
  });
  it('finds the fixtures', () => expect(files.length).toBeGreaterThan(140));
  it.each(files.map((f) => [f.slice(f.indexOf('fixtures/') + 9), f]))('%s: every line is JSON.stringify(toImportedRecord(…))', (_name, file) => {
    const bytes = readFileSync(file);
    for (const rawAsBytes of [true, false]) {
      const { lines, records, format } = written(bytes, file, rawAsBytes);
      const expected = records.map((r, index) => `${JSON.stringify(toImportedRecord(r, { source: 'Sø"urce', file: 'exports/x/y.ris', fileSha256: 'f'.repeat(64), format, index }))}\n`).join('');
      expect(lines).toBe(expected);
    }
  });
});
