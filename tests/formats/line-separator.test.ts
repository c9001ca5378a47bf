import { describe, expect, it } from 'vitest';
import { endnoteTagged } from '../../src/formats/endnote-tagged.js';
import { medline } from '../../src/formats/medline.js';
import { risFormat } from '../../src/formats/ris.js';
import { wosTagged } from '../../src/formats/wos-tagged.js';

// U+2028 (LINE SEPARATOR) occurs in real titles (a Taylor & Francis RIS in Zotero's cases); a regex "."
// does not match it, which silently dropped the whole tag.
const TITLE = 'Outreach\u2028work with young people';

describe('a U+2028 inside a value', () => {
  it('is kept by every tagged plug-in', () => {
    expect(risFormat.parse(`TY  - JOUR\nTI  - ${TITLE}\nER  - \n`).records[0]?.title).toContain('young people');
    expect(medline.parse(`PMID- 1\nTI  - ${TITLE}\n`).records[0]?.title).toContain('young people');
    expect(wosTagged.parse(`FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI ${TITLE}\nER\nEF\n`).records[0]?.title).toContain('young people');
    expect(endnoteTagged.parse(`%0 Journal Article\n%T ${TITLE}\n`).records[0]?.title).toContain('young people');
  });
});
