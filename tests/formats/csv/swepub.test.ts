/**
 * Swepub bibliometrics CSV/TSV. SYNTHETIC: no real export was available; the files below are built
 * from the column list and joining rules of libris/swepub-redux service/utils/bibliometrics_csv.py
 * (creators ";"-separated, each creator's parts and other lists joined with the file's delimiter).
 */
import { describe, expect, it } from 'vitest';
import { swepubCsv } from '../../../src/formats/csv/swepub.js';
import { detectFormat } from '../../../src/formats/index.js';

const COLUMNS = ['record_id', 'source', 'duplicate_ids', 'publication_count', 'creator_count', 'creators', 'title', 'summary',
  'output_types', 'content_marking', 'publication_year', 'publication_status', 'DOI', 'ISBN', 'ISI_id', 'scopus_id', 'pubmed_id',
  'open_access', 'open_access_version', 'archive_URI', 'electronic_locator', 'one_digit_topics', 'three_digit_topics',
  'five_digit_topics', 'keywords', 'languages', 'publication_channel', 'publisher', 'ISSN', 'swedish_list', 'series',
  'series_title', 'autoclassified', 'DOAJ'];

function row(d: string): Record<string, string> {
  return {
    record_id: 'oai:DiVA.org:su-1', source: 'su', creators: ['Westin', 'Boel', 'bwest', 'su', '', 'su.se', 'Stockholms universitet'].join(d)
      + ';' + ['Berg', 'Anna', '', '', '0000-0001-2345-6789', '', ''].join(d),
    title: 'Nostalgia, longing', summary: 'A synthetic summary.', output_types: 'https://id.kb.se/term/swepub/output/publication/journal-article',
    publication_year: '2021', DOI: ['10.1000/abc', '10.1000/def'].join(d), ISSN: ['1234-5678', '2345-6789'].join(d), pubmed_id: '123456',
    keywords: ['Nostalgia', 'litteraturvetenskap'].join(d), languages: 'eng', publication_channel: 'Journal of Tests', publisher: 'NYU Press',
  };
}

function quote(value: string, d: string): string {
  return /["\n,;\t]/.test(value) || value.includes(d) ? `"${value.replace(/"/g, '""')}"` : value;
}

function file(d: string): string {
  const values = row(d);
  return `${COLUMNS.join(d)}\n${COLUMNS.map((c) => quote(values[c] ?? '', d)).join(d)}\n`;
}

describe('Swepub CSV/TSV (synthetic)', () => {
  for (const [name, d] of [['CSV', ','], ['TSV', '\t']] as const) {
    it(`${name}: detected and mapped`, () => {
      const text = file(d);
      expect(detectFormat(text, `swepub.${name.toLowerCase()}`).plugin.id).toBe('swepub-csv');
      const { records, warnings } = swepubCsv.parse(text);
      expect(warnings).toEqual([]);
      expect(records).toEqual([expect.objectContaining({
        accessionNumber: 'oai:DiVA.org:su-1', title: 'Nostalgia, longing', abstract: 'A synthetic summary.', year: 2021,
        authors: [{ family: 'Westin', given: 'Boel' }, { family: 'Berg', given: 'Anna' }], type: 'article', doi: '10.1000/abc',
        issn: ['1234-5678', '2345-6789'], pmid: '123456', keywords: ['Nostalgia', 'litteraturvetenskap'], language: 'eng',
        journal: 'Journal of Tests', publisher: 'NYU Press', database: 'Swepub', line: 2,
      })]);
    });
  }

  it('a "# Swepub bibliometric export" comment line before the header is skipped', () => {
    const text = `# Swepub bibliometric export. Query handled at 2024-01-01. Query parameters: {"a": 1}\n${file(',')}`;
    expect(swepubCsv.parse(text).records[0]?.line).toBe(3);
  });
});
