/**
 * Hostile values: long runs that made cleaning regexes backtrack (quadratic or worse), huge lists
 * that overflowed the stack when spread into a call, and malformed EndNote XML that escaped as a
 * bug. Sizes are chosen so that the old code took tens of seconds (or threw) and the new code
 * takes milliseconds: the 1 s budgets hold on a loaded machine and still catch a regression.
 */
import { describe, expect, it } from 'vitest';
import { parseBibtexNames } from '../../src/formats/bibtex/names.js';
import { cleanDoi, pushEachUnique, replaceBracketed, splitTrimmed, trimEndChars, withoutEllipsis } from '../../src/formats/common/fields.js';
import { parseAuthorName } from '../../src/formats/csv/authors.js';
import { splitCommasOutsideParens } from '../../src/formats/csv/columns.js';
import { FormatError } from '../../src/formats/types.js';
import { sniffMedline } from '../../src/formats/medline.js';
import { normaliseDoi, normaliseJournal } from '../../src/stages/dedupe/normalise.js';
import { parseExport } from '../../src/stages/import/parse-file.js';

const BIG = 200_000;

/** Runs `fn` and fails if it takes more than `ms` (a hang of the old code is caught by the test timeout). */
function within<T>(ms: number, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe('cleaning functions stay linear on long runs', () => {
  it('cleanDoi and normaliseDoi: a long run of trailing-class characters that does not reach the end', () => {
    const doi = `10.1234/x${'.'.repeat(BIG)}y`;
    expect(within(1_000, () => cleanDoi(doi))).toBe(doi);
    expect(within(1_000, () => normaliseDoi(doi))).toBe(doi);
    expect(cleanDoi('https://doi.org/10.1234/abc).;')).toBe('10.1234/abc');
    expect(normaliseDoi('doi:10.1234/ABC".')).toBe('10.1234/abc');
  }, 120_000);

  it('a 150 KB RIS whose DOI line is a long run of dots imports in well under a second', () => {
    const ris = `TY  - JOUR\nTI  - T\nDO  - 10.1234/x${'.'.repeat(150_000)}y\nER  - \n`;
    const parsed = within(1_000, () => parseExport(Buffer.from(ris), 'x.ris'));
    expect(parsed.records[0]?.doi).toMatch(/^10\.1234\/x\.+y$/);
  }, 120_000);

  it('the loops that replace trailing-class, bracket and separator regexes give what the regexes gave', () => {
    expect(trimEndChars('a.b.,;', '.,;')).toBe('a.b');
    expect(trimEndChars('...', '.')).toBe('');
    expect(replaceBracketed('Smith, J [Inventor] [x', '[', ']', '')).toBe('Smith, J  [x');
    expect(replaceBracketed('no brackets', '[', ']', '')).toBe('no brackets');
    expect(splitTrimmed(' a ; b;;c ', ';')).toEqual(['a', 'b', '', 'c']);
    expect(withoutEllipsis('A title cut …')).toBe('A title cut');
    expect(splitCommasOutsideParens('heart (diagnosis, surgery), lung, x (a, b)')).toEqual(['heart (diagnosis, surgery)', ' lung', ' x (a, b)']);
    expect(parseAuthorName('Smith J (a@b.org)')).toEqual(parseAuthorName('Smith J'));
    expect(parseAuthorName('Smith J (1)')).toEqual(parseAuthorName('Smith J'));
    expect(normaliseJournal('The Lancet (London, England)')).toEqual(['lancet']);
  });

  it('each replaced regex is linear on its worst input', () => {
    within(1_000, () => trimEndChars(`a${'\n'.repeat(BIG)}b`, '\n'));
    within(1_000, () => replaceBracketed('['.repeat(BIG), '[', ']', ''));
    within(1_000, () => splitCommasOutsideParens('a,'.repeat(BIG / 2)));
    within(1_000, () => splitTrimmed(`${' '.repeat(BIG)}x`, ';'));
    within(1_000, () => parseAuthorName(`(${'@'.repeat(BIG)}`));
    within(1_000, () => normaliseJournal('('.repeat(BIG)));
    within(1_000, () => parseBibtexNames(`a${' '.repeat(BIG)}b`));
  }, 120_000);

  it('content sniffing stays linear on a long run of blank lines', () => {
    // The MEDLINE sniff's /^\s*<\d+\. ?>\s*$/m rescanned the rest of the run from every line start.
    within(1_000, () => sniffMedline(`${'\n'.repeat(60_000)}x`));
    expect(sniffMedline('PMID- 1\nTI  - T\n<1. >\n')).toBe(sniffMedline('PMID- 1\nTI  - T\n <1. > \n'));
  });

  it('whole plug-ins stay linear on long runs of spaces, tabs, separators and brackets in every field', () => {
    // Half the size: these parse whole records (the old BibTeX name split took 8 s on 80 KB of spaces).
    const run = (c: string) => c.repeat(BIG / 2 / c.length);
    for (const c of [' ', '\t', ';', ',', '(', '[', '\n ']) {
      const v = run(c);
      within(3_000, () => parseExport(Buffer.from(`@article{k,\n title = {${v}x},\n author = {a${v}b},\n keywords = {${v}x}\n}\n`), 'x.bib'));
      within(3_000, () => parseExport(Buffer.from(`title,authors,keywords,journal,doi\n"${v}x","${v}x","${v}x","(${v}x","10.1/${v}x"\n`), 'x.csv'));
      within(3_000, () => parseExport(Buffer.from(`<1. >\nVN  - Ovid Technologies\nDB  - Embase\nTI  - ${v}x [Article]\nAU  - [${v}x\nSO  - ${v}x\n\n`), 'x.txt'));
    }
  }, 120_000);
});

describe('huge lists are imported, not spread into calls', () => {
  // 130,000 items: more than a call's arguments can take (the old push(...items) threw RangeError),
  // and includes() on every push would have been quadratic.
  const N = 130_000;
  const items = (sep: string) => Array.from({ length: N }, (_, i) => `k${i}`).join(sep);

  it('pushEachUnique keeps first-seen order and drops repeats, also on a list other code pushed to', () => {
    const list = ['a'];
    pushEachUnique(list, Array.from({ length: 100 }, (_, i) => `v${i % 50}`));
    list.push('direct');
    pushEachUnique(list, ['direct', 'v1', 'new', ' new ']);
    expect(list).toEqual(['a', ...Array.from({ length: 50 }, (_, i) => `v${i}`), 'direct', 'new']);
  });

  const cases: [string, string, string, (r: ReturnType<typeof parseExport>) => number][] = [
    ['WoS DE keywords', `FN Clarivate\nVR 1.0\nPT J\nTI T\nDE ${items('; ')}\nER\nEF\n`, 'x.txt', (r) => r.records[0]!.keywords.length],
    ['WoS AU authors', `FN Clarivate\nVR 1.0\nPT J\nTI T\nAU ${items('\n   ')}\nER\nEF\n`, 'x.txt', (r) => r.records[0]!.authors.length],
    ['EndNote %K', `%0 Journal Article\n%T T\n%K ${items('; ')}\n\n`, 'x.enw', (r) => r.records[0]!.keywords.length],
    ['RefWorks K1', `RT Journal Article\nT1 T\nK1 ${items('; ')}\n\n`, 'x.txt', (r) => r.records[0]!.keywords.length],
    ['CSV keywords', `title,keywords\nT,"${items('; ')}"\n`, 'x.csv', (r) => r.records[0]!.keywords.length],
    ['CSV authors', `title,authors\nT,"${items('; ')}"\n`, 'x.csv', (r) => r.records[0]!.authors.length],
    ['BibTeX authors', `@article{k, title = {T}, author = {${items(' and ')}}}\n`, 'x.bib', (r) => r.records[0]!.authors.length],
    ['EndNote XML keywords', `<?xml version="1.0"?><xml><records><record><titles><title>T</title></titles><keywords>${Array.from({ length: N }, (_, i) => `<keyword>k${i}</keyword>`).join('')}</keywords></record></records></xml>`, 'x.xml', (r) => r.records[0]!.keywords.length],
  ];
  for (const [name, text, file, count] of cases) {
    it(name, () => {
      const parsed = within(15_000, () => parseExport(Buffer.from(text), file));
      expect(count(parsed)).toBe(N);
    }, 60_000);
  }
});

describe('malformed EndNote XML is the user\'s error, with a line', () => {
  const head = '<?xml version="1.0"?>\n<xml><records>\n<record><titles><title>Fine</title></titles></record>\n';
  for (const [name, body, line] of [
    ['an attribute that never closes', '<record><titles><title a="1>T</title></titles></record>', 4],
    ['an unclosed comment', '<record>\n<titles><title>T</title></titles><!-- x</record>', 4],
    ['an unclosed CDATA section', '<record>\n\n<![CDATA[ x</record>', 4],
    ['a DOCTYPE that never closes inside a record', '<record><!DOCTYPE x [<!ENTITY a "b"</record>', 4],
    ['nesting deeper than the parser allows', `<record>${'<a>'.repeat(10_000)}</record>`, 4],
  ] as const) {
    it(name, () => {
      let caught: unknown;
      try {
        parseExport(Buffer.from(`${head}${body}\n</records></xml>\n`), 'x.xml');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(FormatError);
      expect((caught as FormatError).line).toBeGreaterThanOrEqual(line);
      expect((caught as FormatError).message).toMatch(/<record> starting on line 4 is not well-formed XML/);
    });
  }

  it('a well-formed DOCTYPE inside a record defines nothing and the record is read', () => {
    const parsed = parseExport(Buffer.from(`${head}<record><!DOCTYPE x [<!ENTITY a "b">]><titles><title>&a;</title></titles></record>\n</records></xml>\n`), 'x.xml');
    expect(parsed.records.map((r) => r.title)).toEqual(['Fine', '&a;']);
  });
});
