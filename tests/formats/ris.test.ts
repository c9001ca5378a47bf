import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/index.js';
import { risFormat } from '../../src/formats/ris.js';
import { FormatError, type ParsedRecord } from '../../src/formats/types.js';
import { ZOTERO_CASES } from '../helpers/project.js';
import { expectGolden, exportFiles, indexRows, readExport } from './golden/tagged-helpers.js';

const parse = (lines: string[]) => risFormat.parse(lines.join('\n'));
const only = (lines: string[]): ParsedRecord => {
  const { records } = parse(lines);
  expect(records).toHaveLength(1);
  return records[0] as ParsedRecord;
};

describe('RIS fixtures (INDEX.md counts, titles, detection)', () => {
  const rows = indexRows('ris');
  it('INDEX.md lists every file of the ris folder', () => {
    expect(rows.map((r) => r.file).sort()).toEqual(exportFiles('ris').sort());
    expect(rows.length).toBe(45);
  });
  for (const row of rows) {
    it(`${row.file}: ${row.records} records, all titled, detected as RIS`, () => {
      const text = readExport(row.file);
      const detection = detectFormat(text, row.file.split('/').pop());
      expect(detection.plugin.id).toBe('ris');
      expect(detection.confidence).toBeGreaterThanOrEqual(0.9);
      const { records, warnings } = risFormat.parse(text);
      expect(records).toHaveLength(row.records);
      expect(records.filter((r) => !r.title).map((r) => r.line)).toEqual([]);
      // The only thing worth telling the user about in these files: Rayyan's flattened UR/DO values.
      const expected = row.file.includes('baseline_rayyan') ? ['leaked-tag'] : [];
      expect([...new Set(warnings.map((w) => w.code))]).toEqual(expected);
    });
  }
});

describe('RIS sniffing leaves look-alikes to their plug-ins', () => {
  const cases: [string, string][] = [
    ['MEDLINE saved as .ris', 'medline/asreview+citation-file-formatting___baseline_pubmed.ris'],
    ['WoS plain text saved as .ris', 'wos-tagged/MrTango+rispy__example_wos.ris'],
    ['EndNote tagged (%0)', 'endnote-tagged/CoLRev-Environment+colrev__ais_enl.txt'],
  ];
  for (const [name, file] of cases) {
    it(`${name}: low confidence`, () => {
      const text = readExport(file);
      expect(risFormat.sniff(text, file)).toBeLessThan(0.2);
    });
  }
  it('Ovid "complete reference" tagged files (no TY): low confidence', () => {
    for (const n of [1, 6, 9]) {
      const text = readFileSync(join(ZOTERO_CASES, 'OVID Tagged', `${n}.input.txt`), 'utf8');
      expect(risFormat.sniff(text)).toBeLessThan(0.2);
    }
  });
  it('clear RIS after junk headers scores ~0.9; a TY buried in prose scores lower', () => {
    expect(risFormat.sniff('1.\nTY  - JOUR\nT1  - A\nA1  - B, C\nER  -\n')).toBe(0.9);
    expect(risFormat.sniff('Record #1 of 2\nProvider: John Wiley & Sons, Ltd.\nContent: text/plain\n\nTY  -  JOUR\nTI  -  A\nAU  -  B\nER  -  \n')).toBe(0.9);
    expect(risFormat.sniff('Some note\nanother\nmore\nand more\nTY  - JOUR\nTI  - A\nAU  - B\nER  - \n')).toBeLessThan(0.9);
    expect(risFormat.sniff('PMID- 1\nTI  - A\nAU  - B\n')).toBe(0);
    expect(risFormat.sniff('PT J\nAU Smith, J\nTI A title\nER\n')).toBe(0);
  });
});

describe('RIS goldens (first two records)', () => {
  const files: [string, string][] = [
    ['ebsco_psycinfo', 'ris/ESHackathon+CiteSource__20221207_gambling-harms_psycinfo_124.ris'],
    ['embase', 'ris/asreview+citation-file-formatting___baseline_embase.ris'],
    ['ovid_psycinfo', 'ris/asreview+asreview__ovid_psycinfo.ris'],
    ['scopus_references', 'ris/asreview+asreview__scopus.ris'],
    ['wos_bare_cr', 'ris/ESHackathon+CiteSource__WoS_79.ris'],
    ['rayyan', 'ris/asreview+citation-file-formatting___baseline_rayyan.ris'],
    ['cochrane', 'ris/asreview+citation-file-formatting___baseline_cochrane_endnote.ris'],
    ['citavi', 'ris/asreview+citation-file-formatting___baseline_citavi.ris'],
  ];
  for (const [name, file] of files) it(name, () => expectGolden('ris', name, risFormat.parse(readExport(file)).records));
});

describe('RIS separators and tags', () => {
  it('reads "XX  - v", "XX  -  v", "XX - v", bare "XX  -", 4-letter and digit tags', () => {
    const r = only(['TY  - JOUR', 'TI  -  Two spaces after the dash', 'AU - Single, Space', 'PMID  - 33355555', 'A1  - Digit, Tag', 'N1  -', 'T2  - Journal', 'ER  -']);
    expect(r.raw).toEqual([
      ['TY', 'JOUR'], ['TI', 'Two spaces after the dash'], ['AU', 'Single, Space'], ['PMID', '33355555'], ['A1', 'Digit, Tag'], ['N1', ''], ['T2', 'Journal'],
    ]);
    expect(r.title).toBe('Two spaces after the dash');
    expect(r.authors).toEqual([{ family: 'Single', given: 'Space' }, { family: 'Digit', given: 'Tag' }]);
    expect(r.pmid).toBe('33355555');
  });
  it('ends records on "ER  -", "ER  - " and "ER  -  "', () => {
    const { records, warnings } = parse(['TY  - JOUR', 'TI  - A', 'ER  -', 'TY  - JOUR', 'TI  - B', 'ER  - ', 'TY  - JOUR', 'TI  - C', 'ER  -  ']);
    expect(records.map((r) => r.title)).toEqual(['A', 'B', 'C']);
    expect(warnings).toEqual([]);
  });
  it('splits lines on a bare CR (WoS glues repeated AD lines with \\r)', () => {
    const { records } = risFormat.parse('TY  - JOUR\nTI  - T\nAD  - Univ A, Canada\rAD  - Univ Toronto\nER  -\n');
    expect(records[0]?.raw).toEqual([['TY', 'JOUR'], ['TI', 'T'], ['AD', 'Univ A, Canada'], ['AD', 'Univ Toronto']]);
  });
  it('reads a value holding U+2028 (Taylor & Francis titles) as one tagged line', () => {
    const r = only(['TY  - JOUR', 'T1  - From Basic to Applied Research:\u2028Potential Contributions', 'ER  -']);
    expect(r.title).toBe('From Basic to Applied Research: Potential Contributions');
  });
  it('keeps repeated tags repeated in raw, in file order', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'DB  - Embase', 'DB  - Medline', 'ER  - ']);
    expect(r.raw.filter(([t]) => t === 'DB')).toEqual([['DB', 'Embase'], ['DB', 'Medline']]);
    expect(r.database).toBe('Embase');
  });
});

describe('RIS junk, missing ER and malformed input', () => {
  it('skips Ovid record numbers, Cochrane blocks and the PsycNet header silently', () => {
    const { records, warnings } = parse([
      'Provider: American Psychological Association', 'Database: PsycINFO', 'Content: application/x-research-info-systems', '',
      '1. ', 'TY  - JOUR', 'T1  - A', 'ER  - ', '', 'Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/x', '',
      'Record #3 of 18', 'Provider: John Wiley & Sons, Ltd.', 'Content: text/plain; charset="UTF-8"', '', 'TY  -  JOUR', 'TI  -  B', 'ER  -  ',
    ]);
    expect(records.map((r) => r.title)).toEqual(['A', 'B']);
    expect(warnings).toEqual([]);
  });
  it('warns about an unexpected line between records, with its line number', () => {
    const { records, warnings } = parse(['TY  - JOUR', 'TI  - A', 'ER  - ', 'something odd', 'TY  - JOUR', 'TI  - B', 'ER  - ']);
    expect(records).toHaveLength(2);
    expect(warnings).toEqual([expect.objectContaining({ code: 'untagged-line', line: 4 })]);
  });
  it('keeps Ovid\'s NL written after ER with the record it follows', () => {
    const r = only(['1.', 'TY  - JOUR', 'T1  - A', 'JF  - Journal of Health Psychology', 'ER  -', 'NL  - J Health Psychol', '', 'Link to the Ovid Full Text or citation: x']);
    expect(r.raw.at(-1)).toEqual(['NL', 'J Health Psychol']);
    expect(r.journalAbbrev).toBe('J Health Psychol');
  });
  it('keeps a record whose final ER is missing and says where it started', () => {
    const { records, warnings } = parse(['TY  - JOUR', 'TI  - A', 'ER  - ', 'TY  - BOOK', 'TI  - B', 'PY  - 2001']);
    expect(records.map((r) => r.title)).toEqual(['A', 'B']);
    expect(warnings).toEqual([{ code: 'missing-end', message: expect.stringContaining('line 4'), line: 4 }]);
  });
  it('closes a record at the next TY when its ER is missing', () => {
    const { records, warnings } = parse(['TY  - JOUR', 'TI  - A', 'TY  - JOUR', 'TI  - B', 'ER  - ']);
    expect(records.map((r) => r.title)).toEqual(['A', 'B']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'missing-end', line: 3 })]);
  });
  it('warns about an untagged line before any field of a record', () => {
    const { records, warnings } = parse(['TY  - JOUR', 'stray text', 'TI  - A', 'ER  - ']);
    expect(records[0]?.title).toBe('A');
    expect(warnings).toEqual([expect.objectContaining({ code: 'untagged-line', line: 2 })]);
  });
  it('throws a FormatError with a line when there is no TY at all', () => {
    expect(() => parse(['', 'TI  - A title', 'AU  - Smith, J'])).toThrow(FormatError);
    try {
      parse(['', 'TI  - A title']);
    } catch (e) {
      expect((e as FormatError).line).toBe(2);
    }
  });
  it('returns no records for an empty text', () => {
    expect(risFormat.parse('')).toEqual({ records: [], warnings: [] });
  });
  it('never hangs on hostile input (long lines, many dashes, no newline)', () => {
    const hostile = `TY  - JOUR\nTI  - ${'-  '.repeat(50_000)}\nUR  - ${' '.repeat(100_000)}x  - \nAB  - ${'a  - '.repeat(20_000)}`;
    // A catastrophic regex backtrack would run for minutes: the test's timeout catches it.
    const { records } = risFormat.parse(hostile);
    expect(records).toHaveLength(1);
  }, 20_000);
});

describe('RIS continuation lines', () => {
  it('after KW every untagged line is a new keyword (EndNote, Rayyan)', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'KW  - article', 'biostratigraphy', 'Colorado', 'LA  - English', 'ER  - ']);
    expect(r.keywords).toEqual(['article', 'biostratigraphy', 'Colorado']);
    expect(r.raw).toContainEqual(['KW', 'article\nbiostratigraphy\nColorado']);
    expect(r.language).toBe('English');
  });
  it('Scopus "N1 - References:" lines stay in N1 and out of the abstract', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'AB  - The abstract.', 'N1  - References: Smith, A., First ref (2001)', 'Jones, B., Second ref (2002)', 'Export Date: 1 May 2022', 'ER  - ']);
    expect(r.abstract).toBe('The abstract.');
    expect(r.raw).toContainEqual(['N1', 'References: Smith, A., First ref (2001)\nJones, B., Second ref (2002)\nExport Date: 1 May 2022']);
  });
  it('WoS times-cited block continues N1', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'N1  - Times Cited in Web of Science Core Collection:  12', 'Total Times Cited:  12', 'Cited Reference Count:  63', 'ER  -']);
    expect(r.raw.at(-1)).toEqual(['N1', 'Times Cited in Web of Science Core Collection:  12\nTotal Times Cited:  12\nCited Reference Count:  63']);
  });
  it('abstract paragraphs (Citavi, WoS indented) join the abstract', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'AB  - Background: one.', '   Methods: two.', 'Results: three.', 'ER  - ']);
    expect(r.abstract).toBe('Background: one. Methods: two. Results: three.');
    expect(r.raw).toContainEqual(['AB', 'Background: one.\nMethods: two.\nResults: three.']);
  });
  it('a wrapped T1 (Reference Manager) joins with a space', () => {
    const r = only(['TY  - JOUR', 'T1  - Blood-brain barrier breach following', 'cortical contusion in the rat', 'ER  - ']);
    expect(r.title).toBe('Blood-brain barrier breach following cortical contusion in the rat');
  });
  it('EndNote list fields: one DB, URL, ISSN per line', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'DB  - Embase', 'Medline', 'SN  - 1932-8486', '1932-8494', 'UR  - https://a.example/1', 'https://b.example/2', 'ER  - ']);
    expect(r.database).toBe('Embase');
    expect(r.issn).toEqual(['1932-8486', '1932-8494']);
    expect(r.url).toBe('https://a.example/1');
  });
  it('strips JATS markup from a Lens abstract', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'AB  - <p>Background: a &amp; b.</p>', '  <AbstractText Label="Methods">We did.</AbstractText>', 'ER  - ']);
    expect(r.abstract).toBe('Background: a & b. We did.');
  });
});

describe('RIS field mapping', () => {
  it('does not double an abstract given twice (EBSCO) or as AB and N2', () => {
    const ebsco = only(['TY  - JOUR', 'TI  - T', 'AB  - The abstract.', 'AB  - Copyright of Journal X is the property of Y.', 'ER  - ']);
    expect(ebsco.abstract).toBe('The abstract.');
    expect(ebsco.raw.filter(([t]) => t === 'AB')).toHaveLength(2);
    expect(only(['TY  - JOUR', 'TI  - T', 'AB  - Same.', 'AB  - Same.', 'N2  - Same.', 'ER  - ']).abstract).toBe('Same.');
    expect(only(['TY  - JOUR', 'T1  - T', 'N2  - Primo abstract.', 'ER  - ']).abstract).toBe('Primo abstract.');
  });
  it('cuts a value at a leaked tag (Rayyan UR) and warns with the line', () => {
    const { records, warnings } = parse([
      'TY  - JOUR', 'TI  - T',
      'UR  - https://www.embase.com/search/results?subaction=viewrecord&id=L2029880245&from=export     U2  - L2029880245',
      'DO  - 10.1038/s41467-024-48400-3     LK  - https://x.example/?id=doi:10.1038%2Fother',
      'ER  -',
    ]);
    const r = records[0] as ParsedRecord;
    expect(r.url).toBe('https://www.embase.com/search/results?subaction=viewrecord&id=L2029880245&from=export');
    expect(r.doi).toBe('10.1038/s41467-024-48400-3');
    expect(r.raw[2]?.[1]).toContain('U2  - L2029880245');
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['leaked-tag', 3], ['leaked-tag', 4]]);
  });
  it('takes the DOI from DO, a DOI URL in DO, else a doi.org link in UR/L2/L3', () => {
    expect(only(['TY  - JOUR', 'TI  - T', 'DO  - https://dx.doi.org/10.1186/s11689-021-09396-9', 'ER  - ']).doi).toBe('10.1186/s11689-021-09396-9');
    expect(only(['TY  - JOUR', 'TI  - T', 'UR  - https://www.embase.com/x', 'L2  - http://dx.doi.org/10.4103/2303-9027.138783', 'ER  - ']).doi).toBe('10.4103/2303-9027.138783');
    expect(only(['TY  - JOUR', 'TI  - T', 'UR  - https://doi.org/10.1000%2Fabc', 'ER  - ']).doi).toBe('10.1000/abc');
    expect(only(['TY  - JOUR', 'TI  - T', 'DO  - DOI', 'ER  - ']).doi).toBeUndefined();
  });
  it('does not duplicate an author given as A1 and AU; A2/ED are not authors', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'A1  - Elton-Marshall, T', 'AU  - Elton-Marshall, T', 'AU  - Mock, SE', 'A2  - Editor, E', 'ED  - Editor, F', 'ER  - ']);
    expect(r.authors).toEqual([{ family: 'Elton-Marshall', given: 'T' }, { family: 'Mock', given: 'SE' }]);
  });
  it('reads "Family Initials" names without a comma (Embase, EPPI-Reviewer)', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'A1  - Adler D.G.', 'A1  - Brownstein C D', 'A1  - van der Maas M', 'ER  - ']);
    expect(r.authors).toEqual([
      { family: 'Adler', given: 'D.G.' }, { family: 'Brownstein', given: 'C D' }, { family: 'van der Maas', given: 'M' },
    ]);
  });
  it.each([
    [['PY  - 2020'], 2020],
    [['Y1  - 2021/06//'], 2021],
    [['DA  - 2022/08//undefined'], 2022],
    [['PY  - 0000', 'DA  - 2019/01/02'], 2019],
    [['PY  - 0000'], undefined],
    [['Y1  - 1900/01/01', 'DA  - 1950/01/01'], 1950],
    [['Y1  - 1989//'], 1989],
  ])('year from %j is %s', (tags, year) => {
    expect(only(['TY  - JOUR', 'TI  - T', ...tags, 'ER  - ']).year).toBe(year);
  });
  it('classifies SN values: "03064530 (ISSN)", two ISSNs in one value, ISBN', () => {
    expect(only(['TY  - JOUR', 'TI  - T', 'SN  - 03064530 (ISSN)', 'ER  - ']).issn).toEqual(['0306-4530']);
    expect(only(['TY  - JOUR', 'TI  - T', 'SN  - 1573-3602 1050-5350', 'ER  - ']).issn).toEqual(['1573-3602', '1050-5350']);
    const book = only(['TY  - BOOK', 'T1  - T', 'SN  - 9783642002304', 'ER  - ']);
    expect([book.isbn, book.issn]).toEqual([['9783642002304'], []]);
  });
  it('journal and abbreviation: JF/T2/JO full, JA/J2 abbreviated; a book\'s T2 is its series', () => {
    const embase = only(['TY  - JOUR', 'TI  - T', 'JF  - Nature Communications', 'JO  - Nat. Commun.', 'ER  - ']);
    expect([embase.journal, embase.journalAbbrev]).toEqual(['Nature Communications', 'Nat. Commun.']);
    const scopus = only(['TY  - JOUR', 'TI  - T', 'T2  - Psychoneuroendocrinology', 'J2  - Psychoneuroendocrinology', 'ER  - ']);
    expect([scopus.journal, scopus.journalAbbrev]).toEqual(['Psychoneuroendocrinology', undefined]);
    const chapter = only(['TY  - CHAP', 'TI  - A chapter', 'T2  - The Book', 'ER  - ']);
    expect([chapter.type, chapter.journal]).toEqual(['chapter', 'The Book']);
    const book = only(['TY  - BOOK', 'T1  - Eigentumsverfassung', 'T2  - Bibliothek des Eigentums', 'ER  - ']);
    expect([book.type, book.journal]).toEqual(['book', undefined]);
    expect(only(['TY  - BOOK', 'BT  - Only a book title', 'ER  - ']).title).toBe('Only a book title');
    expect(only(['TY  - CHAP', 'BT  - The book, not the chapter', 'ER  - ']).title).toBeUndefined();
  });
  it('PMID from a PubMed AN, Embase C5, Cochrane C3, never from C2 (PMCID)', () => {
    expect(only(['TY  - JOUR', 'TI  - T', 'AN  - 21553931', 'DB  - PubMed', 'ER  - ']).pmid).toBe('21553931');
    expect(only(['TY  - JOUR', 'TI  - T', 'AN  - 2019-65183-001', 'DB  - psyh', 'ER  - ']).pmid).toBeUndefined();
    expect(only(['TY  - JOUR', 'TI  - T', 'C5  - 38773066', 'DB  - Embase', 'DB  - Medline', 'ER  - ']).pmid).toBe('38773066');
    expect(only(['TY  - JOUR', 'TI  - T', 'C3  - PUBMED 21314913', 'ER  - ']).pmid).toBe('21314913');
    expect(only(['TY  - JOUR', 'TI  - T', 'C2  - PMC5116320', 'ER  - ']).pmid).toBeUndefined();
  });
  it('accession: AN, else an accession-like ID; Rayyan keys become the source record id', () => {
    const rayyan = only(['TY  - JOUR', 'TI  - T', 'AN  - rayyan-42924189', 'ER  -']);
    expect([rayyan.accessionNumber, rayyan.sourceRecordId]).toEqual(['rayyan-42924189', 'rayyan-42924189']);
    expect(only(['TY  - JOUR', 'T1  - T', 'ID  - 2019-65183-001', 'ER  - ']).accessionNumber).toBe('2019-65183-001');
    expect(only(['TY  - JOUR', 'T1  - T', 'ID  - EJ389705', 'ER  - ']).accessionNumber).toBe('EJ389705');
    expect(only(['TY  - JOUR', 'T1  - T', 'ID  - 2', 'ER  - ']).accessionNumber).toBeUndefined();
    expect(only(['TY  - JOUR', 'T1  - T', 'ID  - RefID:888-boisvert2024description', 'ER  - ']).accessionNumber).toBeUndefined();
  });
  it('pages: SP-EP, a ready range in SP, Covidence PG, and Ovid\'s "No / Specified"', () => {
    expect(only(['TY  - JOUR', 'TI  - T', 'SP  - 212', 'EP  - 222', 'ER  - ']).pages).toBe('212-222');
    expect(only(['TY  - JOUR', 'TI  - T', 'SP  - 1-5', 'ER  - ']).pages).toBe('1-5');
    expect(only(['TY  - JOUR', 'TI  - T', 'PG  - 14316', 'SP  - ', 'ER  - ']).pages).toBe('14316');
    expect(only(['TY  - JOUR', 'TI  - T', 'SP  - No', 'EP  - Specified', 'ER  - ']).pages).toBeUndefined();
  });
  it('type from TY with the raw type kept; unknown types are "other"', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'ER  - ']);
    expect([r.type, r.rawType]).toEqual(['article', 'JOUR']);
    const odd = only(['TY  - AGGR', 'TI  - T', 'ER  - ']);
    expect([odd.type, odd.rawType]).toEqual(['other', 'AGGR']);
  });
  it('keywords lose the "*" major-descriptor mark; UR keeps the first URL only', () => {
    const r = only(['TY  - JOUR', 'TI  - T', 'KW  - *Keyword one', 'KW  - Keyword two', 'UR  - URL', 'UR  - https://a.example https://b.example', 'ER  - ']);
    expect(r.keywords).toEqual(['Keyword one', 'Keyword two']);
    expect(r.url).toBe('https://a.example');
  });
});

describe('RIS DOI from L3', () => {
  it('takes a bare DOI from L3 (EBSCOhost) as well as a doi.org link', () => {
    const parse = (l3: string) => risFormat.parse(`TY  - JOUR\nTI  - T\nL3  - ${l3}\nER  - \n`).records[0]?.doi;
    expect(parse('10.1080/13676261.2019.1234567')).toBe('10.1080/13676261.2019.1234567');
    expect(parse('https://doi.org/10.1037/abc0000123')).toBe('10.1037/abc0000123');
    expect(parse('https://example.org/not-a-doi')).toBeUndefined();
  });
});
