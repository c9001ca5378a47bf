/**
 * Content sniffing must not be fooled by one format's signature inside another format's data.
 * A delimited export's cells may hold anything, over several lines when quoted: a header row makes
 * the rest of the file a table, so what follows it is never evidence of another format.
 */
import { describe, expect, it } from 'vitest';
import { sniffBibtex } from '../../src/formats/bibtex.js';
import { detectFormat } from '../../src/formats/index.js';

const ROWS = 12;

/**
 * A 12-row CSV (title, authors, year) whose row `at` has `cell` as its first (title) cell, quoted
 * only when it must be: an unquoted cell, or any line of a quoted one but its first, starts a line.
 */
function csvWithCell(cell: string, at = 1): string {
  const quoted = /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  const lines = ['title,authors,year'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i === at ? quoted : `Plain title ${i + 1}`},Smith J,20${10 + i}`);
  return `${lines.join('\n')}\n`;
}

const medlineRecord = Array.from({ length: 60 }, (_, i) => (i === 0 ? 'PMID- 12345678' : `AB  - line ${i}`)).join('\n');
const referRecord = Array.from({ length: 40 }, (_, i) => (i === 0 ? '%0 Journal Article' : `%T Title ${i}`)).join('\n');

/**
 * [what the cell holds, the cell]: each fooled detection before the table rule except the last two,
 * whose plug-ins already looked only at the start of the file (kept so that stays true).
 */
const GUESTS: [string, string][] = [
  ['a BibTeX entry', 'Cited as:\n@article{smith2020,\n  title = {A}}'],
  ['a RIS record', 'Pasted:\nTY  - JOUR\nTI  - A title\nAU  - Smith, J\nER  - '],
  ['a Web of Science record', 'Pasted:\nPT J\nAU Smith, J\nTI A title\nER\n(end)'],
  ['an Ovid record', 'Pasted:\n<1. >\nTI  - A title\nAU  - Smith J'],
  ['a MEDLINE record', `Pasted:\n${medlineRecord}`],
  ['an EndNote/Refer record', `Pasted:\n${referRecord}`],
  ['an EndNote XML record', 'Pasted:\n<?xml version="1.0"?><xml><records><record><titles><title>x</title></titles></record></records></xml>'],
  ['a JSON object', 'Pasted:\n{"hits": [], "recordId": "x"}'],
];

describe('a CSV whose cells look like another format', () => {
  for (const [what, cell] of GUESTS) {
    it(`is still a CSV when a cell holds ${what}`, () => {
      const detected = detectFormat(csvWithCell(cell), 'export.csv');
      expect(detected.plugin.id).toBe('generic-csv');
      expect(detected.plugin.parse(csvWithCell(cell)).records).toHaveLength(ROWS);
    });
  }

  it('is still a CSV when the first data row starts with "@" (issue 13: 1 record instead of 12)', () => {
    const text = csvWithCell('@home (community care)', 0);
    expect(detectFormat(text, 'export.csv').plugin.id).toBe('generic-csv');
  });

  it('leaves a tagged file whose abstract holds ", title," to its own plug-in', () => {
    const ris = 'TY  - JOUR\nTI  - A study\nAB  - We screened by author, title, and year\nER  - \n';
    expect(detectFormat(ris, 'export.ris').plugin.id).toBe('ris');
  });
});

describe('BibTeX sniffing wants an entry with a key', () => {
  it('takes @type{key, and @type(key, at a line start, WoS keys with a space too', () => {
    expect(sniffBibtex('@article{smith2020,\n')).toBeGreaterThan(0.5);
    expect(sniffBibtex('% JabRef\n\n  @Book(jones, title = "x")')).toBeGreaterThan(0.5);
    expect(sniffBibtex('\n@article{ WOS:000223334444221,\n')).toBeGreaterThan(0.5);
    expect(sniffBibtex('@customtype{key,\n')).toBeGreaterThan(0.2);
  });

  it('refuses "@" words, e-mail addresses and entries without a key', () => {
    expect(sniffBibtex('@home care (community), 2020')).toBe(0);
    expect(sniffBibtex('@article{\n  title = {x},\n}')).toBe(0);
    expect(sniffBibtex('@comment{ a note, b }')).toBe(0);
    expect(sniffBibtex('contact: a@b.org (office), room 1')).toBe(0);
    expect(sniffBibtex('@article{a = b,')).toBe(0);
  });
});

describe('a tagged file whose value continues on a line that looks like BibTeX', () => {
  const guest = '@article{smith2020,';
  it.each([
    ['ris', 'export.ris', `TY  - JOUR\nTI  - A title\nAB  - An abstract that goes on\n${guest}\nER  - \n`],
    ['endnote-tagged', 'export.enw', `%0 Journal Article\n%T A title\n%X An abstract that goes on\n${guest}\n`],
    ['refworks-tagged', 'export.txt', `RT Journal Article\nT1 A title\nAB An abstract that goes on\n${guest}\n`],
    ['ovid-tagged', 'export.txt', `<1. >\nTI  - A title\nAB  - An abstract that goes on\n${guest}\n`],
  ])('stays %s', (id, fileName, text) => {
    expect(detectFormat(text, fileName).plugin.id).toBe(id);
  });

  it('while a BibTeX file with a comment before its first entry stays BibTeX', () => {
    expect(detectFormat('% Encoding: UTF-8\n% exported by JabRef\n\n@article{smith2020,\n  title = {A}\n}\n', 'refs.bib').plugin.id).toBe('bibtex');
  });
});
