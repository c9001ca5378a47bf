import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/index.js';
import { refworksTagged } from '../../src/formats/refworks-tagged.js';
import { ZOTERO_CASES } from '../helpers/project.js';

const zoteroCase = (n: number): string => readFileSync(join(ZOTERO_CASES, 'RefWorks Tagged', `${n}.input.txt`), 'utf8');

describe('RefWorks tagged', () => {
  it('is detected from content: plain records and files with the tag legend header', () => {
    for (const n of [1, 2, 3, 4]) expect(detectFormat(zoteroCase(n)).plugin.id).toBe('refworks-tagged');
  });

  it('skips the tag legend and numbers lines as in the file', () => {
    const text = zoteroCase(4);
    const { records, warnings } = refworksTagged.parse(text);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    const rtLine = text.split('\n').findIndex((l) => l.startsWith('RT ')) + 1;
    expect(r.line).toBe(rtLine);
    expect(r).toMatchObject({ title: "The Empire's New Clothes", journal: 'Critical Inquiry', year: 2003, volume: '29', issue: '2', pages: '337-367', sourceRecordId: '1220', type: 'article' });
    expect(r.authors).toEqual([{ family: 'Brennan', given: 'Timothy' }]);
  });

  it('maps a PsycINFO article: authors without a space after the comma, ISSN, keywords, accession number', () => {
    const r = refworksTagged.parse(zoteroCase(3)).records[0]!;
    expect(r.authors.map((a) => `${a.family}|${a.given}`)).toEqual(['Allan|Steven', 'Gilbert|Paul']);
    expect(r.issn).toEqual(['0191-8869']);
    expect(r.keywords).toContain('social rank');
    expect(r).toMatchObject({ journal: 'Personality & Individual Differences', pages: '551-565', accessionNumber: '2002-00282-017', language: 'English' });
  });

  it('takes the book title of a chapter from T2 and the record type from RT', () => {
    const r = refworksTagged.parse(zoteroCase(1)).records[0]!;
    expect(r).toMatchObject({ type: 'chapter', rawType: 'Book, Section', journal: 'Stress and the heart: Psychosocial pathways to coronary heart disease', pages: '101-123' });
    expect(r.isbn).toEqual(['0727912771']);
    expect(r.authors.map((a) => a.family)).toEqual(['Stansfeld', 'Fuhrer']); // A2 editors stay out of authors
  });

  it('starts a new record at RT even without a blank line, joins continuation lines, warns on stray text', () => {
    const text = 'stray header\nRT Journal Article\nT1 First\nAB Part one\ncontinued here\nRT Journal Article\nT1 Second\nDO 10.1000/ABC.\n';
    const { records, warnings } = refworksTagged.parse(text);
    expect(records.map((r) => r.title)).toEqual(['First', 'Second']);
    expect(records[0]?.abstract).toBe('Part one continued here');
    expect(records[1]?.doi).toBe('10.1000/ABC');
    expect(records[1]?.line).toBe(6);
    expect(warnings).toEqual([expect.objectContaining({ code: 'untagged-line', line: 1 })]);
  });
});
