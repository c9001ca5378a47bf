import { describe, expect, it } from 'vitest';
import { endnoteTagged } from '../../src/formats/endnote-tagged.js';
import { detectFormat } from '../../src/formats/index.js';
import { FormatError } from '../../src/formats/types.js';
import { expectGolden, indexRows, readExport } from './golden/tagged-helpers.js';

const AIS = 'endnote-tagged/CoLRev-Environment+colrev__ais_enl.txt';

describe('EndNote tagged fixture', () => {
  it('INDEX.md lists it', () => expect(indexRows('endnote-tagged').map((r) => r.file)).toContain(AIS));
  it('reads all 6 records of the AIS file, each with a title, detected as EndNote tagged', () => {
    // INDEX.md says 2 because it counted %0 lines; the file holds 6 blank-line-separated records,
    // 4 of them without %0, each with its own %T, %D and %U.
    const text = readExport(AIS);
    expect(detectFormat(text, 'ais_enl.txt').plugin.id).toBe('endnote-tagged');
    const { records, warnings } = endnoteTagged.parse(text);
    expect(records.map((r) => r.line)).toEqual([1, 17, 27, 37, 50, 61]);
    expect(records.filter((r) => !r.title)).toEqual([]);
    expect(warnings).toEqual([]);
  });
  it('golden', () => expectGolden('endnote-tagged', 'ais_enl', endnoteTagged.parse(readExport(AIS)).records));
});

describe('EndNote tagged quirks', () => {
  const text = [
    '%0 Journal Article', '%A Guo, Wenbo', '%A Jane Q. Public', '%T A title', '%J MIS Quarterly', '%B Secondary', '%D 2021',
    '%V 45', '%N 3', '%P 1309-1348', '%R 10.25300/MISQ/2021/15', '%X First paragraph.', 'Second paragraph.', '%K trust',
    'governance', '%@ 0276-7783', '%M WOS:0001', '%U https://example.org/x', '', '%0 Book Section', '%T Chapter', '%B The Book',
    '%0 Journal Article', '%T Glued record', '',
  ].join('\n');
  const { records } = endnoteTagged.parse(text);
  it('maps tags; untagged lines continue the previous tag (abstract paragraphs, one keyword per line)', () => {
    expect(records[0]).toMatchObject({
      type: 'article', rawType: 'Journal Article', title: 'A title', journal: 'MIS Quarterly', year: 2021, volume: '45',
      issue: '3', pages: '1309-1348', doi: '10.25300/MISQ/2021/15', abstract: 'First paragraph. Second paragraph.',
      keywords: ['trust', 'governance'], issn: ['0276-7783'], accessionNumber: 'WOS:0001', url: 'https://example.org/x',
      authors: [{ family: 'Guo', given: 'Wenbo' }, { family: 'Public', given: 'Jane Q.' }],
    });
    expect(records[0]?.raw).toContainEqual(['%X', 'First paragraph.\nSecond paragraph.']);
  });
  it('uses %B as the container when there is no %J; a second %0 starts a record', () => {
    expect(records.slice(1).map((r) => [r.title, r.journal, r.type, r.line])).toEqual([
      ['Chapter', 'The Book', 'chapter', 20], ['Glued record', undefined, 'article', 23],
    ]);
  });
  it('throws a FormatError on text without tags; sniffs RIS and MEDLINE at 0', () => {
    expect(() => endnoteTagged.parse('no tags here\n')).toThrow(FormatError);
    expect(endnoteTagged.sniff('TY  - JOUR\nTI  - x\nER  - \n')).toBe(0);
    expect(endnoteTagged.sniff('PMID- 1\nTI  - x\n')).toBe(0);
  });
});
