import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/index.js';
import { ovidTagged } from '../../src/formats/ovid-tagged.js';
import { FormatError } from '../../src/formats/types.js';

// No real Ovid tagged export exists in fixtures/exports; the Zotero cases (tagged-zotero.test.ts)
// are the real-file check. These cover each quirk on its own.
const PSYCINFO = [
  ' <7. >',
  ' VN  - Ovid Technologies',
  ' DB  - PsycINFO',
  ' AN  - Peer Reviewed Journal: 2015-33942-012.',
  ' TI  - A comparison of reassurance seeking. [References].',
  ' YR  - 2015',
  ' AU  - Kobori, Osamu',
  ' IN  - Kobori, Osamu: Chiba University',
  ' ',
  '       Sawamiya, Yoko: University of Tsukuba',
  ' SO  - Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. 623-634. ',
  ' IS  - 1352-4658',
  ' DT  - Journal Article',
  ' DO  - http://dx.doi.org/10.1017/S1352465814000277',
  ' PM  - 24892981',
  ' MH  - *Major Depression',
  ' ',
  ' <8. >',
  ' TI  - Second.',
  ' SO  - Journal of Current Southeast Asian Affairs, 2013(1): 3-28.',
].join('\n');

describe('Ovid tagged', () => {
  const { records, warnings } = ovidTagged.parse(PSYCINFO);
  it('splits on <n. > markers only: leading-space lines and blank lines inside a field stay in the record', () => {
    expect(warnings).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 18]);
    expect(records[0]?.raw).toContainEqual(['IN', 'Kobori, Osamu: Chiba University\nSawamiya, Yoko: University of Tsukuba']);
  });
  it('maps fields, cleans Ovid title labels and reads volume/issue/pages from SO', () => {
    expect(records[0]).toMatchObject({
      title: 'A comparison of reassurance seeking', year: 2015, authors: [{ family: 'Kobori', given: 'Osamu' }],
      journal: 'Behavioural and Cognitive Psychotherapy', volume: '43', issue: '5', pages: '623-634', issn: ['1352-4658'],
      doi: '10.1017/S1352465814000277', pmid: '24892981', type: 'article', database: 'PsycINFO',
      accessionNumber: 'Peer Reviewed Journal: 2015-33942-012', keywords: ['Major Depression'],
    });
    expect(records[1]).toMatchObject({ title: 'Second', journal: 'Journal of Current Southeast Asian Affairs', year: 2013 });
  });
  it('cleans author annotations and takes chapter containers after the editors', () => {
    const [r] = ovidTagged.parse([
      '<1. >', 'AU  - Walsdorf, Neill B. [Inventor, Reprint Author]', 'AU  - Zhang, Weijia 1,2,+', 'PT  - Book Chapter',
      'SO  - Kamp, Roza [Editor]. Methods in proteome analysis.:371-397, 2004.', 'TI  - T',
    ].join('\n')).records;
    expect(r?.authors).toEqual([{ family: 'Walsdorf', given: 'Neill B' }, { family: 'Zhang', given: 'Weijia' }]);
    expect(r).toMatchObject({ type: 'chapter', journal: 'Methods in proteome analysis', year: 2004 });
  });
  it('detects Ovid tagged and leaves Ovid RIS ("1." then TY) alone', () => {
    expect(detectFormat(PSYCINFO).plugin.id).toBe('ovid-tagged');
    expect(ovidTagged.sniff('1.\nTY  - JOUR\nDB  - Embase\nER  - \n')).toBe(0);
    expect(ovidTagged.sniff('PMID- 1\nTI  - x\n')).toBe(0);
  });
  it('throws a FormatError on text without a record', () => {
    expect(() => ovidTagged.parse('nothing\nhere')).toThrow(FormatError);
  });
});
