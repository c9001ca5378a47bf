import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../src/sheets/csv.js';
import { evaluatesAsFormula, neutralizeCell, restoreCell } from '../../src/sheets/neutralize.js';
import { rayyanCsv, rayyanRis } from '../../src/stages/screen/rayyan.js';
import { uniqueRecord } from '../stages/screen/fixtures.js';

/** Text a spreadsheet keeps as text: written as it is. */
const PROSE = [
  '-omics approaches to ageing', '+/- 5 years of follow-up', '@home care for older adults', '-5 years later', '-e-learning in nursing',
  '-omics approaches (a review)', '+ve and -ve results', '-H1N1 influenza', '@ the bedside', '-', '+', '@', '-3', '2.5', 'plain title',
  "-'quoted' word", '-CO2 levels in rooms', '—em dash start',
];
/** What a spreadsheet would evaluate: written with an apostrophe in front. */
const FORMULAS = [
  '=1+1', '-1+2', '-2+3', '+A1', '@SUM(A1)', '=HYPERLINK("http://x.example","click")', '+HYPERLINK("http://x.example")',
  "-cmd|' /C calc'!A0", '@SUM (A1)', '-A1:B2*2', '+"a"&"b"', '-10%', '+Sheet1!A1', "+'My sheet'!A1", '-(1+2)', '- 2 * 3',
  '+$A$1', '-1e3+1', '\tTAB', '\rCR', '=plain', '-foo+bar()', `+${'('.repeat(100)}1`,
];

describe('formula neutralisation', () => {
  it.each(PROSE)('keeps %j as it is', (value) => {
    expect(evaluatesAsFormula(value)).toBe(false);
    expect(neutralizeCell(value)).toBe(value);
  });

  it.each(FORMULAS)('neutralises %j', (value) => {
    expect(evaluatesAsFormula(value)).toBe(true);
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });

  it('gives back every value through a CSV, apostrophes of the value itself included', () => {
    const values = [...PROSE, ...FORMULAS, "'-omics", "'=x", "''", "'", "'plain"];
    const rows = values.map((title, i) => ({ id: `r${i}`, title }));
    const table = readCsv(writeCsv(['id', 'title'], rows));
    expect(table.rows.map((r) => r.values.get('title'))).toEqual(values);
  });

  it('still reads sheets written by the earlier rule, which prefixed every leading -, +, @', () => {
    expect(restoreCell("'-omics approaches")).toBe('-omics approaches');
    expect(restoreCell("'@home care")).toBe('@home care');
  });

  it('is linear on long hostile cells', () => {
    const started = performance.now();
    for (const value of [`-${'a '.repeat(200_000)}`, `+${'1+'.repeat(200_000)}`, `-${' '.repeat(400_000)}x`, `+"${'""'.repeat(200_000)}`, `-${'a'.repeat(400_000)}`]) {
      evaluatesAsFormula(value);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('files meant for another tool', () => {
  const records = [
    uniqueRecord(1, { title: '-omics approaches to outreach' }),
    uniqueRecord(2, { title: '=1+1 is not a title', abstract: '@SUM(A1) in an abstract' }),
  ];

  it('the Rayyan CSV carries titles exactly as they are', () => {
    const table = readCsv(rayyanCsv(records));
    expect(rayyanCsv(records)).not.toContain("'-omics");
    expect(rayyanCsv(records)).not.toContain("'=1+1");
    expect(table.rows.map((r) => r.values.get('title'))).toEqual(['-omics approaches to outreach', '=1+1 is not a title']);
  });

  it('the Rayyan RIS carries titles exactly as they are', () => {
    const ris = rayyanRis(records);
    expect(ris).toContain('TI  - -omics approaches to outreach\n');
    expect(ris).toContain('TI  - =1+1 is not a title\n');
    expect(ris).toContain('AB  - @SUM(A1) in an abstract\n');
  });

  it('a CSV for people neutralises only the formula', () => {
    const text = writeCsv(['title'], records.map((r) => ({ title: r.title })));
    expect(text).toContain('\n-omics approaches to outreach\n');
    expect(text).toContain("\n'=1+1 is not a title\n");
  });
});
