import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/index.js';
import { medline } from '../../src/formats/medline.js';
import { FormatError } from '../../src/formats/types.js';
import { expectGolden, indexRows, readExport } from './golden/tagged-helpers.js';

describe('MEDLINE fixtures (INDEX.md counts, titles, detection)', () => {
  const rows = indexRows('medline');
  it('INDEX.md lists the MEDLINE fixtures', () => expect(rows.length).toBeGreaterThanOrEqual(7));
  for (const row of rows) {
    it(`${row.file}: ${row.records} records, all titled, detected as MEDLINE`, () => {
      const text = readExport(row.file);
      expect(detectFormat(text, row.file.split('/').pop()).plugin.id).toBe('medline');
      const { records, warnings } = medline.parse(text);
      expect(records).toHaveLength(row.records);
      expect(records.filter((r) => !r.title).map((r) => r.line)).toEqual([]);
      expect(warnings).toEqual([]);
    });
  }
});

describe('MEDLINE goldens (first two records)', () => {
  const files: [string, string][] = [
    ['baseline_pubmed', 'medline/asreview+citation-file-formatting___baseline_pubmed.ris'],
    ['eric_nbib', 'medline/CoLRev-Environment+colrev__eric_nbib.nbib'],
    ['restoration_pubmed', 'medline/mjwestgate+revtools__restoration_pubmed.nbib'],
  ];
  for (const [name, file] of files) it(name, () => expectGolden('medline', name, medline.parse(readExport(file)).records));
});

const PUBMED = [
  'PMID- 30922926',
  'OWN - NLM',
  'IS  - 1878-0849 (Electronic)',
  'IS  - 1769-7212 (Print)',
  'IS  - 1769-7212 (Linking)',
  'VI  - 63',
  'IP  - 2',
  'DP  - 2020 Feb',
  'TI  - Time lapse: A glimpse into',
  '      prehistoric genomics.',
  'PG  - 123-9',
  'LID - S1769-7212(19)30059-X [pii]',
  'LID - 10.1016/j.ejmg.2019.03.004 [doi]',
  'AB  - First line',
  '      second line.',
  'FAU - Griffin, Darren K',
  'AU  - Griffin DK',
  'AD  - School of Biosciences.',
  'FAU - Larkin, Denis M',
  'AU  - Larkin DM',
  'AU  - Smith JA',
  'CN  - Dinosaur Genome Consortium',
  'LA  - eng',
  'PT  - Journal Article',
  'PT  - Review',
  'TA  - Eur J Med Genet',
  'JT  - European journal of medical genetics',
  'MH  - *Dinosaurs/genetics',
  'OT  - karyotype',
  '',
].join('\n');

describe('MEDLINE quirks', () => {
  const [r] = medline.parse(PUBMED).records;
  it('joins continuation lines: squashed in fields, "\\n" in raw', () => {
    expect(r?.title).toBe('Time lapse: A glimpse into prehistoric genomics.');
    expect(r?.raw[8]).toEqual(['TI', 'Time lapse: A glimpse into\nprehistoric genomics.']);
    expect(r?.abstract).toBe('First line second line.');
  });
  it('prefers FAU and does not duplicate its AU; a lone AU and CN are authors too', () => {
    expect(r?.authors).toEqual([
      { family: 'Griffin', given: 'Darren K' },
      { family: 'Larkin', given: 'Denis M' },
      { family: 'Smith', given: 'J A' },
      { family: 'Dinosaur Genome Consortium', literal: true },
    ]);
  });
  it('an empty AU after a FAU leaves the next AU as that FAU\'s short form', () => {
    const [x] = medline.parse('PMID- 1\nTI  - T\nFAU - Doe, Jane\nAU  -\nAU  - Doe J\nAU  - Roe R\n').records;
    expect(x?.authors).toEqual([{ family: 'Doe', given: 'Jane' }, { family: 'Roe', given: 'R' }]);
  });
  it('takes the DOI from LID [doi], not [pii]', () => expect(r?.doi).toBe('10.1016/j.ejmg.2019.03.004'));
  it('keeps each ISSN once whatever its kind', () => expect(r?.issn).toEqual(['1878-0849', '1769-7212']));
  it('maps the rest', () => {
    expect(r).toMatchObject({
      pmid: '30922926', year: 2020, volume: '63', issue: '2', pages: '123-9', language: 'eng',
      journal: 'European journal of medical genetics', journalAbbrev: 'Eur J Med Genet',
      type: 'review', rawType: 'Review', database: 'PubMed', keywords: ['Dinosaurs/genetics', 'karyotype'], line: 1,
    });
  });
  it('reads ERIC records (no PMID), their labelled standard numbers and accession', () => {
    const text = ['', 'OWN - ERIC', 'TI  - One', 'AU  - Smith, Tom', 'AID - http://dx.doi.org/10.1000/123456789', 'OID - EJ1131633',
      'ISSN - EISSN-2375-5636', 'PT  - Journal Articles', 'JT  - Journal Name', '', 'OWN - ERIC', 'TI  - Two', 'JT  - Brookes Publishing',
      'ISBN - ISBN-978-1-5985-7192-9', 'PT  - Books', ''].join('\n');
    const [a, b] = medline.parse(text).records;
    expect(a).toMatchObject({ title: 'One', database: 'ERIC', accessionNumber: 'EJ1131633', doi: '10.1000/123456789',
      issn: ['2375-5636'], type: 'article', journal: 'Journal Name', authors: [{ family: 'Smith', given: 'Tom' }], line: 2 });
    expect(a?.pmid).toBeUndefined();
    expect(b).toMatchObject({ title: 'Two', type: 'book', publisher: 'Brookes Publishing', isbn: ['9781598571929'], line: 11 });
    expect(b?.journal).toBeUndefined();
  });
  it('starts a new record at a second PMID even without a blank line', () => {
    const { records } = medline.parse('PMID- 1\nTI  - A\nPMID- 2\nTI  - B\n');
    expect(records.map((x) => [x.pmid, x.title, x.line])).toEqual([['1', 'A', 1], ['2', 'B', 3]]);
  });
  it('warns about untagged lines with their line number and keeps the text', () => {
    const { records, warnings } = medline.parse('PMID- 1\nTI  - A\nstray words\n');
    expect(warnings).toEqual([expect.objectContaining({ code: 'untagged-line', line: 3 })]);
    expect(records[0]?.raw[1]).toEqual(['TI', 'A\nstray words']);
  });
  it('Bookshelf chapters keep BTI as the container, whole books use it as title', () => {
    const [chapter, book] = medline.parse('PMID- 1\nTI  - Peutz-Jeghers Syndrome\nBTI - Cancer Syndromes\n\nPMID- 2\nBTI - A Book\n').records;
    expect(chapter).toMatchObject({ title: 'Peutz-Jeghers Syndrome', journal: 'Cancer Syndromes', type: 'chapter' });
    expect(book).toMatchObject({ title: 'A Book', type: 'book' });
  });
  it('throws a FormatError with a line on input without any tag', () => {
    expect(() => medline.parse('hello\nworld\n')).toThrow(FormatError);
    try {
      medline.parse('hello');
    } catch (e) {
      expect((e as FormatError).line).toBe(1);
    }
  });
  it('sniffs PubMed and ERIC high, RIS low', () => {
    expect(medline.sniff(PUBMED)).toBeGreaterThan(0.9);
    expect(medline.sniff('\nOWN - ERIC\nTI  - x\nAU  - y\n')).toBeGreaterThan(0.9);
    expect(medline.sniff('TY  - JOUR\nPMID  - 123\nTI  - x\nAU  - y\nER  - \n')).toBeLessThan(0.3);
    expect(medline.sniff('1.\nTY  - JOUR\nDB  - Medline\nTI  - x\nER  -\n')).toBeLessThan(0.3);
  });
});
