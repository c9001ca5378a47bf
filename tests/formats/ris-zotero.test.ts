/**
 * Our RIS reading against Zotero's RIS translator test cases (fixtures/zotero-cases/RIS): for each
 * item Zotero expects, compare title, first creator's last name, year, DOI, journal and abstract.
 * Every disagreement is either fixed or listed below with the reason we differ on purpose; an
 * unlisted disagreement, or a listed one that no longer happens, fails the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseYear, squash } from '../../src/formats/common/fields.js';
import { risFormat } from '../../src/formats/ris.js';
import type { ParsedRecord } from '../../src/formats/types.js';
import { ZOTERO_CASES } from '../helpers/project.js';

interface ZoteroItem {
  itemType: string;
  title?: string;
  caseName?: string;
  nameOfAct?: string;
  subject?: string;
  issueDate?: string;
  dateDecided?: string;
  dateEnacted?: string;
  creators?: { lastName?: string; firstName?: string; name?: string; creatorType?: string }[];
  date?: string;
  DOI?: string;
  publicationTitle?: string;
  abstractNote?: string;
}

const FIELDS = ['title', 'creator', 'year', 'doi', 'journal', 'abstract'] as const;
type Field = (typeof FIELDS)[number];

function norm(value: string | number | undefined): string {
  return value === undefined ? '' : squash(String(value));
}

function zoteroValues(item: ZoteroItem): Record<Field, string> {
  const first = item.creators?.[0];
  return {
    // Zotero names the title and date fields per item type (case, statute, email, patent).
    title: norm(item.title ?? item.caseName ?? item.nameOfAct ?? item.subject),
    creator: norm(first?.lastName ?? first?.name),
    year: norm(parseYear(item.date ?? item.issueDate ?? item.dateDecided ?? item.dateEnacted)),
    doi: norm(item.DOI),
    journal: norm(item.publicationTitle),
    abstract: norm(item.abstractNote),
  };
}

function ourValues(record: ParsedRecord): Record<Field, string> {
  return {
    title: norm(record.title),
    creator: norm(record.authors[0]?.family),
    year: norm(record.year),
    doi: norm(record.doi),
    journal: norm(record.journal),
    abstract: norm(record.abstract),
  };
}

interface Deliberate {
  /** `case:item:field`, item 0-based. */
  keys: string[];
  reason: string;
  /** Checks on Zotero's item that the reason really applies (so the list cannot hide a regression). */
  holds?: (item: ZoteroItem) => boolean;
}

const range = (n: number, items: number[], field: Field): string[] => items.map((i) => `${n}:${i}:${field}`);

const DELIBERATE: Deliberate[] = [
  {
    keys: [
      ...range(3, [1, 3, 4, 6, 7, 8, 9, 11, 13, 14, 15, 16, 19, 20, 21, 22, 24, 25, 26, 27, 34, 38, 40, 41, 42, 45, 46], 'creator'),
    ],
    reason: 'Zotero lists editors, translators, sponsors… (A2–A4) before authors; we keep only AU/A1 authors',
    holds: (item) => item.creators?.[0]?.creatorType !== 'author',
  },
  {
    keys: [...range(5, [6, 7, 26, 30], 'creator')],
    reason: 'a name without a comma ("Monographic Author") is one last name to Zotero; we read it as "Given Family"',
    holds: (item) => item.creators?.[0]?.firstName === undefined && / /.test(item.creators?.[0]?.lastName ?? ''),
  },
  {
    keys: [
      ...range(3, [0, 1, 2, 3, 4, 5, 7, 8, 10, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 28, 30, 32, 33, 34, 36, 37, 38, 39, 40, 41, 43, 44, 45, 47], 'journal'),
      ...range(5, [3, 4, 8, 13, 18], 'journal'),
    ],
    reason: 'the container title (T2, else JF/JO/J2) goes to `journal` for every type but books; Zotero files it per type (bookTitle, websiteTitle, code…) or drops it',
    holds: (item) => item.itemType !== 'book' && !item.publicationTitle,
  },
  {
    keys: ['3:11:journal', '3:42:journal'],
    reason: 'Zotero reads TY CLSWK (classical work) and SER (serial) as books; to us they are "other", whose T2 is kept as the container title',
    holds: (item) => item.itemType === 'book',
  },
  {
    keys: ['4:0:doi'],
    reason: 'we also take the DOI from a doi.org link in UR/L1–L3; Zotero reads DO only',
    holds: (item) => item.DOI === undefined,
  },
  {
    keys: ['3:8:title', '3:44:title'],
    reason: "for cases and statutes Zotero takes the abbreviated/short-title tag as the name; we keep TI",
    holds: (item) => item.itemType === 'case' || item.itemType === 'statute',
  },
];
const DELIBERATE_BY_KEY = new Map(DELIBERATE.flatMap((d) => d.keys.map((k) => [k, d] as const)));

const CASES = Array.from({ length: 12 }, (_, i) => i + 1);
const summary = { items: 0, itemsAgreeing: 0, fields: 0, fieldsAgreeing: 0, perCase: [] as string[] };

describe('RIS against Zotero translator cases', () => {
  for (const n of CASES) {
    it(`case ${n}`, () => {
      const input = readFileSync(join(ZOTERO_CASES, 'RIS', `${n}.input.txt`), 'utf8');
      const expected = JSON.parse(readFileSync(join(ZOTERO_CASES, 'RIS', `${n}.expected.json`), 'utf8')) as ZoteroItem[];
      const { records } = risFormat.parse(input.replace(/^\uFEFF/, ''));
      expect(records).toHaveLength(expected.length);
      const unexplained: string[] = [];
      const stale: string[] = [];
      let agree = 0;
      expected.forEach((item, i) => {
        const theirs = zoteroValues(item);
        const ours = ourValues(records[i] as ParsedRecord);
        let itemAgrees = true;
        for (const field of FIELDS) {
          const key = `${n}:${i}:${field}`;
          const same = theirs[field] === ours[field];
          if (same) agree++;
          else itemAgrees = false;
          const deliberate = DELIBERATE_BY_KEY.get(key);
          if (!same && !deliberate) unexplained.push(`${key} zotero=${JSON.stringify(theirs[field].slice(0, 80))} ours=${JSON.stringify(ours[field].slice(0, 80))}`);
          if (!same && deliberate?.holds && !deliberate.holds(item)) unexplained.push(`${key}: listed as "${deliberate.reason}" but that does not apply`);
          if (same && deliberate) stale.push(key);
        }
        summary.items++;
        if (itemAgrees) summary.itemsAgreeing++;
      });
      const total = expected.length * FIELDS.length;
      summary.fields += total;
      summary.fieldsAgreeing += agree;
      summary.perCase.push(`case ${n}: ${agree}/${total} fields agree`);
      expect(unexplained, 'disagreements not listed as deliberate').toEqual([]);
      expect(stale, 'listed as deliberate but now agree: remove them').toEqual([]);
    });
  }

  afterAll(() => {
    if (summary.perCase.length !== CASES.length) return;
    console.log(`RIS vs Zotero: ${summary.fieldsAgreeing}/${summary.fields} fields, ${summary.itemsAgreeing}/${summary.items} items fully agree\n  ${summary.perCase.join('\n  ')}`);
  });
});
