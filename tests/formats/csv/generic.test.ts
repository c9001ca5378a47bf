import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { genericCsv } from '../../../src/formats/csv/generic.js';
import { detectFormat } from '../../../src/formats/index.js';
import { FormatError } from '../../../src/formats/types.js';
import { SHARED } from '../../helpers/project.js';

const BENCHMARKS: [string, number][] = [
  ['cytology_screening', 1856], ['haematology', 1415], ['stroke', 1292], ['digital_work', 7159], ['special_cases', 12],
];

function benchmark(name: string): string {
  return readFileSync(join(SHARED, 'benchmarks', 'dedupe', name, 'records_pre_merged.csv'), 'utf8');
}

describe('generic CSV on the dedupe benchmarks', () => {
  for (const [name, count] of BENCHMARKS) {
    it(`${name}: ${count} records, IDs kept, authors split into family/given`, () => {
      const text = benchmark(name);
      expect(detectFormat(text, 'records_pre_merged.csv').plugin.id).toBe('generic-csv');
      const { records, warnings } = genericCsv.parse(text);
      expect(records).toHaveLength(count);
      expect(warnings).toEqual([]);
      const ids = records.map((r) => r.sourceRecordId);
      expect(ids.every((id) => /^id_\d{7}$/.test(id ?? ''))).toBe(true);
      expect(new Set(ids).size).toBe(count);
      const withAuthors = records.filter((r) => r.authors.length > 0);
      expect(withAuthors.length).toBeGreaterThan(count * 0.9);
      // Every author of a "Last, F. and Last2, G." cell has a family and a given name.
      const familyOnly = withAuthors.flatMap((r) => r.authors).filter((a) => !a.given && !a.literal);
      expect(familyOnly.length).toBeLessThan(withAuthors.length * 0.02);
    });
  }

  it('maps the BibTeX-like columns of cytology_screening', () => {
    const [first] = genericCsv.parse(benchmark('cytology_screening')).records;
    expect(first).toMatchObject({
      sourceRecordId: 'id_0000001',
      title: 'Comparison of human papillomavirus distribution in cytologic subgroups of low-grade squamous intraepithelial lesion',
      year: 2006,
      authors: [
        { family: 'Zuna', given: 'R E' }, { family: 'Wang', given: 'S S' }, { family: 'Schiffman', given: 'M' }, { family: 'Solomon', given: 'D' },
      ],
      pages: '288-297', volume: '108', type: 'article', rawType: 'article', journal: 'Cancer', line: 2,
    });
    expect(first?.raw[0]).toEqual(['ID', 'id_0000001']);
    expect(first?.raw.some(([k]) => k === 'number')).toBe(false);
  });

  it('digital_work: BibTeX page ranges normalised, "UNKNOWN" placeholders not taken as values', () => {
    const [first] = genericCsv.parse(benchmark('digital_work')).records;
    expect(first?.pages).toBe('376-383');
    expect(first?.volume).toBeUndefined();
    expect(first?.raw).toContainEqual(['volume', 'UNKNOWN']);
  });
});

describe('generic CSV: hand-search lists and author styles', () => {
  it('reads a hand-search list with aliases in any case, TSV too', () => {
    const csv = 'Title,Authors,Year,Source,DOI,ID\n"A study, with comma","Smith, J.; Doe, A.",2020,J Test,https://doi.org/10.1000/XYZ.1,hs-1\n';
    const tsv = csv.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t').replace(/"/g, '');
    for (const text of [csv, tsv]) {
      const [r] = genericCsv.parse(text).records;
      expect(r).toMatchObject({
        title: 'A study, with comma', year: 2020, journal: 'J Test', doi: '10.1000/XYZ.1', sourceRecordId: 'hs-1',
        authors: [{ family: 'Smith', given: 'J.' }, { family: 'Doe', given: 'A.' }],
      });
    }
  });

  it.each([
    ['Last, F. and Last2, G.', [{ family: 'Last', given: 'F.' }, { family: 'Last2', given: 'G.' }]],
    ['Last, F.; Last2, G.', [{ family: 'Last', given: 'F.' }, { family: 'Last2', given: 'G.' }]],
    ['F. Last, G. Last2', [{ family: 'Last', given: 'F.' }, { family: 'Last2', given: 'G.' }]],
    ['Last, F., Last2, G.', [{ family: 'Last', given: 'F.' }, { family: 'Last2', given: 'G.' }]],
    ['Liu R., Adler D.G.', [{ family: 'Liu', given: 'R.' }, { family: 'Adler', given: 'D.G.' }]],
    ['Smith, John', [{ family: 'Smith', given: 'John' }]],
  ])('authors "%s"', (cell, expected) => {
    const [r] = genericCsv.parse(`title,author\nT,"${cell}"\n`).records;
    expect(r?.authors).toEqual(expected);
  });

  it('counts physical lines across embedded newlines and skips blank rows', () => {
    const text = 'title,abstract\r\n"One","line1\r\nline2\r\nline3"\r\n\r\n"Two",x\r\n';
    expect(genericCsv.parse(text).records.map((r) => [r.title, r.line])).toEqual([['One', 2], ['Two', 6]]);
  });

  it('warns about ragged rows with their line', () => {
    const { records, warnings } = genericCsv.parse('title,year\nA,2020,extra\nB\n');
    expect(records).toHaveLength(2);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['ragged-row', 2], ['ragged-row', 3]]);
  });

  it('an unclosed quote is a FormatError naming the line where the field opens', () => {
    const text = 'title,abstract\nA,ok\nB,"never closed\nstill\ninside\n';
    expect(() => genericCsv.parse(text)).toThrow(FormatError);
    expect(() => genericCsv.parse(text)).toThrow(/quoted field opened on line 3 never closes/);
    try {
      genericCsv.parse(text);
    } catch (error) {
      expect((error as FormatError).line).toBe(3);
    }
  });

  it('header cells like __proto__ do not pollute objects', () => {
    const { records } = genericCsv.parse('title,__proto__,constructor\nA,{"x":1},y\n');
    expect(records[0]?.raw).toEqual([['title', 'A'], ['__proto__', '{"x":1}'], ['constructor', 'y']]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('sniffs 0.4 for a titled CSV and 0 for text without a title column', () => {
    expect(genericCsv.sniff('id,Title,year\n1,x,2000\n')).toBe(0.4);
    expect(genericCsv.sniff('TY  - JOUR\nTI  - x\nER  - \n')).toBe(0);
  });
});
