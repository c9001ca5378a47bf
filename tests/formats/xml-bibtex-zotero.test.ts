/**
 * Zotero's own import test cases for its EndNote XML and BibTeX translators: each expected item is
 * compared with the record we parse on title, first creator's last name, year, DOI, container title
 * and abstract (white space squashed). A disagreement fails unless DELIBERATE lists it with a reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bibtex } from '../../src/formats/bibtex.js';
import { endnoteXml } from '../../src/formats/endnote-xml.js';
import type { FormatPlugin, ParsedRecord } from '../../src/formats/types.js';
import { ZOTERO_CASES } from '../helpers/project.js';

type Field = 'title' | 'lastName' | 'year' | 'doi' | 'journal' | 'abstract';
const FIELDS: Field[] = ['title', 'lastName', 'year', 'doi', 'journal', 'abstract'];

interface ZoteroItem {
  title?: string;
  creators?: { lastName?: string; name?: string; creatorType?: string }[];
  date?: string;
  issueDate?: string;
  DOI?: string;
  publicationTitle?: string;
  bookTitle?: string;
  proceedingsTitle?: string;
  websiteTitle?: string;
  abstractNote?: string;
}

const norm = (v: string | number | undefined): string => (v === undefined ? '' : String(v).replace(/\s+/g, ' ').trim());

function expectedValues(item: ZoteroItem): Record<Field, string> {
  const first = item.creators?.[0];
  return {
    title: norm(item.title),
    lastName: norm(first?.lastName ?? first?.name),
    year: norm(/\b(1[0-9]{3}|20[0-9]{2})\b/.exec(item.date ?? item.issueDate ?? '')?.[1]),
    doi: norm(item.DOI),
    // The container title lives in a different Zotero field per item type.
    journal: norm(item.publicationTitle ?? item.bookTitle ?? item.proceedingsTitle ?? item.websiteTitle),
    abstract: norm(item.abstractNote),
  };
}

function actualValues(r: ParsedRecord | undefined): Record<Field, string> {
  return {
    title: norm(r?.title),
    lastName: norm(r?.authors[0]?.family),
    year: norm(r?.year),
    doi: norm(r?.doi),
    journal: norm(r?.journal),
    abstract: norm(r?.abstract),
  };
}

/** "<case>#<item>.<field>" → why we deliberately differ from Zotero. */
type Deliberate = Record<string, string>;

const TRANSLATORS: { dir: string; plugin: FormatPlugin; deliberate: Deliberate }[] = [
  {
    dir: 'Endnote XML',
    plugin: endnoteXml,
    deliberate: {
      '1#4.lastName': 'the book has only secondary-authors (editors); we keep editors out of authors, Zotero lists them first',
      '2#1.title': 'Zotero turns <style> runs into HTML (<b>, <i>, <sup>); we keep plain text',
    },
  },
  {
    dir: 'BibTeX',
    plugin: bibtex,
    deliberate: {
      '3#2.lastName': '@proceedings has only editors; we keep editors out of authors, Zotero lists them first',
      '6#1.title': 'a bare \\~ is a tilde to us; Zotero maps it to the tilde operator U+223C',
      '7#1.title': 'Zotero keeps \\textit/\\textbf/\\textsc as HTML markup; we keep plain text',
      '7#1.journal': 'Zotero keeps a math superscript as <sup>; we keep plain text',
      '10#1.title': 'Zotero reads "\\\\{}" as a literal backslash-brace; we read \\\\ as a line break (a space)',
      '13#1.doi': 'Zotero bookSection drops the doi field; we keep it',
      '19#1.title': 'Zotero turns the letters TEL into the ℡ symbol; we keep the letters',
      '19#1.lastName': 'the input doubles its backslashes (a JS-literal artefact); neither reading of "Swe{\\\\i}g" is a real name',
    },
  },
];

for (const { dir, plugin, deliberate } of TRANSLATORS) {
  describe(`Zotero cases: ${dir}`, () => {
    const folder = join(ZOTERO_CASES, dir);
    const cases = readdirSync(folder).filter((f) => f.endsWith('.input.txt')).map((f) => f.split('.')[0] as string);
    const used = new Set<string>();
    let items = 0;
    let agree = 0;
    for (const n of cases.sort((a, b) => Number(a) - Number(b))) {
      it(`case ${n}`, () => {
        const input = readFileSync(join(folder, `${n}.input.txt`), 'utf8').replace(/^\uFEFF/, '');
        const expected = JSON.parse(readFileSync(join(folder, `${n}.expected.json`), 'utf8')) as ZoteroItem[];
        expect(plugin.sniff(input)).toBeGreaterThan(0.5);
        const { records } = plugin.parse(input);
        expect(records).toHaveLength(expected.length);
        const problems: string[] = [];
        expected.forEach((item, i) => {
          const want = expectedValues(item);
          const got = actualValues(records[i]);
          let itemAgrees = true;
          for (const field of FIELDS) {
            if (want[field] === got[field]) continue;
            const key = `${n}#${i + 1}.${field}`;
            itemAgrees = false;
            if (deliberate[key]) used.add(key);
            else problems.push(`${key}: zotero ${JSON.stringify(want[field].slice(0, 80))} vs ours ${JSON.stringify(got[field].slice(0, 80))}`);
          }
          items++;
          if (itemAgrees) agree++;
        });
        expect(problems).toEqual([]);
      });
    }
    it('lists no deliberate difference that does not occur', () => {
      expect(Object.keys(deliberate).filter((k) => !used.has(k))).toEqual([]);
      console.info(`${dir}: ${agree}/${items} items agree on every compared field`);
    });
  });
}
