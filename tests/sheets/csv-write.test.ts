import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { writeCsv, writeCsvPieces } from '../../src/sheets/csv.js';

// Cells built from the characters that decide quoting, plus ordinary and non-ASCII text.
const cell = fc.array(fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', ';', '\t', 'é', '=', '1', "'"), { maxLength: 8 }).map((cs) => cs.join(''));

describe('writeCsv (src/sheets/csv.ts)', () => {
  it('writes the bytes csv-stringify writes for the same (already neutralised) cells', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }).chain((width) => fc.tuple(
      fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,6}$/), { minLength: width, maxLength: width }),
      fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 }),
    )), ([columns, cells]) => {
      const rows = cells.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]!])));
      const expected = stringify([columns, ...cells], { eof: true, record_delimiter: '\n' });
      expect(writeCsv(columns, rows, { neutralize: false })).toBe(expected);
    }), { numRuns: 300 });
  });

  it('gives the same bytes in pieces as whole, across the piece boundary', () => {
    const rows = Array.from({ length: 9000 }, (_, i) => ({ id: `r${i}`, note: i % 7 ? `plain ${i}` : `say "${i}", twice\nmore` }));
    const pieces: string[] = [];
    writeCsvPieces(['id', 'note'], rows, (t) => pieces.push(t));
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(writeCsv(['id', 'note'], rows));
    expect(writeCsv(['id', 'note'], [{ id: '=1+1', note: undefined }])).toBe("id,note\n'=1+1,\n");
  });
});
