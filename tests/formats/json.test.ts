/** Swepub bibliometrics JSON and Google Scholar JSON: fixture counts, fields, lines, hostile keys. */
import { describe, expect, it } from 'vitest';
import { gscholarJson } from '../../src/formats/gscholar-json.js';
import { detectFormat } from '../../src/formats/index.js';
import { swepubJson } from '../../src/formats/swepub-json.js';
import { FormatError } from '../../src/formats/types.js';
import { expectGolden, indexRows, readExport } from './golden/tagged-helpers.js';

describe('Swepub bibliometrics JSON', () => {
  const file = 'swepub/libris+swepub-redux__bibliometrics.json';
  const text = readExport(file);

  it('INDEX.md count, all titled, detected', () => {
    expect(indexRows('swepub').find((r) => r.file === file)?.records).toBe(20);
    expect(detectFormat(text, 'bibliometrics.json').plugin.id).toBe('swepub-json');
    const { records, warnings } = swepubJson.parse(text);
    expect(records).toHaveLength(20);
    expect(records.filter((r) => !r.title)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('maps creators, ids, year, types; each record starts on the line of its hit', () => {
    const { records } = swepubJson.parse(text);
    const [first] = records;
    expect(first).toMatchObject({
      title: 'Nostalgia', year: 2021, authors: [{ family: 'Westin', given: 'Boel' }], isbn: ['9781479843695'],
      type: 'chapter', accessionNumber: 'oai:DiVA.org:su-165410', language: 'eng', journal: 'Keywords for Children’s Literature',
      publisher: 'New York University Press', database: 'Swepub',
    });
    const lines = text.split('\n');
    for (const r of records) expect(lines[r.line - 1]).toMatch(/^\s*\{\s*$/);
    expect(new Set(records.map((r) => r.line)).size).toBe(20);
    expect(records.find((r) => r.doi)?.doi).toBe('10.1111/bor.12490');
  });

  it('golden', () => expectGolden('json', 'swepub', swepubJson.parse(text).records));

  it('ignores __proto__ and constructor keys and does not pollute Object.prototype', () => {
    const hostile = '{"hits":[{"recordId":"x","title":"T","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"creators":[{"familyName":"A","__proto__":{"givenName":"evil"}}]}]}';
    const [r] = swepubJson.parse(hostile).records;
    expect(r?.authors).toEqual([{ family: 'A' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r?.raw.map(([k]) => k)).toEqual(['recordId', 'title', 'creators']);
  });

  it('invalid JSON is a FormatError with a line', () => {
    expect(() => swepubJson.parse('{"hits": [\n{"title": }\n]}')).toThrow(FormatError);
    expect(() => swepubJson.parse('{"total": 0}')).toThrow(/"hits" array/);
  });
});

describe('Google Scholar JSON', () => {
  const file = 'gscholar-json/CoLRev-Environment+colrev__google_scholar.json';
  const text = readExport(file);

  it('INDEX.md count, all titled, detected', () => {
    expect(indexRows('gscholar-json')[0]?.records).toBe(7);
    expect(detectFormat(text, 'google_scholar.json').plugin.id).toBe('gscholar-json');
    expect(gscholarJson.parse(text).records).toHaveLength(7);
    expect(gscholarJson.parse(text).records.filter((r) => !r.title)).toEqual([]);
  });

  it('zeros are unknown, truncated titles warn, authors are initials-first', () => {
    const { records, warnings } = gscholarJson.parse(text);
    const [first] = records;
    expect(first).toMatchObject({ year: 2021, journal: 'MIS Quarterly', authors: [{ family: 'Guo', given: 'W' }, { family: 'Straub', given: 'D' }, { family: 'Zhang', given: 'P' }, { family: 'Cai', given: 'Z' }] });
    expect(first?.volume).toBeUndefined();
    expect(first?.pages).toBeUndefined();
    expect(first?.title?.endsWith('…')).toBe(false);
    expect(warnings.find((w) => w.line === first?.line)?.code).toBe('truncated-value');
    expect(first?.line).toBe(2);
  });

  it('golden', () => expectGolden('json', 'gscholar', gscholarJson.parse(text).records));

  it('a non-object element is skipped with a warning', () => {
    const { records, warnings } = gscholarJson.parse('[{"uid":"GS:1","title":"A"}, 5]');
    expect(records).toHaveLength(1);
    expect(warnings.map((w) => w.code)).toEqual(['empty-record']);
  });
});
