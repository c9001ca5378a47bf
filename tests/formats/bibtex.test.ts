/**
 * BibTeX plug-in: every fixture with INDEX.md's count, goldens for WoS and Scopus exports, and the
 * syntax a hand-kept .bib brings (macros, accents, braces, corporate authors, broken entries).
 */
import { describe, expect, it } from 'vitest';
import { bibtex, parseBibtex, sniffBibtex } from '../../src/formats/bibtex.js';
import { latexToUnicode } from '../../src/formats/bibtex/latex.js';
import { parseBibtexNames } from '../../src/formats/bibtex/names.js';
import { parseBibtexEntries } from '../../src/formats/bibtex/parser.js';
import { expectGolden, indexRows, readExport } from './golden/tagged-helpers.js';

const one = (text: string) => {
  const { records, warnings } = parseBibtex(text);
  expect(records).toHaveLength(1);
  return { record: records[0]!, warnings };
};

describe('BibTeX fixtures', () => {
  const rows = indexRows('bibtex');
  it('INDEX.md lists the five BibTeX fixtures', () => expect(rows).toHaveLength(5));
  for (const row of rows) {
    it(`${row.file}: ${row.records} records, each with a title`, () => {
      const text = readExport(row.file);
      expect(sniffBibtex(text)).toBe(0.9);
      const { records } = bibtex.parse(text);
      expect(records).toHaveLength(row.records);
      expect(records.filter((r) => !r.title)).toEqual([]);
    });
  }
});

describe('BibTeX goldens (first two records)', () => {
  it('Web of Science (BOM, Unique-ID)', () => {
    expectGolden('bibtex', 'wos-savedrecs', parseBibtex(readExport('bibtex/funkepunkemonke+Research-trends-in-Propithecus-coquereli__savedrecs-PropithecusCoquereli.bib')).records);
  });
  it('Scopus (source = Scopus, cited-by note, funding_text with a no-break space in its name)', () => {
    expectGolden('bibtex', 'scopus-synthesisr', parseBibtex(readExport('bibtex/mjwestgate+synthesisr__Scopus_bib_example.bib')).records);
  });
});

describe('BibTeX database specifics', () => {
  it('WoS: Unique-ID is the accession number, Type refines the entry type, \\& and &apos; decode', () => {
    const { records } = parseBibtex(readExport('bibtex/CoLRev-Environment+colrev__web_of_science_bib.bib'));
    expect(records[0]).toMatchObject({ accessionNumber: 'WOS:000223334444221', type: 'conference', doi: '10.1007/999-9-999-99999-9_3', sourceRecordId: 'WOS:000223334444221', line: 3 });
    expect(records[1]?.title).toBe("A dummy title's");
  });
  it('Scopus: source is the database, document_type the type, the cited-by note stays raw', () => {
    const { records } = parseBibtex(readExport('bibtex/CoLRev-Environment+colrev__scopus_bib.bib'));
    expect(records[0]).toMatchObject({ database: 'Scopus', type: 'article', rawType: 'Article' });
    expect(records[0]?.raw).toContainEqual(['note', 'cited By 0']);
    expect(records.find((r) => r.sourceRecordId === 'Conference paper2022775')?.type).toBe('conference');
    expect(records.find((r) => r.rawType === 'Book Chapter')?.type).toBe('chapter');
  });
});

describe('BibTeX syntax', () => {
  it('expands @string macros, # concatenation and month macros; skips @comment and @preamble', () => {
    const { record } = one('@comment{ignore me {nested}}\n@preamble{"\\newcommand{\\x}{}"}\n@string{jn = "Journal of " # "Tests"}\n@string(pub = {ACME})\n'
      + '@article{k1, journal = jn # { Quarterly}, publisher = pub, month = mar, year = 2001, title = {T}}');
    expect(record).toMatchObject({ journal: 'Journal of Tests Quarterly', publisher: 'ACME', year: 2001, sourceRecordId: 'k1', line: 5 });
    expect(record.raw).toContainEqual(['month', 'March']);
  });

  it('turns LaTeX accents and special letters into Unicode', () => {
    expect(latexToUnicode('{\\"o} \\\'{e} {\\aa} \\v{s} \\c{c} {\\\'\\i} Erd{\\H o}s He{\\ss} {\\l}\\k{a} \\~n {\\O}')).toBe('ö é å š ç í Erdős Heß łą ñ Ø');
    expect(latexToUnicode('Mitochondrial DNA$_{2}$ and $\\Sigma^{0}$ in \\textit{Natrix}')).toBe('Mitochondrial DNA₂ and Σ⁰ in Natrix');
    expect(latexToUnicode('pages 1--2, a---b, 50\\% \\& \\$5')).toBe('pages 1–2, a—b, 50% & $5');
  });

  it('strips protective braces from titles, and quoted values may hold braces and commas', () => {
    const { record } = one('@article{k, title = "{The {DNA} of {R}ome, {\\"U}ber alles}", pages = {12--19}}');
    expect(record.title).toBe('The DNA of Rome, Über alles');
    expect(record.pages).toBe('12-19');
  });

  it('splits authors on "and" outside braces; keeps {Corporate Name} whole; reads von/Jr forms', () => {
    expect(parseBibtexNames('Smith, John and {World Health Organization and Partners} and von Hicks, III, Michael and Jean de la Fontaine and Louis, Jr., Edward and others')).toEqual([
      { family: 'Smith', given: 'John' },
      { family: 'World Health Organization and Partners', literal: true },
      { family: 'von Hicks', given: 'Michael, III' },
      { family: 'de la Fontaine', given: 'Jean' },
      { family: 'Louis', given: 'Edward, Jr.' },
    ]);
    expect(parseBibtexNames('Milton {Abramowitz} and P\\"{a}ckert, M.')).toEqual([{ family: 'Abramowitz', given: 'Milton' }, { family: 'Päckert', given: 'M.' }]);
  });

  it('maps entry types and keywords split on ";" or ","', () => {
    const { records } = parseBibtex(['@inproceedings{a, title={A}, keywords={x; y, z}}', '@incollection{b, title={B}, keywords={p, q}}', '@phdthesis{c, title={C}}',
      '@techreport{d, title={D}, number={TR-9}}', '@misc{e, title={E}}', '@online{f, title={F}}'].join('\n'));
    expect(records.map((r) => r.type)).toEqual(['conference', 'chapter', 'thesis', 'report', 'other', 'web']);
    expect(records[0]?.keywords).toEqual(['x', 'y, z']);
    expect(records[1]?.keywords).toEqual(['p', 'q']);
    expect(records[3]?.issue).toBeUndefined();
  });

  it('recovers from an unclosed brace: warns with the line and goes on at the next @ at line start', () => {
    const text = '@article{good1, title={First}}\n\n@article{broken, title={Second, year={2001},\n  journal = {J}\n\n@article{good2, title={Third}}\n';
    const { records, warnings } = parseBibtex(text);
    expect(records.map((r) => r.sourceRecordId)).toEqual(['good1', 'broken', 'good2']);
    expect(records.map((r) => r.line)).toEqual([1, 3, 6]);
    expect(records[2]?.title).toBe('Third');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'missing-end', line: 3 });
    expect(warnings[0]?.message).toMatch(/line 6/);
  });

  it('accepts a missing comma between fields, with a warning', () => {
    const { record, warnings } = one('@article{k,\ntitle = {T}\nyear = {1999},\n}');
    expect(record).toMatchObject({ title: 'T', year: 1999 });
    expect(warnings).toMatchObject([{ code: 'other', line: 3 }]);
  });

  it('skips junk inside an entry to the next field line (EBSCO keywords that close early)', () => {
    const { record, warnings } = one('@article{k,\nKeywords = {a, b}, junk}, more junk},\nTitle = {Kept},\n}');
    expect(record.title).toBe('Kept');
    expect(warnings).toHaveLength(1);
  });

  it('never hangs on pathological nesting or an endless file', () => {
    const deep = `@article{k, title = {${'{'.repeat(50_000)}x${'}'.repeat(50_000)}}}`;
    // Recursion or backtracking would overflow or run for minutes: the test's timeout catches a hang.
    expect(one(deep).record.title).toBe('x');
    const unclosed = `@article{k, title = {${'{'.repeat(50_000)}`;
    expect(parseBibtex(unclosed).warnings[0]?.code).toBe('missing-end');
    expect(latexToUnicode(`${'\\\'{'.repeat(5_000)}e${'}'.repeat(5_000)}`)).toMatch(/e/);
  }, 20_000);

  it('goes past an @comment that never closes, warns, and reads the entries after it', () => {
    // It used to resume at its own `@` for ever when the @comment started a line.
    const { records, warnings } = parseBibtex('x\n@comment{ never closed\n@article{k, title = {Kept}}\n');
    expect(records.map((r) => r.title)).toEqual(['Kept']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'missing-end', line: 2 })]);
    for (const text of ['\n@comment{', '\n@preamble{ "x', '\n@comment(\n@comment{']) expect(parseBibtex(text).records).toEqual([]);
  }, 5_000);

  // Recovery scanned to the end of the file once per broken entry or unclosed comment: these took
  // 25–40 s; linear, they take well under a second even on a loaded machine.
  it('stays linear on many unclosed comments (their groups are matched in one pass)', () => {
    const started = performance.now();
    expect(parseBibtexEntries('@comment{\n'.repeat(40_000)).warnings).toHaveLength(40_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 60_000);

  it('stays linear on many broken entries (recovery remembers what it scanned)', () => {
    const started = performance.now();
    expect(parseBibtexEntries('@a{k, x\n'.repeat(60_000)).entries).toHaveLength(60_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 60_000);

  it('sniffs BibTeX only where an entry starts a line', () => {
    expect(sniffBibtex('\n@article{key,\n title={x}}')).toBe(0.9);
    expect(sniffBibtex('@Patent{key,\n')).toBe(0.6);
    expect(sniffBibtex('TY  - JOUR\nN1  - contact me @article{x}\n')).toBe(0);
    expect(sniffBibtex('<?xml version="1.0"?><xml><records>')).toBe(0);
  });
});
