/**
 * Every real export in ../shared/fixtures/exports imports with the record count INDEX.md gives,
 * and no record misses a title where the file has one.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExport } from '../../src/stages/import/parse-file.js';
import { EXPORTS } from '../helpers/project.js';

interface IndexRow { file: string; format: string; records: number }

function readIndex(): IndexRow[] {
  const rows: IndexRow[] = [];
  for (const line of readFileSync(join(EXPORTS, 'INDEX.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | file | origin | path | licence | format | database | records | encoding | EOL | quirks |
    const file = cells[1];
    if (!file || !/^[a-z-]+\/.+\.\w+$/.test(file) || !/^\d+$/.test(cells[7] ?? '')) continue;
    rows.push({ file, format: cells[5] ?? '', records: Number(cells[7]) });
  }
  return rows;
}

/** Which plug-in ids may claim a file of each INDEX format. */
const ACCEPTED: Record<string, RegExp> = {
  ris: /^ris$/,
  medline: /^medline$/,
  'wos-tagged': /^wos-tagged$/,
  'wos-tab': /^wos-tab$/,
  bibtex: /^bibtex$/,
  'endnote-xml': /^endnote-xml$/,
  'endnote-tagged': /^endnote-tagged$/,
  'covidence-csv': /^covidence-csv$/,
  'embase-csv': /^embase-csv$/,
  'scopus-csv': /^scopus-csv$/,
  'pop-csv': /^pop-csv$/,
  'rayyan-csv': /^rayyan-csv$/,
  'gscholar-csv': /^gscholar-csv$/,
  'gscholar-json': /^gscholar-json$/,
  swepub: /^swepub-json$/,
  'other-csv': /-csv$/,
};

/**
 * Where INDEX.md's count is wrong, the right count and why. Each was checked by reading the file.
 */
const INDEX_MISCOUNTS: Record<string, { records: number; why: string }> = {
  'endnote-tagged/CoLRev-Environment+colrev__ais_enl.txt': {
    records: 6,
    why: 'INDEX counted %0 lines (2), but the file holds 6 blank-line-separated records; 4 have no %0 yet each has its own %T, %D, %P and %U (a table of contents, a subject index, two articles)',
  },
};

const rows = readIndex();

describe('INDEX.md fixtures', () => {
  it('finds every fixture row of the index', () => {
    expect(rows.length).toBeGreaterThanOrEqual(90);
  });

  for (const row of rows) {
    it(`${row.file}: ${row.records} records`, () => {
      const parsed = parseExport(readFileSync(join(EXPORTS, row.file)), basename(row.file));
      expect(parsed.format).toMatch(ACCEPTED[row.format] ?? /^$/);
      const expected = INDEX_MISCOUNTS[row.file]?.records ?? row.records;
      expect(parsed.records.length, INDEX_MISCOUNTS[row.file]?.why).toBe(expected);
      const untitled = parsed.records.filter((r) => !r.title).map((r) => r.line);
      expect(untitled, `records without title start on lines ${untitled.join(', ')}`).toEqual([]);
    });
  }
});
