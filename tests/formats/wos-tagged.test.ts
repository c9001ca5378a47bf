import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/index.js';
import { FormatError } from '../../src/formats/types.js';
import { wosTagged } from '../../src/formats/wos-tagged.js';
import { expectGolden, indexRows, readExport } from './golden/tagged-helpers.js';

describe('WoS tagged fixtures (INDEX.md counts, titles, detection)', () => {
  const rows = indexRows('wos-tagged');
  it('INDEX.md lists the WoS fixtures', () => expect(rows.length).toBeGreaterThanOrEqual(8));
  for (const row of rows) {
    it(`${row.file}: ${row.records} records, all titled, detected as WoS`, () => {
      const text = readExport(row.file);
      expect(detectFormat(text, row.file.split('/').pop()).plugin.id).toBe('wos-tagged');
      const { records, warnings } = wosTagged.parse(text);
      expect(records).toHaveLength(row.records);
      expect(records.filter((r) => !r.title).map((r) => r.line)).toEqual([]);
      expect(warnings).toEqual([]);
    });
  }
});

describe('WoS goldens (first two records)', () => {
  const files: [string, string][] = [
    ['example_wos', 'wos-tagged/MrTango+rispy__example_wos.ris'],
    ['zoorec', 'wos-tagged/mjwestgate+synthesisr__zoorec.txt'],
  ];
  for (const [name, file] of files) it(name, () => expectGolden('wos-tagged', name, wosTagged.parse(readExport(file)).records));
});

const WOS = [
  '\uFEFFFN Clarivate Analytics Web of Science',
  'VR 1.0',
  'PT J',
  'AU Stillman, AN',
  '   Siegel, RB',
  'AF Stillman, Andrew N. (andrew.stillman@uconn.edu) ',
  '   Siegel, Rodney B.',
  'TI Nest site selection after',
  '   wildfire.',
  'SO CONDOR',
  'J9 CONDOR',
  'JI Condor',
  'DE fire; woodpecker; nest',
  '   survival',
  'ID BURNED FORESTS',
  'PY 2019',
  'VL 121',
  'IS 3',
  'AR duz039',
  'DI 10.1093/condor/duz039',
  'SN 0010-5422',
  'EI 1938-5129',
  'PM 31234567',
  'PU OXFORD UNIV PRESS INC',
  'UT WOS:000485056600001',
  'ER',
  '',
  'EF',
].join('\n');

describe('WoS quirks', () => {
  const { records, warnings } = wosTagged.parse(WOS);
  const r = records[0];
  it('reads past the BOM and header', () => {
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(r?.line).toBe(3);
  });
  it('prefers AF over AU, one author per continuation line, e-mails stripped from fields but kept raw', () => {
    expect(r?.authors).toEqual([{ family: 'Stillman', given: 'Andrew N.' }, { family: 'Siegel', given: 'Rodney B.' }]);
    expect(r?.raw[2]).toEqual(['AF', 'Stillman, Andrew N. (andrew.stillman@uconn.edu)\nSiegel, Rodney B.']);
  });
  it('falls back to AU ("Family, Initials" and Derwent "YANG Y")', () => {
    const [a] = wosTagged.parse('PT P\nAU YANG Y\n   LI W\nTI T\nER\n').records;
    expect(a?.authors).toEqual([{ family: 'YANG', given: 'Y' }, { family: 'LI', given: 'W' }]);
    expect(a?.type).toBe('patent');
  });
  it('maps the fields', () => {
    expect(r).toMatchObject({
      title: 'Nest site selection after wildfire.', journal: 'CONDOR', journalAbbrev: 'Condor', year: 2019, volume: '121',
      issue: '3', pages: 'duz039', doi: '10.1093/condor/duz039', issn: ['0010-5422', '1938-5129'], pmid: '31234567',
      publisher: 'OXFORD UNIV PRESS INC', accessionNumber: 'WOS:000485056600001', database: 'Web of Science',
      keywords: ['fire', 'woodpecker', 'nest survival', 'BURNED FORESTS'], type: 'article',
    });
  });
  it('joins BP/EP into pages and names other WoS-platform databases from the accession', () => {
    const [a] = wosTagged.parse('PT J\nTI T\nBP 12\nEP 20\nAN ZOOR15512090342\nER\n').records;
    expect(a).toMatchObject({ pages: '12-20', accessionNumber: 'ZOOR15512090342', database: 'Zoological Record' });
  });
  it('types records from PT and DT', () => {
    const types = wosTagged.parse('PT J\nTI a\nDT Review\nER\nPT S\nTI b\nER\nPT B\nTI c\nDT Proceedings Paper\nER\nPT B\nTI d\nER\n').records.map((x) => x.type);
    expect(types).toEqual(['review', 'chapter', 'conference', 'book']);
  });
  it('warns about a record without ER (before the next PT and at the end of file) and keeps it', () => {
    const res = wosTagged.parse('FN x\nVR 1.0\nPT J\nTI First\nPT J\nTI Second\n');
    expect(res.records.map((x) => x.title)).toEqual(['First', 'Second']);
    expect(res.warnings).toEqual([
      expect.objectContaining({ code: 'missing-end', line: 3 }),
      expect.objectContaining({ code: 'missing-end', line: 5 }),
    ]);
  });
  it('treats unindented lines after a field as its continuation (Zotero case 7)', () => {
    const [a] = wosTagged.parse('PT J\nTI Importance of methane\nconsumers in lakes\nAU Medvedeff, C. (m@ufl.edu)\nHershey, Anne E.\nER\n').records;
    expect(a?.title).toBe('Importance of methane consumers in lakes');
    expect(a?.authors.map((x) => x.family)).toEqual(['Medvedeff', 'Hershey']);
  });
  it('warns about lines outside records', () => {
    const res = wosTagged.parse('FN x\nVR 1.0\njunk here\nPT J\nTI T\nER\n');
    expect(res.warnings).toEqual([expect.objectContaining({ code: 'untagged-line', line: 3 })]);
  });
  it('throws a FormatError on input without any tag', () => {
    expect(() => wosTagged.parse('just some text\nmore text')).toThrow(FormatError);
  });
  it('sniffs the header high and RIS/MEDLINE not at all', () => {
    expect(wosTagged.sniff(WOS)).toBeGreaterThan(0.9);
    expect(wosTagged.sniff('TY  - JOUR\nAU  - x\nER  - \n')).toBe(0);
    expect(wosTagged.sniff('PMID- 1\nTI  - x\n')).toBe(0);
  });
});
