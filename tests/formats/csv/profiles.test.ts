/**
 * Every delimited fixture of INDEX.md: the right profile wins the sniff, the record count matches,
 * every record has a title; goldens (first two records) for the exports with quirks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../src/formats/decode.js';
import { detectFormat, findFormat } from '../../../src/formats/index.js';
import type { FormatPlugin } from '../../../src/formats/types.js';
import { EXPORTS } from '../../helpers/project.js';
import { expectGolden, indexRows } from '../golden/tagged-helpers.js';

/** Bytes → text as the import stage does it (UTF-16 for WoS included). */
function decoded(file: string): string {
  return decodeBytes(readFileSync(join(EXPORTS, file))).text.replace(/^\uFEFF/, '');
}

function plugin(id: string): FormatPlugin {
  const found = findFormat(id);
  if (!found) throw new Error(`no plug-in ${id}`);
  return found;
}

/** INDEX folder → the plug-in id each of its files must be detected as. */
const EXPECTED: Record<string, (file: string) => string> = {
  'covidence-csv': () => 'covidence-csv',
  'embase-csv': () => 'embase-csv',
  'gscholar-csv': () => 'gscholar-csv',
  'pop-csv': () => 'pop-csv',
  'rayyan-csv': () => 'rayyan-csv',
  'scopus-csv': () => 'scopus-csv',
  'wos-tab': () => 'wos-tab',
  'other-csv': (file) => (/pubmed/.test(file) ? 'pubmed-csv' : /cinahl/.test(file) ? 'cinahl-csv' : /cochrane/.test(file) ? 'cochrane-csv' : 'zotero-csv'),
};

describe('delimited fixtures of INDEX.md', () => {
  for (const [folder, expectedId] of Object.entries(EXPECTED)) {
    const rows = indexRows(folder);
    it(`INDEX.md lists ${folder} fixtures`, () => expect(rows.length).toBeGreaterThan(0));
    for (const row of rows) {
      it(`${row.file}: detected, ${row.records} records, all titled`, () => {
        const text = decoded(row.file);
        const id = expectedId(row.file);
        const detection = detectFormat(text, row.file.split('/').pop());
        expect(detection.plugin.id).toBe(id);
        expect(detection.confidence).toBeGreaterThan(0.4);
        const { records, warnings } = plugin(id).parse(text);
        expect(records).toHaveLength(row.records);
        expect(records.filter((r) => !r.title).map((r) => r.line)).toEqual([]);
        expect(records.filter((r) => r.authors.length === 0).map((r) => r.line)).toEqual([]);
        expect(warnings.filter((w) => w.code === 'ragged-row')).toEqual([]);
      });
    }
  }
});

describe('CSV goldens (first two records)', () => {
  const cases: [string, string, string][] = [
    ['scopus-46', 'scopus-csv', 'scopus-csv/asreview+citation-file-formatting___baseline_scopus.csv'],
    ['scopus-41', 'scopus-csv', 'scopus-csv/UWNETLAB+metaknowledge__scopus_testing.csv.scopus'],
    ['embase-preamble', 'embase-csv', 'embase-csv/asreview+citation-file-formatting___baseline_embase.csv'],
    ['embase-old', 'embase-csv', 'embase-csv/asreview+asreview__embase.csv'],
    ['pubmed', 'pubmed-csv', 'other-csv/asreview+citation-file-formatting___baseline_pubmed.csv'],
    ['pop', 'pop-csv', 'pop-csv/funkepunkemonke+Research-trends-in-Propithecus-coquereli__PoPCites.csv'],
    ['rayyan', 'rayyan-csv', 'rayyan-csv/asreview+citation-file-formatting___baseline_rayyan.csv'],
    ['wos-tab-utf16', 'wos-tab', 'wos-tab/rafguns+wosfile__wos_tab_delimited_win_utf16.txt'],
  ];
  for (const [name, id, file] of cases) {
    it(name, () => expectGolden('csv', name, plugin(id).parse(decoded(file)).records));
  }
});

describe('profile quirks', () => {
  it('Embase: the Excel re-save (BOM, ";", ";;;;" padding) reads like the original', () => {
    const original = plugin('embase-csv').parse(decoded('embase-csv/asreview+citation-file-formatting___baseline_embase.csv'));
    const excel = plugin('embase-csv').parse(decoded('embase-csv/asreview+citation-file-formatting___baseline_excel.csv'));
    const fields = (r: (typeof original.records)[number]) => ({ ...r, raw: undefined, line: undefined });
    expect(excel.records.map(fields)).toEqual(original.records.map(fields));
    expect(original.records[0]?.line).toBe(5);
  });

  it('Embase old layout: journal, year, volume, issue and pages come from "Source"', () => {
    const [first] = plugin('embase-csv').parse(decoded('embase-csv/asreview+asreview__embase.csv')).records;
    expect(first).toMatchObject({ journal: 'Endoscopic Ultrasound', year: 2014, volume: '3', issue: '3', pages: '152-160' });
  });

  it('Embase new page: rows with embedded newlines start on their physical lines', () => {
    const { records } = plugin('embase-csv').parse(decoded('embase-csv/asreview+asreview__embase_newpage.csv'));
    const text = decoded('embase-csv/asreview+asreview__embase_newpage.csv').split('\n');
    for (const r of records) expect(text[r.line - 1]).toContain(r.title?.slice(0, 20));
  });

  it('PubMed: volume, issue, pages and DOI parsed from Citation', () => {
    const [r] = plugin('pubmed-csv').parse(decoded('other-csv/CoLRev-Environment+colrev__pubmed_csv.csv')).records;
    expect(r).toMatchObject({
      pmid: '11223344', journal: 'Nature', volume: '1', issue: '2', pages: '10-11', doi: '10.1111/nature1111', year: 2021,
      authors: [{ family: 'Smith', given: 'A' }, { family: 'Walter', given: 'B' }],
    });
  });

  it('Publish or Perish: cut author lists and titles warn, nothing invented; DOI suffixes stripped, raw kept', () => {
    const file = 'pop-csv/funkepunkemonke+Research-trends-in-Propithecus-coquereli__PoPCites.csv';
    const { records, warnings } = plugin('pop-csv').parse(decoded(file));
    const [first] = records;
    expect(first?.authors).toEqual([
      { family: 'Kun‐Rodrigues', given: 'C' }, { family: 'Salmona', given: 'J' }, { family: 'Besolo', given: 'A' },
    ]);
    expect(first?.journal).toBe('American Journal of');
    const firstWarnings = warnings.filter((w) => w.line === first?.line).map((w) => w.code);
    expect(firstWarnings).toEqual(['truncated-value', 'truncated-value']);
    const polluted = records.find((r) => r.raw.some(([k, v]) => k === 'DOI' && v === '10.1638/2009-0160.1.short'));
    expect(polluted?.doi).toBe('10.1638/2009-0160.1');
  });

  it('Rayyan: key kept as sourceRecordId, leaked RIS tags cut with a warning, notes raw only', () => {
    const { records, warnings } = plugin('rayyan-csv').parse(decoded('rayyan-csv/asreview+citation-file-formatting___baseline_rayyan.csv'));
    const [first] = records;
    expect(first?.sourceRecordId).toBe('rayyan-42924189');
    expect(first?.url).toBe('https://www.embase.com/search/results?subaction=viewrecord&id=L2029880245&from=export');
    expect(first?.doi).toBe('10.1038/s41467-024-48400-3');
    expect(warnings.filter((w) => w.line === first?.line).map((w) => w.code)).toEqual(['leaked-tag', 'leaked-tag']);
    expect(first?.raw).toContainEqual(['notes', 'RAYYAN-INCLUSION: {"Emily"=>"Included"}']);
  });

  it('Covidence: "#1" kept as sourceRecordId', () => {
    const { records } = plugin('covidence-csv').parse(decoded('covidence-csv/asreview+citation-file-formatting___baseline_covidence.csv'));
    expect(records.map((r) => r.sourceRecordId).slice(0, 2)).toEqual(['#1', '#2']);
    expect(records[0]?.authors[0]).toEqual({ family: 'Yang', given: 'Z.' });
  });

  it('Scopus: "Author full names" preferred, their Scopus ids dropped; EID is the accession number', () => {
    const [r] = plugin('scopus-csv').parse(decoded('scopus-csv/massimoaria+bibliometrix__scopus_sample.csv')).records;
    expect(r?.authors[0]).toEqual({ family: 'Liu', given: 'Fengyuan' });
    expect(r?.accessionNumber).toMatch(/^2-s2\.0-/);
  });

  it('Google Scholar CSV: the trailing "; " adds no empty author', () => {
    const [r] = plugin('gscholar-csv').parse(decoded('gscholar-csv/asreview+citation-file-formatting___baseline_googlescholar.csv')).records;
    expect(r?.authors).toEqual([{ family: 'Barrett', given: 'Paul M' }, { family: 'Willis', given: 'Katherine J' }]);
  });

  it('WoS tab-delimited: UTF-8 and UTF-16 give the same records; the trailing TAB is no ragged row', () => {
    const utf8 = plugin('wos-tab').parse(decoded('wos-tab/rafguns+wosfile__wos_tab_delimited_win_utf8.txt'));
    const utf16 = plugin('wos-tab').parse(decoded('wos-tab/rafguns+wosfile__wos_tab_delimited_win_utf16.txt'));
    expect(utf16.records.map((r) => ({ ...r, line: 0 }))).toEqual(utf8.records.map((r) => ({ ...r, line: 0 })));
    expect(utf8.warnings).toEqual([]);
    expect(utf8.records[0]).toMatchObject({ type: 'article', journal: 'ORGANIZATION SCIENCE', accessionNumber: expect.stringMatching(/^WOS:/) });
  });

  it('WoS tab-delimited: a row with two extra cells is ragged', () => {
    const text = 'PT\tAU\tTI\tSO\tUT\nJ\tSmith, J\tA title\tJ X\tWOS:1\t\nJ\tDoe, A\tB title\tJ Y\tWOS:2\t\tspill\n';
    expect(plugin('wos-tab').parse(text).warnings.map((w) => [w.code, w.line])).toEqual([['ragged-row', 3]]);
  });

  it('the generic plug-in loses to every specific profile on the fixtures but wins on plain lists', () => {
    for (const folder of Object.keys(EXPECTED)) {
      for (const row of indexRows(folder)) expect(detectFormat(decoded(row.file)).plugin.id).not.toBe('generic-csv');
    }
    expect(detectFormat('title,authors,year\nA,"Smith, J.",2020\n').plugin.id).toBe('generic-csv');
  });
});
