/**
 * Fuzz cases for the import plug-ins, shared by the suite's fuzz test (a few hundred small cases
 * per family) and `npm run fuzz` (long runs in a worker with a time limit). A case is a real
 * export's start (a fixture under ../shared/fixtures/exports, or a small built-in sample) with one
 * to three seeded mutations: byte flips, truncation, duplicated or deleted lines, inserted tags,
 * braces, quotes, `<!DOCTYPE`, very long lines and huge lists. Each case is read the way the
 * import reads a file (decode, content sniffing, parse); the outcome is records and warnings, a
 * FormatError (the user's problem, with a line where known) or a crash (any other exception).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FormatError } from '../src/formats/types.js';
import { parseExport } from '../src/stages/import/parse-file.js';
import { Prng } from '../src/stages/screen/prng.js';

export interface Family {
  id: string;
  /** Fixture folders (under the shared exports folder) whose files seed the cases. */
  folders: string[];
  /** Small samples used as well (families without a fixture folder, and the record shape). */
  samples: string[];
  /** The file name the case is imported as (content decides the format; the name only breaks ties). */
  fileName: string;
  /** Text that means something to this format, inserted by the `token` mutation. */
  tokens: string[];
  /** How the format separates list items (authors, keywords): used by the `huge list` mutation. */
  list: { prefix: string; separator: string };
}

const TAGGED_TOKENS = ['\nER  - \n', '\nTY  - JOUR\n', '\n\n', '\r', '  - ', '\u0000', '\uFEFF', '\uFFFD'];

export const FAMILIES: Family[] = [
  {
    id: 'ris', folders: ['ris'], fileName: 'case.ris', tokens: [...TAGGED_TOKENS, '\nDO  - 10.1234/x' + '.'.repeat(50), '\nKW  - '],
    samples: ['TY  - JOUR\nTI  - A title\nAU  - Smith, J.\nPY  - 2020\nDO  - 10.1234/abc\nKW  - one\nKW  - two\nER  - \n'],
    list: { prefix: '\nKW  - ', separator: '\nKW  - ' },
  },
  {
    id: 'medline', folders: ['medline'], fileName: 'case.nbib', tokens: ['\nPMID- ', '\nAU  - ', '\n      ', '\n\n', '\u0000', '[doi]'],
    samples: ['PMID- 123\nTI  - A title.\nFAU - Smith, John\nAU  - Smith J\nDP  - 2020\nAID - 10.1234/abc [doi]\nOT  - one\n\n'],
    list: { prefix: '\nOT  - ', separator: '\nOT  - ' },
  },
  {
    id: 'wos-tagged', folders: ['wos-tagged'], fileName: 'case.txt', tokens: ['\nER\n', '\nPT J\n', '\nEF\n', '\n   ', '\nDE ', '\nAU '],
    samples: ['FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\nTI A title\nDE one; two\nPY 2020\nER\n\nEF\n'],
    list: { prefix: '\nDE ', separator: '; ' },
  },
  {
    id: 'ovid-tagged', folders: [], fileName: 'case.txt', tokens: ['\n<2. >\n', '\nAU  - ', '[Article]', '\n  ', '\u0000'],
    samples: ['<1. >\nVN  - Ovid Technologies\nDB  - Embase\nAN  - 123\nTI  - A title. [Article]\nAU  - Smith J.\nSO  - Journal of Tests. 12(3):45-67, 2020.\nKW  - one\nYR  - 2020\n\n<2. >\nVN  - Ovid Technologies\nDB  - Embase\nTI  - Another\n\n'],
    list: { prefix: '\nKW  - ', separator: '\nKW  - ' },
  },
  {
    id: 'endnote-tagged', folders: ['endnote-tagged'], fileName: 'case.enw', tokens: ['\n%0 Journal Article\n', '\n%K ', '\n\n', '%', '\u0000'],
    samples: ['%0 Journal Article\n%T A title\n%A Smith, J.\n%D 2020\n%K one\n%R 10.1234/abc\n\n'],
    list: { prefix: '\n%K ', separator: '; ' },
  },
  {
    id: 'refworks-tagged', folders: [], fileName: 'case.txt', tokens: ['\nRT Journal Article\n', '\nK1 ', '\n\n', '\u0000'],
    samples: ['RT Journal Article\nSR Electronic(1)\nA1 Smith, J.\nT1 A title\nJF Journal of Tests\nYR 2020\nK1 one; two\nDO 10.1234/abc\n\nRT Journal Article\nT1 Another\n\n'],
    list: { prefix: '\nK1 ', separator: '; ' },
  },
  {
    id: 'csv', folders: ['other-csv', 'scopus-csv', 'embase-csv', 'covidence-csv', 'rayyan-csv', 'pop-csv', 'gscholar-csv'], fileName: 'case.csv',
    tokens: ['"', '""', ',', ';', '\n', '\r\n', '\t', '@article{', '=cmd|', '\uFEFF'],
    samples: ['Title,Authors,Year,DOI,Author Keywords\n"A title","Smith, J.; Doe, A.",2020,10.1234/abc,"one; two"\n'],
    list: { prefix: ',"', separator: '; ' },
  },
  {
    id: 'wos-tab', folders: ['wos-tab'], fileName: 'case.txt', tokens: ['\t', '\n', '"', '\r\n'],
    samples: ['PT\tAU\tTI\tSO\tDE\tPY\tDI\tUT\nJ\tSmith, J; Doe, A\tA title\tJ TESTS\tone; two\t2020\t10.1234/abc\tWOS:1\n'],
    list: { prefix: '\t', separator: '; ' },
  },
  {
    id: 'endnote-xml', folders: ['endnote-xml'], fileName: 'case.xml',
    tokens: ['<!DOCTYPE x [<!ENTITY a "b">]>', '<!DOCTYPE', '<record>', '</record>', '<![CDATA[', '<!--', '&#13;', '&amp;', '&x;', '<__proto__>', '"', '<', '>'],
    samples: ['<?xml version="1.0" encoding="UTF-8"?><xml><records><record><ref-type name="Journal Article">17</ref-type><contributors><authors><author>Smith, J.</author></authors></contributors><titles><title>A title</title></titles><keywords><keyword>one</keyword></keywords><dates><year>2020</year></dates></record></records></xml>\n'],
    list: { prefix: '<keywords>', separator: '</keyword><keyword>' },
  },
  {
    id: 'bibtex', folders: ['bibtex'], fileName: 'case.bib',
    tokens: ['@comment{', '@string{', '@preamble{', '{', '}', '"', '#', '\\', '%', '@article{k,', ' and ', '\n@'],
    samples: ['@article{k1,\n  title = {A {B} title},\n  author = {Smith, J. and Doe, A.},\n  year = 2020,\n  keywords = {one; two},\n  doi = {10.1234/abc}\n}\n'],
    list: { prefix: '\n author = {', separator: ' and ' },
  },
  {
    id: 'swepub-json', folders: ['swepub'], fileName: 'case.json', tokens: ['{', '}', '[', ']', '"', ',', ':', '\\u0000', 'null', '"__proto__"'],
    samples: [],
    list: { prefix: '"keywords": ["', separator: '", "' },
  },
  {
    id: 'gscholar-json', folders: ['gscholar-json'], fileName: 'case.json', tokens: ['{', '}', '[', ']', '"', ',', ':', 'null', '"__proto__"'],
    samples: [],
    list: { prefix: '"authors": ["', separator: '", "' },
  },
];

/** Where the shared export fixtures are: beside the worktree, or named by REVIEW_FIXTURES. */
export function fixturesRoot(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.REVIEW_FIXTURES,
    resolve(here, '../../shared/fixtures/exports'),
    resolve(here, '../../../shared/fixtures/exports'),
  ];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

/** Seeds are cut to this many bytes (at a line end): small cases are fast and mutations matter more. */
const SEED_BYTES = 12 * 1024;

/** The seeds of a family: each fixture's start, then the built-in samples. Sorted, so a seed means the same cases everywhere. */
export function seedsFor(family: Family, root = fixturesRoot()): Buffer[] {
  const seeds: Buffer[] = [];
  for (const folder of family.folders) {
    const dir = root ? join(root, folder) : undefined;
    if (!dir || !existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const bytes = readFileSync(join(dir, name));
      // JSON cut short is never valid: JSON seeds are kept whole.
      if (bytes.length <= SEED_BYTES || name.endsWith('.json')) {
        seeds.push(bytes);
        continue;
      }
      const cut = bytes.lastIndexOf(10, SEED_BYTES);
      seeds.push(bytes.subarray(0, cut > 0 ? cut + 1 : SEED_BYTES));
    }
  }
  for (const sample of family.samples) seeds.push(Buffer.from(sample, 'utf8'));
  return seeds;
}

export interface CaseOptions {
  /** Longest "very long line" and largest "huge list" (the suite keeps these small; long runs go big). */
  longLine: number;
  hugeList: number;
}

export const SUITE_SIZES: CaseOptions = { longLine: 20_000, hugeList: 2_000 };
export const SCRIPT_SIZES: CaseOptions = { longLine: 200_000, hugeList: 130_000 };

const RUN_CHARS = [' ', '\t', '.', ',', ';', '(', '[', '{', '"', '@', '\\', '-', 'a', '1', '\n', '&', '<'];

/** One mutated case: case `index` of `family` under `seed` (the same on every machine). */
export function makeCase(family: Family, seeds: Buffer[], seed: string, index: number, sizes: CaseOptions): Buffer {
  const prng = new Prng(`${seed}/${family.id}/${index}`);
  if (seeds.length === 0) throw new Error(`no seeds for ${family.id}: is the shared fixtures folder there?`);
  let bytes: Buffer = Buffer.from(seeds[prng.int(seeds.length)] as Buffer);
  const mutations = 1 + prng.int(3);
  for (let m = 0; m < mutations; m++) bytes = mutate(prng, bytes, family, sizes);
  return bytes;
}

function mutate(prng: Prng, bytes: Buffer, family: Family, sizes: CaseOptions): Buffer {
  const at = (): number => prng.int(bytes.length + 1);
  const pick = <T>(list: readonly T[]): T => list[prng.int(list.length)] as T;
  switch (prng.int(9)) {
    case 0: { // flip a few bytes
      const out = Buffer.from(bytes);
      for (let i = 0, n = 1 + prng.int(8); i < n && out.length > 0; i++) out[prng.int(out.length)] = prng.int(256);
      return out;
    }
    case 1: // truncate
      return bytes.subarray(0, at());
    case 2: { // duplicate a stretch of lines
      const [start, end] = lineStretch(prng, bytes);
      const copies = 1 + prng.int(prng.int(10) === 0 ? 200 : 3);
      return Buffer.concat([bytes.subarray(0, end), ...Array.from({ length: copies }, () => bytes.subarray(start, end)), bytes.subarray(end)]);
    }
    case 3: { // delete a stretch of lines
      const [start, end] = lineStretch(prng, bytes);
      return Buffer.concat([bytes.subarray(0, start), bytes.subarray(end)]);
    }
    case 4:
    case 5: { // insert a token that means something to the format
      const i = at();
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(pick(family.tokens), 'utf8'), bytes.subarray(i)]);
    }
    case 6: { // a very long run of one character
      const i = at();
      const run = pick(RUN_CHARS).repeat(1 + prng.int(sizes.longLine));
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(run, 'utf8'), bytes.subarray(i)]);
    }
    case 7: { // a huge list where the format keeps lists (keywords, authors)
      const i = prng.int(2) === 0 ? lineEndNear(bytes, at()) : at();
      const n = 1 + prng.int(sizes.hugeList);
      const items = Array.from({ length: n }, (_, k) => `item${k % (1 + prng.int(n))}`).join(family.list.separator);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(family.list.prefix + items, 'utf8'), bytes.subarray(i)]);
    }
    default: { // swap two stretches of lines
      const [a0, a1] = lineStretch(prng, bytes);
      return Buffer.concat([bytes.subarray(a1), bytes.subarray(a0, a1), bytes.subarray(0, a0)]);
    }
  }
}

function lineEndNear(bytes: Buffer, i: number): number {
  const nl = bytes.indexOf(10, i);
  return nl < 0 ? bytes.length : nl;
}

function lineStretch(prng: Prng, bytes: Buffer): [number, number] {
  let start = bytes.lastIndexOf(10, prng.int(bytes.length + 1));
  start = start < 0 ? 0 : start + 1;
  let end = start;
  for (let lines = 1 + prng.int(5); lines > 0 && end < bytes.length; lines--) end = lineEndNear(bytes, end) + 1;
  return [start, Math.min(end, bytes.length)];
}

export type Outcome =
  | { kind: 'parsed'; format: string; records: number; warnings: number }
  | { kind: 'user-error'; message: string; line: number | undefined }
  | { kind: 'crash'; name: string; message: string; stack: string };

/** Read a case as the import reads a file: decode, sniff (or not: content decides), parse. */
export function runCase(bytes: Buffer, fileName: string): Outcome {
  try {
    const parsed = parseExport(bytes, fileName);
    return { kind: 'parsed', format: parsed.format, records: parsed.records.length, warnings: parsed.warnings.length };
  } catch (error) {
    if (error instanceof FormatError) return { kind: 'user-error', message: error.message, line: error.line };
    const e = error instanceof Error ? error : new Error(String(error));
    return { kind: 'crash', name: e.name, message: e.message, stack: e.stack ?? '' };
  }
}
