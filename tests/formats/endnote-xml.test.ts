/**
 * EndNote XML plug-in: every fixture with INDEX.md's count, goldens for the three writers
 * (EndNote 20 with <style> runs, Mendeley, Zotero), and the quirks each one brings.
 */
import { describe, expect, it } from 'vitest';
import { endnoteXml, parseEndnoteXml, sniffEndnoteXml } from '../../src/formats/endnote-xml.js';
import { endnoteType } from '../../src/formats/endnote-xml/map-record.js';
import { expectGolden, indexRows, readExport } from './golden/tagged-helpers.js';

const wrap = (records: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<xml><records>${records}</records></xml>`;

describe('EndNote XML fixtures', () => {
  const rows = indexRows('endnote-xml');
  it('INDEX.md lists the five EndNote XML fixtures', () => expect(rows).toHaveLength(5));
  for (const row of rows) {
    it(`${row.file}: ${row.records} records, each with a title`, () => {
      const text = readExport(row.file);
      expect(sniffEndnoteXml(text)).toBe(0.95);
      const { records, warnings } = endnoteXml.parse(text);
      expect(records).toHaveLength(row.records);
      expect(records.filter((r) => !r.title)).toEqual([]);
      expect(warnings).toEqual([]);
    });
  }
});

describe('EndNote XML goldens (first two records)', () => {
  it('EndNote 20.4 (PubMed records, <style> runs, &#13; separators)', () => {
    expectGolden('endnote-xml', 'endnote20-excerpt', parseEndnoteXml(readExport('endnote-xml/camaradesuk+ASySD__endnote_export.EXCERPT-3-records.xml')).records);
  });
  it('Mendeley-written', () => {
    expectGolden('endnote-xml', 'mendeley', parseEndnoteXml(readExport('endnote-xml/camaradesuk+ASySD__mendeley_export.xml')).records);
  });
  it('Zotero-written', () => {
    expectGolden('endnote-xml', 'zotero', parseEndnoteXml(readExport('endnote-xml/camaradesuk+ASySD__zotero_export.xml')).records);
  });
});

describe('EndNote XML quirks', () => {
  it('concatenates rich-text <style> runs of one title, keeping the spaces at run edges', () => {
    const [record] = parseEndnoteXml(readExport('endnote-xml/zotero+translators__EndnoteXML-case2-EndNote16.xml')).records;
    expect(record?.title).toBe('Plain Bold Italics Underline Superscript Subscript SymbolFont CourierNew SmallerSize Size12 TimesNewRoman-Bold-Italics-Underline-Superscript');
  });

  it('ignores indentation between runs but keeps text inside them', () => {
    const xml = wrap('<record>\n  <titles>\n    <title>\n      <style face="normal">A </style>\n      <style face="italic">B</style>\n    </title>\n  </titles>\n</record>');
    expect(parseEndnoteXml(xml).records[0]?.title).toBe('A B');
  });

  it('splits &#13;-separated ISSNs and notes, but keeps an abstract whole', () => {
    const xml = wrap('<record><isbn>0005-9366 (Print)&#13;1432-1238 (Electronic)</isbn><notes>Journal Article&#13;Germany</notes>'
      + '<abstract>First paragraph.&#13;Second paragraph.</abstract><titles><title>T</title></titles></record>');
    const [record] = parseEndnoteXml(xml).records;
    expect(record?.issn).toEqual(['0005-9366', '1432-1238']);
    expect(record?.raw.filter(([tag]) => tag === 'notes')).toEqual([['notes', 'Journal Article'], ['notes', 'Germany']]);
    expect(record?.abstract).toBe('First paragraph.\nSecond paragraph.');
  });

  it('reads ref-type by name first: Mendeley 0 and EndNote 17 are both journal articles; old numbering (Report = 10) is not a conference', () => {
    expect(endnoteType('Journal Article', '0')).toBe('article');
    expect(endnoteType('Journal Article', '17')).toBe('article');
    expect(endnoteType('Report', '10')).toBe('report');
    expect(endnoteType(undefined, '0')).toBe('article');
    expect(endnoteType(undefined, '10')).toBe('conference');
    expect(endnoteType('Book Section', '5')).toBe('chapter');
    expect(endnoteType('Generic', '31')).toBe('other');
  });

  it('takes a PMID from accession-num only when the provider is NLM/PubMed', () => {
    const pubmed = parseEndnoteXml(wrap('<record><accession-num>1225308</accession-num><remote-database-provider>NLM</remote-database-provider></record>')).records[0];
    expect(pubmed?.pmid).toBe('1225308');
    expect(pubmed?.accessionNumber).toBeUndefined();
    const other = parseEndnoteXml(wrap('<record><accession-num>WOS:000123</accession-num></record>')).records[0];
    expect(other?.pmid).toBeUndefined();
    expect(other?.accessionNumber).toBe('WOS:000123');
  });

  it('keeps editors (secondary-authors) out of authors, and a DOI given as URL is cleaned', () => {
    const xml = wrap('<record><contributors><authors><author>Mares, Isabela</author></authors><secondary-authors><author>Hall, Peter A</author></secondary-authors></contributors>'
      + '<electronic-resource-num>https://doi.org/10.1000/xyz.1</electronic-resource-num></record>');
    const [record] = parseEndnoteXml(xml).records;
    expect(record?.authors).toEqual([{ family: 'Mares', given: 'Isabela' }]);
    expect(record?.raw).toContainEqual(['contributors/secondary-authors/author', 'Hall, Peter A']);
    expect(record?.doi).toBe('10.1000/xyz.1');
  });

  it('keeps the EndNote 20.1 citation key (label) in raw; rec-number is the source id', () => {
    const [withKey] = parseEndnoteXml(readExport('endnote-xml/zotero+translators__EndnoteXML-case3-EndNote20.xml')).records;
    expect(withKey?.raw).toContainEqual(['label', 'test_item_2021']);
    expect(withKey?.sourceRecordId).toBe('1');
  });

  it('gives each record the line where <record> starts', () => {
    const { records } = parseEndnoteXml(readExport('endnote-xml/camaradesuk+ASySD__endnote_export.EXCERPT-3-records.xml'));
    expect(records.map((r) => r.line)).toEqual([4, 89, 200]);
  });

  it('decodes entities once: &amp;#13; is the text "&#13;", not a separator', () => {
    const [record] = parseEndnoteXml(wrap('<record><titles><title>A &amp;#13; B &lt;i&gt; &#x3B1;</title></titles></record>')).records;
    expect(record?.title).toBe('A &#13; B <i> α');
  });

  it('never turns tag names into object keys (__proto__, constructor)', () => {
    const xml = wrap('<record><__proto__><polluted>yes</polluted></__proto__><constructor>x</constructor><titles><title>Safe</title></titles></record>');
    const [record] = parseEndnoteXml(xml).records;
    expect(record?.title).toBe('Safe');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(record?.raw.some(([tag]) => tag.includes('proto') || tag.includes('constructor'))).toBe(false);
  });

  it('does not expand DOCTYPE entities (no billion laughs)', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
      + '<xml><records><record><titles><title>&b;</title></titles></record></records></xml>';
    expect(parseEndnoteXml(xml).records[0]?.title).toBe('&b;');
  });

  it('warns about a record without </record> and still reads the next one', () => {
    const { records, warnings } = parseEndnoteXml(wrap('<record><titles><title>One</title></titles>\n<record><titles><title>Two</title></titles></record>'));
    expect(records.map((r) => r.title)).toEqual(['One', 'Two']);
    expect(warnings).toMatchObject([{ code: 'missing-end', line: 2 }]);
  });

  it('claims only EndNote XML', () => {
    expect(sniffEndnoteXml('<?xml version="1.0"?>\n<xml><records><record>')).toBe(0.95);
    expect(sniffEndnoteXml('<?xml version="1.0"?>\n<modsCollection xmlns="http://www.loc.gov/mods/v3"><mods>')).toBe(0);
    expect(sniffEndnoteXml('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet><PubmedArticleSet><PubmedArticle>')).toBe(0);
    expect(sniffEndnoteXml('TY  - JOUR\nTI  - <xml><records><record>')).toBe(0);
  });

  it('rejects XML without <records>', () => {
    expect(() => parseEndnoteXml('<?xml version="1.0"?><other/>')).toThrow(/not an EndNote XML export/);
  });
});
