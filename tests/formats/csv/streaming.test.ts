import { parse as parseWhole } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { genericCsv } from '../../../src/formats/csv/generic.js';
import { decodeInput } from '../../../src/formats/decode.js';
import type { ParsedRecord } from '../../../src/formats/types.js';

/** A generic CSV of `rows` rows, CRLF line ends, quoted newlines and characters of 2–4 UTF-8 bytes: several pieces of the reader. */
function bigCsv(rows: number, strayQuoteAt?: number): string {
  const lines = ['title,authors,year,abstract'];
  for (let i = 0; i < rows; i++) {
    const title = i === strayQuoteAt ? `"Row ${i} with a "stray" quote"` : `"Café ${i}: naïve € 😀 ""quoted"" part"`;
    lines.push(`${title},"Ø, Åse; Ng, 李",${1990 + (i % 30)},"line one\r\nline two ${'x'.repeat(i % 200)}"`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function streamed(text: string): { records: ParsedRecord[]; warnings: unknown[]; restarts: number } {
  let records: ParsedRecord[] = [];
  let restarts = 0;
  const result = genericCsv.parseEach!(decodeInput(Buffer.from(text, 'utf8')), (r) => records.push(r), () => { restarts++; records = []; });
  expect(result.records).toBe(records.length);
  return { records, warnings: result.warnings, restarts };
}

describe('CSV read a piece at a time', () => {
  it('gives what reading the whole text gives, from the bytes and from the text, across piece boundaries', () => {
    const text = bigCsv(12_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 << 20);
    const whole = genericCsv.parse(text);
    const fromBytes = streamed(text);
    expect(fromBytes.restarts).toBe(0);
    expect(fromBytes.records).toEqual(whole.records);
    expect(fromBytes.warnings).toEqual(whole.warnings);
    // …and the cells are csv-parse's own over the whole body at once.
    const reference = parseWhole(text.replace(/\r\n/g, '\n'), { relax_column_count: true }) as string[][];
    expect(whole.records).toHaveLength(reference.length - 1);
    expect(whole.records.map((r) => r.raw.map(([, v]) => v))).toEqual(reference.slice(1).map((row) => row.filter((c) => c.trim() !== '')));
    expect(whole.records[11_999]?.line).toBe(1 + 2 * 11_999 + 1);
  });

  it('a stray quote found late starts the reading again, leniently, and the records before it are void', () => {
    const text = bigCsv(12_000, 11_000);
    const whole = genericCsv.parse(text);
    const fromBytes = streamed(text);
    expect(fromBytes.restarts).toBe(1);
    expect(fromBytes.records).toEqual(whole.records);
    expect(fromBytes.warnings).toEqual(whole.warnings);
    expect(whole.warnings[0]).toMatchObject({ code: 'unbalanced-quotes', line: 2 + 2 * 11_000 });
  });
});
