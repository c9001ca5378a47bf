/**
 * Zotero's own import test cases for the tagged translators: each expected item is compared with the
 * record we parse on title, first creator's last name, year, DOI, container title and abstract.
 * A disagreement fails unless it is listed in DELIBERATE with the reason we differ on purpose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { medline } from '../../src/formats/medline.js';
import type { FormatPlugin, ParsedRecord } from '../../src/formats/types.js';
import { ovidTagged } from '../../src/formats/ovid-tagged.js';
import { refworksTagged } from '../../src/formats/refworks-tagged.js';
import { wosTagged } from '../../src/formats/wos-tagged.js';
import { ZOTERO_CASES } from '../helpers/project.js';

type Field = 'title' | 'lastName' | 'year' | 'doi' | 'journal' | 'abstract';
const FIELDS: Field[] = ['title', 'lastName', 'year', 'doi', 'journal', 'abstract'];

interface ZoteroItem {
  itemType?: string;
  title?: string;
  creators?: { lastName?: string; name?: string }[];
  date?: string;
  issueDate?: string;
  DOI?: string;
  extra?: string;
  publicationTitle?: string;
  bookTitle?: string;
  proceedingsTitle?: string;
  abstractNote?: string;
}

const norm = (v: string | number | undefined): string => (v === undefined ? '' : String(v).replace(/\s+/g, ' ').trim());

function expectedValues(item: ZoteroItem): Record<Field, string> {
  const first = item.creators?.[0];
  const year = /\b(1[0-9]{3}|20[0-9]{2})\b/.exec(item.date ?? item.issueDate ?? '')?.[1];
  const doi = item.DOI ?? /^DOI: (\S+)/m.exec(item.extra ?? '')?.[1];
  return {
    title: norm(item.title),
    lastName: norm(first?.lastName ?? first?.name),
    year: norm(year),
    doi: norm(doi),
    // The container title lives in a different Zotero field per item type.
    journal: norm(item.publicationTitle ?? item.bookTitle ?? item.proceedingsTitle),
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
    dir: 'MEDLINEnbib',
    plugin: medline,
    deliberate: {
      '5#2.doi': 'ERIC AID holds a doi.org link; we take the DOI from it, Zotero keeps it only as a URL',
      '7#2.doi': 'ERIC AID holds a doi.org link; we take the DOI from it, Zotero keeps it only as a URL',
      '8#2.title': 'Zotero drops TI of ERIC books (translator bug); we keep it',
    },
  },
  {
    dir: 'Web of Science Tagged',
    plugin: wosTagged,
    deliberate: {
      '4#1.doi': 'Zotero bookSection has no DOI field and drops DI; we keep the DOI',
      '5#1.journal': 'Zotero patents have no publication field; we keep SO (the BIOSIS gazette) as the source',
    },
  },
  {
    dir: 'OVID Tagged',
    plugin: ovidTagged,
    deliberate: {
      '2#1.lastName': 'Zotero title-cases all-caps surnames (AHMED → Ahmed); we keep the name as exported',
      '2#2.lastName': 'Zotero title-cases all-caps surnames (WIJERS → Wijers); we keep the name as exported',
      '5#1.journal': 'Zotero cuts the bracketed book title at "A.A."; we keep the whole [translated title]',
      '7#1.journal': 'Zotero theses have no publication field; we keep JN (Dissertation Abstracts International)',
    },
  },
  {
    dir: 'RefWorks Tagged',
    plugin: refworksTagged,
    deliberate: {},
  },
];

export interface Agreement { items: number; agree: number }

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
