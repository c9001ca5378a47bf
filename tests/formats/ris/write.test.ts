import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BibFields, RecordType } from '../../../src/model/record.js';
import { risFormat } from '../../../src/formats/ris.js';
import { oneLine, risTags, writeRis } from '../../../src/formats/ris/write.js';

const word = fc.stringMatching(/^[A-Za-zÀ-ÿ][a-zà-ÿ0-9]{0,9}$/);
const words = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(' '));
const capitalised = word.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
const TYPES: RecordType[] = ['article', 'review', 'book', 'chapter', 'conference', 'thesis', 'report', 'web', 'dataset', 'preprint', 'patent', 'other'];
// Valid ISSNs (check digit right), so the reader keeps them as ISSNs.
const ISSNS = ['0028-0836', '1476-4687', '0140-6736', '1532-0464', '2049-3630', '0003-066X'];

const recordArb = fc.record({
  type: fc.constantFrom(...TYPES),
  title: words(12),
  // Distinct names: the reader drops a repeated author line (exports repeat AU as A1).
  authors: fc.uniqueArray(fc.record({ family: capitalised, given: fc.option(fc.constantFrom('A.', 'K. L.', 'Anna', 'Jo Maria'), { nil: undefined }) }), { maxLength: 5, selector: (a) => `${a.family}|${a.given ?? ''}`.toLowerCase().replace(/[\s.]+/g, '') })
    .map((as) => as.map((a) => (a.given ? { family: a.family, given: a.given } : { family: a.family }))),
  year: fc.integer({ min: 1900, max: 2030 }),
  journal: fc.option(words(5), { nil: undefined }),
  volume: fc.option(fc.integer({ min: 1, max: 300 }).map(String), { nil: undefined }),
  issue: fc.option(fc.integer({ min: 1, max: 12 }).map(String), { nil: undefined }),
  pages: fc.option(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.nat({ max: 40 })).map(([a, n]) => (n ? `${a}-${a + n}` : String(a))), { nil: undefined }),
  issn: fc.uniqueArray(fc.constantFrom(...ISSNS), { maxLength: 2 }),
  doi: fc.option(fc.tuple(fc.integer({ min: 1000, max: 99999 }), fc.stringMatching(/^[a-z0-9]{1,12}$/)).map(([p, s]) => `10.${p}/${s}`), { nil: undefined }),
  url: fc.option(fc.stringMatching(/^[a-z0-9]{1,20}$/).map((s) => `https://example.org/${s}`), { nil: undefined }),
  abstract: fc.option(words(40), { nil: undefined }),
  keywords: fc.uniqueArray(words(3), { maxLength: 4 }),
});

/**
 * What the RIS types can carry back: review and preprint are written as JOUR, which reads as article;
 * a BOOK's T2 is read as its series, not a journal (the field is compared as absent).
 */
function typeAfterRis(type: RecordType): RecordType {
  return type === 'review' || type === 'preprint' ? 'article' : type;
}

describe('RIS writer (src/formats/ris/write.ts)', () => {
  it('round-trips: what it writes, the RIS reader gives back as the same fields', () => {
    fc.assert(fc.property(fc.array(recordArb, { minLength: 1, maxLength: 4 }), (records) => {
      const text = writeRis(records.map((r, i) => risTags(r as Partial<BibFields>, `id${i}`)));
      const parsed = risFormat.parse(text);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.records).toHaveLength(records.length);
      parsed.records.forEach((got, i) => {
        const r = records[i]!;
        expect(got.type).toBe(typeAfterRis(r.type));
        expect(got.accessionNumber).toBe(`id${i}`);
        expect({ title: got.title, authors: got.authors, year: got.year, journal: got.journal, volume: got.volume, issue: got.issue, pages: got.pages, issn: got.issn, doi: got.doi, url: got.url, abstract: got.abstract, keywords: got.keywords })
          .toEqual({ title: r.title, authors: r.authors, year: r.year, journal: r.type === 'book' ? undefined : r.journal, volume: r.volume, issue: r.issue, pages: r.pages, issn: r.issn, doi: r.doi, url: r.url, abstract: r.abstract, keywords: r.keywords });
      });
    }), { numRuns: 150 });
  });

  it('writes a value with line breaks on one line, and no line for an empty value', () => {
    const text = writeRis([risTags({ title: 'Outreach\r\n   in  Oslo', abstract: '', authors: [], issn: [], keywords: [] }, 'x1')]);
    expect(text).toBe('TY  - GEN\nAN  - x1\nTI  - Outreach in  Oslo\nER  - \n');
    expect(risFormat.parse(text).records[0]?.title).toBe('Outreach in Oslo');
    expect(oneLine('a \n\n b')).toBe('a b');
  });
});
