/**
 * Generates the shipped example project data/examples/korus-outreach/: a clearly labelled simulated
 * replica of the NTNU/KORUS outreach scoping review (shared/spec/protocol.md).
 *
 *   npm run example:generate                       # rebuild the shipped example in place
 *   node dist/scripts/make-korus-example.js --out /tmp/korus --simulated 60   # a small copy elsewhere
 *
 * Options: --out <dir> (default: the shipped example), --seed <text> (default below), --simulated <n>
 * (number of simulated database records before cross-database duplication, default 950),
 * --exports-only (review.json, reference/ and exports/ only: no decisions).
 *
 * What is real and what is simulated (see the example's README.md):
 * - real: the protocol (sources, search blocks, screeners and the 100/50/50 rule, criteria), the 72
 *   included sources as far as the report's text lets us rebuild them (reference/), the published
 *   totals 72 = 53 databases + 19 hand search;
 * - simulated: every other export record, every identifier we had to make up (PMIDs, accession
 *   numbers, EIDs, WoS UTs, Primo ids), and every screening, full-text and extraction decision.
 *
 * Everything random comes from the project's seeded xoshiro128** (src/stages/screen/prng.ts), one
 * stream per purpose, so the output bytes depend only on the seed, the options and the inputs.
 * Where a reference row has no title the replica says so ("[title not given in the report: …]"):
 * the generator never invents a title, venue or DOI for a real source.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { CONFIG_SCHEMA_VERSION, ReviewConfigSchema, type ReviewConfig, type Source } from '../src/model/config.js';
import { ProjectPaths } from '../src/project/paths.js';
import { toolRoot } from '../src/project/version.js';
import ExcelJS from 'exceljs';
import { META_SHEET, writeWorkbook, type ReadWorkbook, type SheetSpec } from '../src/sheets/xlsx.js';
import { runDedupe } from '../src/stages/dedupe/index.js';
import { runExtractCollect, runExtractSheet } from '../src/stages/extract/index.js';
import { runFulltextCollect, runFulltextSheet } from '../src/stages/fulltext/index.js';
import { runImport } from '../src/stages/import/index.js';
import { recollectAll, runScreenAssign, runScreenReconcile } from '../src/stages/screen/index.js';
import { ARTIFACTS, readArtifact } from '../src/stages/shared/artifacts.js';
import { Prng } from '../src/stages/screen/prng.js';

export const DEFAULT_SEED = 'korus-outreach-replica-2026';
export const DEFAULT_SIMULATED = 950;
const EXAMPLE = 'korus-outreach';

// ------------------------------------------------------------------------------------------------
// Randomness: one stream per purpose, so changing how one part draws never shifts another part.

class Random {
  private readonly prng: Prng;
  constructor(seed: string, purpose: string) {
    this.prng = new Prng(`${seed}/${purpose}`);
  }
  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.prng.nextUint32() / 2 ** 32;
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  int(min: number, max: number): number {
    return min + this.prng.int(max - min + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.prng.int(items.length)] as T;
  }
  shuffle<T>(items: readonly T[]): T[] {
    return this.prng.shuffle(items);
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.float() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return (entries.at(-1) as readonly [T, number])[0];
  }
  digits(n: number): string {
    let s = String(this.int(1, 9));
    while (s.length < n) s += String(this.int(0, 9));
    return s;
  }
}

// ------------------------------------------------------------------------------------------------
// The works: the 72 reference sources and the simulated records around them.

export interface Person {
  family: string;
  given?: string;
}

/** What happens to a work in the simulated review; decides the simulated screeners' votes. */
export type Fate =
  | { kind: 'include' }
  | { kind: 'screen-out'; reason: string }
  | { kind: 'fulltext-out'; reason: string }
  | { kind: 'not-retrieved' };

export interface Work {
  /** ref:<key> for a reference source, sim:<n> for a simulated record. */
  id: string;
  refKey?: string;
  simulated: boolean;
  route: 'databases' | 'hand';
  type: 'article' | 'review' | 'chapter' | 'report' | 'thesis' | 'conference';
  title: string;
  authors: Person[];
  year: number;
  journal?: string;
  bookTitle?: string;
  volume?: string;
  issue?: string;
  pageStart?: string;
  pageEnd?: string;
  doi?: string;
  pmid?: string;
  isbn?: string;
  publisher?: string;
  abstract: string;
  keywords: string[];
  language: 'English' | 'Norwegian' | 'Swedish' | 'Danish' | 'German';
  fate: Fate;
}

export interface ReferenceRow {
  key: string;
  first_author: string;
  other_authors_as_cited: string;
  year: string;
  status: string;
  country_if_stated: string;
  publication_type_if_stated: string;
  themes: string;
  '5w_hints': string;
  title: string;
  venue: string;
  doi: string;
  match_status: string;
}

const SIMULATED_KEYWORD = 'SIMULATED RECORD';
const SIMULATED_NOTE = 'Simulated record for the korus-outreach example: not a real publication.';

export function readReferenceRows(csvText: string): ReferenceRow[] {
  return parse(csvText, { columns: true, skip_empty_lines: true, bom: true }) as ReferenceRow[];
}

/** "2017a" → 2017; "2020 (L230) / 2019 (L350)" → 2020 (the first year the report gives). */
function yearOf(text: string): number {
  const m = /\d{4}/.exec(text);
  if (!m) throw new Error(`reference year "${text}" has no four-digit year`);
  return Number(m[0]);
}

/** Authors as the report cites them: the first author, plus a named co-author for "X & Y" citations. */
function citedAuthors(row: ReferenceRow): Person[] {
  const out: Person[] = [{ family: row.first_author }];
  const co = /^&\s*([^(]+?)\s*(\(|$)/.exec(row.other_authors_as_cited.trim());
  if (co?.[1]) out.push({ family: co[1].trim() });
  return out;
}

/** The journal (or series) name at the start of the reference's venue note, when it names one. */
function journalOfVenue(venue: string): string | undefined {
  const v = venue.trim();
  if (v === '' || v.startsWith('(') || /^chapter in/i.test(v) || /rapport|ISBN/i.test(v)) return undefined;
  const cut = v.replace(/;.*$/, '').replace(/,\s*(issue|pp|vol)\b.*$/i, '');
  const name = (cut.split(/\s\d|\s\(/)[0] ?? '').trim();
  return name || undefined;
}

/** The first clause of the report's themes for a source (up to the first ";" outside parentheses). */
function firstTheme(themes: string): string {
  let depth = 0;
  for (let i = 0; i < themes.length; i++) {
    const c = themes[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ';' && depth === 0) return themes.slice(0, i).trim();
  }
  return themes.trim();
}

/**
 * The title of a reference source: the one the reference list found, or a placeholder that says the
 * report gives none. Two untitled works by the same first author in the same year (Grymonprez 2017a
 * and 2017b) would have near-identical placeholders that any dedupe merges, so theirs also say what
 * the report cites each for.
 */
function referenceTitle(row: ReferenceRow, sameAuthorYear: boolean): string {
  if (row.title.trim()) return row.title.trim();
  const cited = `${row.first_author} ${row.year.replace(/\s.*$/, '')}`;
  return sameAuthorYear ? `[title not given in the report: ${cited}, cited on ${firstTheme(row.themes)}]` : `[title not given in the report: ${cited}]`;
}

function referenceWork(row: ReferenceRow, route: 'databases' | 'hand', sameAuthorYear: boolean): Work {
  const year = yearOf(row.year);
  const venue = row.venue.trim();
  const title = referenceTitle(row, sameAuthorYear);
  const work: Work = {
    id: `ref:${row.key}`,
    refKey: row.key,
    simulated: false,
    route,
    type: 'article',
    title,
    authors: citedAuthors(row),
    year,
    abstract: `[Replica record: no abstract. What the report says about this source: ${row.themes}]`,
    keywords: [],
    language: 'English',
    fate: { kind: 'include' },
  };
  const journal = journalOfVenue(venue);
  if (journal) work.journal = journal;
  if (row.doi.trim()) work.doi = row.doi.trim();
  const pmid = /PMID (\d+)/.exec(venue);
  if (pmid?.[1]) work.pmid = pmid[1];
  const volIssuePages = /\s(\d+)\(([^)]+)\)(?::(\d+)-(\d+))?/.exec(venue);
  if (volIssuePages) {
    work.volume = volIssuePages[1] as string;
    work.issue = volIssuePages[2] as string;
    if (volIssuePages[3]) {
      work.pageStart = volIssuePages[3];
      work.pageEnd = volIssuePages[4] as string;
    }
  }
  const issue = /issue (\w+)/.exec(venue);
  if (issue?.[1]) work.issue = issue[1];
  const pages = /pp\.(\d+)-(\d+)/.exec(venue);
  if (pages) {
    work.pageStart = pages[1] as string;
    work.pageEnd = pages[2] as string;
  }
  const chapter = /^Chapter in:\s*(.+?)\s*(\(|$)/.exec(venue);
  if (chapter?.[1]) {
    work.type = 'chapter';
    work.bookTitle = chapter[1];
  }
  if (/rapport/i.test(venue)) {
    work.type = 'report';
    work.publisher = venue.split(',')[0] as string;
    const isbn = /ISBN\s*([\d-]+)/.exec(venue);
    if (isbn?.[1]) work.isbn = isbn[1];
    work.language = 'Swedish';
  }
  if (/review/i.test(row.publication_type_if_stated) || /\breview\b/i.test(title)) work.type = work.type === 'article' ? 'review' : work.type;
  return work;
}

// --- The database/hand-search split: a documented, deterministic rule ---------------------------

const NORDIC = /Norway|Sweden|Denmark|Scandinavia/;

/**
 * How likely a reference source was found by hand search rather than the database searches, from
 * what the reference list says about it (the report does not say which 19 were hand-searched):
 * +5 a report with an ISBN or series number (grey literature), +2 the report cites it only in the
 * introduction or discussion ("uncertain" rows: the kind of work experts and reference lists
 * surface), +2 a Nordic country stated and no DOI, +1 never looked up ("not searched"), −3 a DOI,
 * −1 a title found on the web (indexed somewhere). Highest scores go to hand search; ties at the
 * cut are broken by the seeded shuffle.
 */
export function handSearchScore(row: ReferenceRow): number {
  let score = 0;
  if (/rapport|ISBN/i.test(row.venue)) score += 5;
  if (row.status.startsWith('uncertain')) score += 2;
  if (NORDIC.test(row.country_if_stated) && !row.doi) score += 2;
  if (row.match_status === 'not searched') score += 1;
  if (row.doi) score -= 3;
  if (row.match_status === 'confirmed' || row.match_status === 'tentative') score -= 1;
  return score;
}

export function splitRoutes(rows: readonly ReferenceRow[], handCount: number, rnd: Random): Map<string, 'databases' | 'hand'> {
  const tieOrder = new Map(rnd.shuffle(rows.map((r) => r.key)).map((k, i) => [k, i]));
  const ranked = [...rows].sort((a, b) => handSearchScore(b) - handSearchScore(a) || (tieOrder.get(a.key) as number) - (tieOrder.get(b.key) as number));
  return new Map(ranked.map((r, i) => [r.key, i < handCount ? 'hand' : 'databases']));
}

// --- Simulated records ---------------------------------------------------------------------------

const FAMILY_NAMES = [
  'Andersen', 'Berg', 'Dahl', 'Eriksen', 'Fjeld', 'Haugen', 'Johansen', 'Larsen', 'Lie', 'Moen', 'Nilsen', 'Olsen', 'Solberg', 'Strand',
  'Lindqvist', 'Holm', 'Sjöberg', 'Nyström', 'Karlsson', 'Lund', 'Madsen', 'Kristensen', 'Thomsen', 'Poulsen', 'Virtanen', 'Korhonen',
  'Smith', 'Brown', 'Walsh', 'Murphy', 'Clarke', 'Evans', 'Hughes', 'Mitchell', 'Turner', 'Morgan', 'Reid', 'Fraser', 'Campbell',
  'Garcia', 'Martinez', 'Nguyen', 'Chen', 'Wong', 'Kim', 'Singh', 'Patel', 'Okafor', 'Mensah', 'Rossi', 'Bianchi', 'Müller', 'Schmidt',
  'de Vries', 'Janssen', 'Peeters', 'Dubois', 'Moreau', 'Novak', 'Kowalski', "O'Brien", 'MacLeod', 'Tremblay', 'Gagnon', 'Cohen',
];
const GIVEN_NAMES = [
  'Anna', 'Ingrid', 'Kari', 'Lars', 'Ole', 'Marte', 'Sigrid', 'Erik', 'Johan', 'Maja', 'Elin', 'Mikael', 'Freja', 'Mads', 'Aino', 'Jussi',
  'Sarah', 'James', 'Emily', 'Daniel', 'Laura', 'Michael', 'Rachel', 'David', 'Hannah', 'Thomas', 'Maria', 'Carlos', 'Mei', 'Wei',
  'Ji-woo', 'Priya', 'Chinedu', 'Ama', 'Giulia', 'Lukas', 'Sophie', 'Pieter', 'Camille', 'Tomasz', 'Aoife', 'Nathalie', 'Noam',
];
const JOURNALS: readonly (readonly [full: string, abbrev: string])[] = [
  ['Journal of Youth Outreach Studies', 'J Youth Outreach Stud'],
  ['Nordic Journal of Social Work with Young People', 'Nord J Soc Work Young People'],
  ['Child and Adolescent Community Practice', 'Child Adolesc Community Pract'],
  ['International Journal of Street-Level Services', 'Int J Street Level Serv'],
  ['Scandinavian Journal of Youth Policy', 'Scand J Youth Policy'],
  ['Journal of Community Youth Health', 'J Community Youth Health'],
  ['Adolescent Welfare Quarterly', 'Adolesc Welf Q'],
  ['European Review of Detached Youth Work', 'Eur Rev Detached Youth Work'],
  ['Journal of Harm Reduction Practice', 'J Harm Reduct Pract'],
  ['Youth Homelessness Research', 'Youth Homelessness Res'],
  ['Social Inclusion and Youth', 'Soc Incl Youth'],
  ['Journal of Adolescent Mental Health Services', 'J Adolesc Ment Health Serv'],
  ['Crime Prevention and Young People', 'Crime Prev Young People'],
  ['Welfare Services Review', 'Welf Serv Rev'],
];
const NORDIC_JOURNALS: Record<'Norwegian' | 'Swedish' | 'Danish', readonly string[]> = {
  Norwegian: ['Tidsskrift for ungdomsarbeid', 'Norsk tidsskrift for sosialt arbeid med unge', 'Rapportserie fra kommunalt utviklingsarbeid'],
  Swedish: ['Tidskrift för ungdomsvetenskap', 'Socialt arbete med unga', 'FoU-rapport, kommunal ungdomsverksamhet'],
  Danish: ['Tidsskrift for ungdomsforskning', 'Socialpædagogisk tidsskrift', 'Kommunal rapportserie om unge'],
};

const OUTREACH = ['outreach work', 'detached youth work', 'street work', 'mobile outreach teams', 'field work', 'low-threshold outreach', 'street-based outreach', 'peer outreach'];
const GROUPS = ['young people', 'adolescents', 'young adults', 'youth at risk', 'NEET youth', 'homeless youth', 'street-involved youth', 'unaccompanied minors', 'vulnerable youth'];
const PROBLEMS = ['substance use', 'mental health problems', 'school drop-out', 'youth crime', 'homelessness', 'gang involvement', 'social exclusion', 'sexual exploitation', 'self-harm'];
const PLACES = ['an urban municipality', 'a rural region', 'a capital city', 'three Nordic cities', 'a deprived neighbourhood', 'a coastal town'];
const DESIGNS = ['a qualitative study', 'a mixed-methods evaluation', 'a cohort study', 'a cross-sectional survey', 'a case study', 'a realist evaluation'];

interface Template {
  fate: Fate;
  weight: number;
  title: (r: Random) => string;
  type?: Work['type'];
  year?: (r: Random) => number;
  language?: Work['language'];
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Simulated titles by what happens to them: most are off topic and go out at title/abstract (the
 * reason a screener would pick), some are near misses that reach full text and are excluded there,
 * a few could not be retrieved. Every simulated record fails some criterion: only the 72 reference
 * sources are included.
 */
const TEMPLATES: readonly Template[] = [
  { fate: { kind: 'screen-out', reason: 'wrong-population' }, weight: 14, title: (r) => `Assertive outreach for adults over 30 with ${r.pick(PROBLEMS)}: ${r.pick(DESIGNS)}` },
  { fate: { kind: 'screen-out', reason: 'wrong-population' }, weight: 6, title: (r) => `Home visits by community nurses to older people living alone in ${r.pick(PLACES)}` },
  { fate: { kind: 'screen-out', reason: 'stationary-service' }, weight: 12, title: (r) => `Office-based cognitive behavioural therapy for ${r.pick(GROUPS)} with ${r.pick(PROBLEMS)}: a randomised trial` },
  { fate: { kind: 'screen-out', reason: 'focus-on-youth-characteristics' }, weight: 16, title: (r) => `Prevalence and correlates of ${r.pick(PROBLEMS)} among ${r.pick(GROUPS)} in ${r.pick(PLACES)}: ${r.pick(DESIGNS)}` },
  { fate: { kind: 'screen-out', reason: 'medical-or-research-only' }, weight: 8, title: (r) => `Mobile clinics for ${r.pick(['HIV testing', 'diabetes screening', 'epilepsy follow-up', 'vaccination'])} among ${r.pick(GROUPS)}` },
  { fate: { kind: 'screen-out', reason: 'universal-prevention' }, weight: 10, title: (r) => `A universal school-based programme to prevent ${r.pick(PROBLEMS)} in secondary schools` },
  { fate: { kind: 'screen-out', reason: 'exclusively-digital-or-campaign' }, weight: 7, title: (r) => `A social media campaign on ${r.pick(PROBLEMS)} for ${r.pick(GROUPS)}: reach and engagement` },
  { fate: { kind: 'screen-out', reason: 'non-transferable-context' }, weight: 5, title: (r) => `Humanitarian outreach to ${r.pick(['children', 'adolescents', 'young refugees'])} in camps during armed conflict` },
  { fate: { kind: 'screen-out', reason: 'no-outreach-effort' }, weight: 14, title: (r) => `${cap(r.pick(['science outreach', 'university outreach', 'museum outreach', 'library outreach']))} activities for ${r.pick(['secondary school pupils', 'first-generation students', 'local communities'])}` },
  { fate: { kind: 'screen-out', reason: 'no-outreach-effort' }, weight: 10, title: (r) => `Trajectories of ${r.pick(PROBLEMS)} from adolescence to early adulthood: ${r.pick(DESIGNS)}` },
  { fate: { kind: 'screen-out', reason: 'outside-2010-2025' }, weight: 4, title: (r) => `${cap(r.pick(OUTREACH))} with ${r.pick(GROUPS)}: lessons from the 1990s`, year: (r) => r.int(2003, 2009) },
  { fate: { kind: 'fulltext-out', reason: 'perspective-of-professionals-only' }, weight: 3, title: (r) => `Practitioners' views on ${r.pick(OUTREACH)} with ${r.pick(GROUPS)}: ${r.pick(DESIGNS)}` },
  { fate: { kind: 'fulltext-out', reason: 'outreach-only-mentioned' }, weight: 2, title: (r) => `Youth policy and ${r.pick(PROBLEMS)}: outreach as a solution in ${r.pick(PLACES)}` },
  { fate: { kind: 'fulltext-out', reason: 'indirect-outreach' }, weight: 2, title: (r) => `Outreach family support for parents of ${r.pick(GROUPS)} with ${r.pick(PROBLEMS)}` },
  { fate: { kind: 'fulltext-out', reason: 'not-on-young-peoples-arenas' }, weight: 2, title: (r) => `School-based outreach counselling for ${r.pick(GROUPS)}: ${r.pick(DESIGNS)}` },
  { fate: { kind: 'fulltext-out', reason: 'follow-up-of-existing-clients' }, weight: 2, title: (r) => `Home-based follow-up of ${r.pick(GROUPS)} discharged from ${r.pick(['inpatient care', 'residential treatment', 'child welfare institutions'])}` },
  { fate: { kind: 'fulltext-out', reason: 'publication-type-international' }, weight: 2, title: (r) => `${cap(r.pick(OUTREACH))} for ${r.pick(GROUPS)} with ${r.pick(PROBLEMS)} [conference abstract]`, type: 'conference' },
  { fate: { kind: 'fulltext-out', reason: 'stationary-service' }, weight: 2, title: (r) => `A drop-in centre for ${r.pick(GROUPS)}: ${r.pick(DESIGNS)}` },
  { fate: { kind: 'not-retrieved' }, weight: 1.5, title: (r) => `${cap(r.pick(OUTREACH))} and ${r.pick(PROBLEMS)} among ${r.pick(GROUPS)} in ${r.pick(PLACES)}` },
];

/** Nordic-language simulated records for Oria, Swepub and Kgl. Bibliotek. */
const NORDIC_TEMPLATES: Record<'Norwegian' | 'Swedish' | 'Danish', readonly Template[]> = {
  Norwegian: [
    { fate: { kind: 'screen-out', reason: 'no-outreach-effort' }, weight: 5, title: (r) => `Levekår blant ${r.pick(['ungdom', 'unge voksne', 'barn'])} i ${r.pick(['Oslo', 'Trondheim', 'Bergen', 'Tromsø'])}: en kartlegging` },
    { fate: { kind: 'screen-out', reason: 'publication-type-scandinavian' }, weight: 3, title: () => 'Kronikk: Vi trenger flere utekontakter' },
    { fate: { kind: 'screen-out', reason: 'universal-prevention' }, weight: 3, title: () => 'Universell forebygging av rus i ungdomsskolen' },
    { fate: { kind: 'fulltext-out', reason: 'grey-literature-no-description' }, weight: 2, title: (r) => `Årsmelding for utekontakten i ${r.pick(['Drammen', 'Bodø', 'Skien', 'Hamar'])} kommune`, type: 'report' },
    { fate: { kind: 'fulltext-out', reason: 'publication-type-scandinavian' }, weight: 1, title: () => 'Oppsøkende arbeid med ungdom: en bacheloroppgave', type: 'thesis' },
  ],
  Swedish: [
    { fate: { kind: 'screen-out', reason: 'no-outreach-effort' }, weight: 5, title: (r) => `Ungas psykiska hälsa i ${r.pick(['Göteborg', 'Malmö', 'Umeå', 'Örebro'])}: en enkätstudie` },
    { fate: { kind: 'screen-out', reason: 'stationary-service' }, weight: 3, title: () => 'Behandling av unga med missbruk på institution' },
    { fate: { kind: 'fulltext-out', reason: 'grey-literature-no-description' }, weight: 2, title: (r) => `Fältgruppens verksamhetsberättelse ${r.int(2012, 2024)}`, type: 'report' },
    { fate: { kind: 'fulltext-out', reason: 'publication-type-scandinavian' }, weight: 1, title: () => 'Uppsökande fältarbete: en kandidatuppsats', type: 'thesis' },
  ],
  Danish: [
    { fate: { kind: 'screen-out', reason: 'no-outreach-effort' }, weight: 5, title: () => 'Unges trivsel og mistrivsel: en landsdækkende undersøgelse' },
    { fate: { kind: 'screen-out', reason: 'publication-type-scandinavian' }, weight: 3, title: () => 'Debat: Gadeplansarbejdet skal styrkes' },
    { fate: { kind: 'fulltext-out', reason: 'grey-literature-no-description' }, weight: 2, title: (r) => `Notat om opsøgende arbejde i ${r.pick(['Aarhus', 'Odense', 'Aalborg'])} Kommune`, type: 'report' },
  ],
};

function simulatedAbstract(title: string, fate: Fate, r: Random): string {
  const group = r.pick(GROUPS);
  const parts = [
    `Background: ${r.pick(['Services often fail to reach', 'Little is known about how to reach', 'Policy documents increasingly target'])} ${group}.`,
    `Aim: ${title.replace(/[.:].*$/, '').toLowerCase()} was studied.`,
    `Methods: ${cap(r.pick(DESIGNS))} with ${r.int(12, 1400)} participants in ${r.pick(PLACES)}.`,
    `Results: ${r.pick(['Participants reported', 'The analysis identified', 'Staff described'])} ${r.pick(['barriers to access', 'changes in service use', 'three themes', 'no significant differences'])}.`,
  ];
  if (fate.kind === 'fulltext-out' && fate.reason === 'not-on-young-peoples-arenas') parts.push('The service is delivered at school only.');
  parts.push(SIMULATED_NOTE);
  return parts.join(' ');
}

function simulatedAuthors(r: Random): Person[] {
  const n = r.weighted([[1, 2], [2, 3], [3, 3], [4, 2], [5, 1], [6, 1]] as const);
  const out: Person[] = [];
  for (let i = 0; i < n; i++) out.push({ family: r.pick(FAMILY_NAMES), given: r.pick(GIVEN_NAMES) });
  return out;
}

function simulatedWork(n: number, template: Template, language: Work['language'], r: Random, route: Work['route']): Work {
  const title = template.title(r);
  const year = template.year ? template.year(r) : r.int(2010, 2025);
  const type = template.type ?? 'article';
  const work: Work = {
    id: `sim:${String(n).padStart(4, '0')}`,
    simulated: true,
    route,
    type,
    title,
    authors: simulatedAuthors(r),
    year,
    abstract: simulatedAbstract(title, template.fate, r),
    keywords: [SIMULATED_KEYWORD, ...r.shuffle([...OUTREACH, ...PROBLEMS]).slice(0, r.int(2, 5))],
    language,
    fate: template.fate,
  };
  if (language === 'English') {
    const [full] = r.pick(JOURNALS);
    if (type === 'article' || type === 'conference') work.journal = full;
    work.volume = String(r.int(1, 60));
    work.issue = String(r.int(1, 12));
    const start = r.int(1, 900);
    work.pageStart = String(start);
    work.pageEnd = String(start + r.int(6, 24));
    // 10.5555 is Crossref's test prefix: these DOIs resolve to nothing real.
    if (r.chance(0.85)) work.doi = `10.5555/korus-sim.${String(n).padStart(4, '0')}`;
  } else {
    work.journal = r.pick(NORDIC_JOURNALS[language as 'Norwegian' | 'Swedish' | 'Danish']);
    if (type === 'report' || type === 'thesis') {
      work.publisher = work.journal;
      delete work.journal;
    }
  }
  return work;
}

function abbreviation(journal: string): string {
  const known = JOURNALS.find(([full]) => full === journal);
  if (known) return known[1];
  const words: Record<string, string> = {
    journal: 'J', international: 'Int', review: 'Rev', reviews: 'Rev', social: 'Soc', services: 'Serv', children: 'Child', research: 'Res',
    prevention: 'Prev', science: 'Sci', development: 'Dev', human: 'Hum', psychology: 'Psychol', psychiatry: 'Psychiatry', studies: 'Stud',
    european: 'Eur', early: 'Early', intervention: 'Interv', community: 'Community', health: 'Health', systematic: 'Syst', offender: 'Offender',
    therapy: 'Ther', comparative: 'Comp', criminology: 'Criminol', sexual: 'Sex', abuse: 'Abuse', education: 'Educ', policy: 'Policy',
    terrorism: 'Terror', political: 'Polit', violence: 'Violence', partnerships: 'Partnersh', action: 'Action', progress: 'Prog',
  };
  return journal
    .replace(/[:,&]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !/^(of|and|the|in|for)$/i.test(w))
    .map((w) => words[w.toLowerCase()] ?? w)
    .join(' ');
}

// ------------------------------------------------------------------------------------------------
// Sources of review.json (protocol.md §3).

interface DatabaseSpec {
  name: string;
  platform: string;
  searchDate: string;
  syntax: (blocks: SearchBlocks) => string;
  /** How many copies of a database-route work this database tends to hold (relative). */
  coverage: number;
}

interface SearchBlocks {
  outreach: string[];
  target: string[];
  problem: string[];
}

const BLOCKS_EN: SearchBlocks = {
  outreach: ['outreach work', 'detached youth work', 'street work', 'mobile work', 'youth work', 'field work', 'outreach'],
  target: ['child*', 'youth', 'adolescen*', 'young adult*', 'vulnerable youth', 'youth at risk', 'NEET'],
  problem: ['mental health', 'substance use', 'homeless*', 'dropout', 'drop-out', 'crime', 'marginali*'],
};
const BLOCKS_NO: SearchBlocks = {
  outreach: ['oppsøkende arbeid', 'oppsøkende ungdomsarbeid', 'utekontakt*', 'feltarbeid', 'gatearbeid', 'mobile team*'],
  target: ['barn', 'ungdom*', 'unge', 'unge voksne', 'utsatte unge'],
  problem: ['psykisk helse', 'rus*', 'bostedsløs*', 'frafall', 'kriminalitet', 'marginaliser*'],
};
const BLOCKS_SV: SearchBlocks = {
  outreach: ['uppsökande arbete', 'fältarbete', 'fältassistent*', 'uppsökande socialt arbete', 'mobila team'],
  target: ['barn', 'ungdom*', 'unga', 'unga vuxna'],
  problem: ['psykisk ohälsa', 'missbruk*', 'hemlöshet', 'avhopp', 'kriminalitet', 'utanförskap'],
};
const BLOCKS_DA: SearchBlocks = {
  outreach: ['opsøgende arbejde', 'gadeplansarbejde', 'opsøgende socialt arbejde', 'feltarbejde'],
  target: ['børn', 'unge', 'ungdom*', 'unge voksne', 'udsatte unge'],
  problem: ['psykisk sårbarhed', 'misbrug*', 'hjemløs*', 'frafald', 'kriminalitet', 'marginaliser*'],
};

const quoted = (terms: string[]): string => terms.map((t) => (t.includes(' ') ? `"${t}"` : t)).join(' OR ');
const fieldBlocks = (b: SearchBlocks, f: (terms: string) => string): string => [b.outreach, b.target, b.problem].map((t) => f(quoted(t))).join(' AND ');

const DATABASES: readonly DatabaseSpec[] = [
  { name: 'PubMed', platform: 'PubMed (NLM)', searchDate: '2025-10-06', coverage: 0.3, syntax: (b) => `${[b.outreach, b.target, b.problem].map((t) => `(${t.map((x) => `${x.includes(' ') ? `"${x}"` : x}[tiab]`).join(' OR ')})`).join(' AND ')} AND 2010:2025[dp] AND (english[la] OR norwegian[la] OR swedish[la] OR danish[la])` },
  { name: 'Psychology and Behavioral Sciences Collection', platform: 'EBSCOhost', searchDate: '2025-10-07', coverage: 0.18, syntax: (b) => `${fieldBlocks(b, (t) => `(TI (${t}) OR AB (${t}) OR SU (${t}))`)}; limiters: published 20100101-20251031; languages English, Norwegian, Swedish, Danish` },
  { name: 'EMBASE', platform: 'Embase.com (Elsevier)', searchDate: '2025-10-08', coverage: 0.22, syntax: (b) => `${fieldBlocks(b, (t) => `(${t}):ti,ab,kw`)} AND [2010-2025]/py AND ([english]/lim OR [norwegian]/lim OR [swedish]/lim OR [danish]/lim)` },
  { name: 'Scopus', platform: 'Scopus (Elsevier)', searchDate: '2025-10-09', coverage: 0.5, syntax: (b) => `${fieldBlocks(b, (t) => `TITLE-ABS-KEY(${t})`)} AND PUBYEAR > 2009 AND PUBYEAR < 2026 AND (LIMIT-TO(LANGUAGE, "English") OR LIMIT-TO(LANGUAGE, "Norwegian") OR LIMIT-TO(LANGUAGE, "Swedish") OR LIMIT-TO(LANGUAGE, "Danish"))` },
  { name: 'Web of Science', platform: 'Web of Science Core Collection (Clarivate)', searchDate: '2025-10-09', coverage: 0.36, syntax: (b) => `${fieldBlocks(b, (t) => `TS=(${t})`)}; timespan 2010-2025; languages English, Norwegian, Swedish, Danish` },
  { name: 'Sociology Source Ultimate', platform: 'EBSCOhost', searchDate: '2025-10-10', coverage: 0.22, syntax: (b) => `${fieldBlocks(b, (t) => `(TI (${t}) OR AB (${t}) OR SU (${t}))`)}; limiters: published 20100101-20251031` },
  { name: 'Oria', platform: 'Oria (Primo VE, Sikt)', searchDate: '2025-10-14', coverage: 0, syntax: (b) => `${fieldBlocks(b, (t) => `(${t})`)}; publication year 2010-2025` },
  { name: 'Swepub', platform: 'Swepub (Kungliga biblioteket)', searchDate: '2025-10-14', coverage: 0, syntax: (b) => `${fieldBlocks(b, (t) => `(${t})`)}; publication year 2010-2025` },
  { name: 'Kgl. Bibliotek', platform: 'Det Kgl. Bibliotek (Primo)', searchDate: '2025-10-15', coverage: 0, syntax: (b) => `${fieldBlocks(b, (t) => `(${t})`)}; publication year 2010-2025` },
];

const QUERY_BLOCKS: Record<string, SearchBlocks> = { Oria: BLOCKS_NO, Swepub: BLOCKS_SV, 'Kgl. Bibliotek': BLOCKS_DA };

const QUERY_NOTE = 'Query text: the three search blocks of the protocol (outreach terms AND target-group terms AND vulnerability terms; title, abstract and keywords), written in this database\'s syntax for the example. The real search strings are in the study protocol\'s appendix, which is not published; the search date is plausible, not the real one. The export files are simulated.';

interface HandSource {
  name: string;
  kind: Source['kind'];
  file: string;
  searchDate: string;
  note: string;
}

const HAND_SOURCES: readonly HandSource[] = [
  { name: 'Google Scholar', kind: 'website', file: 'exports/hand-search/google-scholar.csv', searchDate: '2025-10-20', note: 'Supplementary searches in Google Scholar (protocol §3, group 3). A list kept by hand; simulated except for the reference sources\' bibliographic data.' },
  { name: 'Websites of directorates municipalities and KORUS', kind: 'website', file: 'exports/hand-search/websites.csv', searchDate: '2025-10-27', note: 'Targeted searches of the websites of relevant directorates, municipalities, KORUS and national competence centres (protocol §3, group 3).' },
  { name: 'Organisations', kind: 'organisation', file: 'exports/hand-search/organisations.csv', searchDate: '2025-10-29', note: 'Reports from non-profit organisations found on their websites or sent by them (protocol §3, group 3).' },
  { name: 'Citation searching', kind: 'citation-searching', file: 'exports/hand-search/citation-searching.csv', searchDate: '2025-11-10', note: 'Review of the reference lists of included articles and citation searching on key articles and central authors (protocol §3, group 3; ch. 3.2).' },
  { name: 'Experts and dialogue with the field', kind: 'expert', file: 'exports/hand-search/experts.csv', searchDate: '2025-11-14', note: 'Tips from the AP1 expert interviews and dialogue with researchers, the practice field and key persons (protocol §3, group 3; ch. 3.2).' },
];

// ------------------------------------------------------------------------------------------------
// Placement: which databases (or hand-search lists) hold a copy of each work.

export interface Copy {
  work: Work;
  /** Variation of this copy: how this database happens to write the record. */
  titleCase: 'as-is' | 'title-case';
  withDoi: boolean;
}

function nordicDatabase(language: Work['language']): string {
  return language === 'Swedish' ? 'Swepub' : language === 'Danish' ? 'Kgl. Bibliotek' : 'Oria';
}

const HEALTH = /health|mental|substance|drug|homeless|psychiatr|HIV|harm|clinic|medical|nurse|therapy|diabetes|epilepsy|vaccin|self-harm/i;

/** 1–4 databases for a database-route work: broad indexes often, health databases for health topics. */
function databasesFor(work: Work, topic: string, r: Random): string[] {
  if (work.language !== 'English') {
    const home = nordicDatabase(work.language);
    const out = [home];
    if (r.chance(0.3)) out.push(r.pick(['Oria', 'Swepub', 'Kgl. Bibliotek'].filter((d) => d !== home)));
    return out;
  }
  const health = HEALTH.test(topic);
  const chosen: string[] = [];
  for (const db of DATABASES) {
    if (db.coverage === 0) continue;
    let p = db.coverage;
    if ((db.name === 'PubMed' || db.name === 'EMBASE') && !health) p *= 0.25;
    if (db.name === 'Sociology Source Ultimate' && health) p *= 0.6;
    if (r.chance(p)) chosen.push(db.name);
  }
  if (work.refKey && NORDIC.test(topic) && r.chance(0.6)) chosen.push('Oria');
  if (chosen.length === 0) chosen.push(r.weighted([['Scopus', 4], ['Web of Science', 3], ['PubMed', health ? 3 : 1], ['Sociology Source Ultimate', 2]] as const));
  // Real sets rarely find a record in more than four of these databases.
  return r.shuffle(chosen).slice(0, 4).sort((a, b) => DATABASES.findIndex((d) => d.name === a) - DATABASES.findIndex((d) => d.name === b));
}

function handSourcesFor(row: ReferenceRow, index: number, r: Random): string[] {
  const nordicOrGrey = NORDIC.test(row.country_if_stated) || /rapport|ISBN/i.test(row.venue) || ['Pettersen2019', 'Katznelson2019_2020'].includes(row.key);
  let primary: string;
  if (row.key === 'Akerblom2024') primary = 'Experts and dialogue with the field';
  else if (nordicOrGrey) primary = r.pick(['Websites of directorates municipalities and KORUS', 'Google Scholar', 'Organisations']);
  else if (row.status.startsWith('uncertain')) primary = 'Citation searching';
  else primary = ['Citation searching', 'Experts and dialogue with the field', 'Google Scholar'][index % 3] as string;
  const out = [primary];
  // Hand search finds some works twice (a reference list and an expert tip): dedupe merges them.
  if (index % 4 === 1) out.push(primary === 'Citation searching' ? 'Experts and dialogue with the field' : 'Citation searching');
  return out;
}

// ------------------------------------------------------------------------------------------------
// Writers: each database's own export format, as the real fixtures show it (fixtures/exports/INDEX.md).

interface Identifiers {
  /** A stable per-work number for simulated identifiers (accession numbers etc.). */
  serial: number;
}

function titleCased(title: string): string {
  const small = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'from']);
  return title.replace(/[A-Za-zÀ-ÿ'’-]+/g, (w, offset: number) => (offset > 0 && small.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)));
}

function titleOf(c: Copy): string {
  return c.titleCase === 'title-case' && !c.work.title.startsWith('[') ? titleCased(c.work.title) : c.work.title;
}

function initials(given: string | undefined): string {
  return given ? given.split(/[\s-]+/).map((g) => `${g.charAt(0)}.`).join('') : '';
}

function noteOf(w: Work): string {
  return w.simulated ? SIMULATED_NOTE : `Replica of an included source of the report (reference/korus-included-sources.csv, key ${w.refKey}); bibliographic data from that list, identifiers simulated.`;
}

const LANGUAGE_CODES: Record<Work['language'], string> = { English: 'eng', Norwegian: 'nor', Swedish: 'swe', Danish: 'dan', German: 'ger' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** MEDLINE tag line with PubMed's wrapping: values wrapped near 80 columns, continuation indented six spaces. */
function medlineLines(tag: string, value: string): string[] {
  const head = `${tag.padEnd(4)}- `;
  const words = value.split(' ');
  const lines: string[] = [];
  let line = head;
  for (const w of words) {
    if (line.length + w.length + 1 > 80 && line.trim().length > head.trim().length) {
      lines.push(line.trimEnd());
      line = `      ${w}`;
    } else {
      line += line === head ? w : ` ${w}`;
    }
  }
  lines.push(line);
  return lines;
}

function writeMedline(copies: readonly Copy[], ids: Map<string, Identifiers>): string {
  let out = '';
  for (const c of copies) {
    const w = c.work;
    const serial = (ids.get(w.id) as Identifiers).serial;
    const month = MONTHS[serial % 12] as string;
    const lines: string[] = [];
    const add = (tag: string, value: string | undefined): void => {
      if (value) lines.push(...medlineLines(tag, value));
    };
    add('PMID', w.pmid ?? String(99_000_000 + serial));
    add('OWN', 'NLM');
    add('STAT', w.simulated ? (serial % 3 === 0 ? 'PubMed-not-MEDLINE' : 'MEDLINE') : 'MEDLINE');
    add('LR', `${w.year + 1}0${(serial % 9) + 1}1${serial % 10}`);
    add('VI', w.volume);
    add('IP', w.issue);
    add('DP', `${w.year} ${month}`);
    add('TI', titleOf(c).endsWith('.') ? titleOf(c) : `${titleOf(c)}.`);
    add('PG', w.pageStart ? `${w.pageStart}-${w.pageEnd}` : undefined);
    if (c.withDoi && w.doi) add('LID', `${w.doi} [doi]`);
    add('AB', w.abstract);
    for (const a of w.authors) {
      add('FAU', a.given ? `${a.family}, ${a.given}` : a.family);
      add('AU', a.given ? `${a.family} ${initials(a.given).replace(/\./g, '')}` : a.family);
    }
    add('LA', LANGUAGE_CODES[w.language]);
    add('PT', 'Journal Article');
    if (w.type === 'review') add('PT', 'Review');
    add('PL', w.simulated ? 'England' : undefined);
    if (w.journal) {
      add('TA', abbreviation(w.journal));
      add('JT', w.journal);
    }
    for (const k of w.keywords) add('OT', k);
    add('GN', noteOf(w));
    add('EDAT', `${w.year}/${String((serial % 12) + 1).padStart(2, '0')}/15 06:00`);
    add('CRDT', `${w.year}/${String((serial % 12) + 1).padStart(2, '0')}/14 04:12`);
    if (c.withDoi && w.doi) add('AID', `${w.doi} [doi]`);
    add('PST', 'ppublish');
    const so = `${w.journal ? abbreviation(w.journal) : 'Unknown'}. ${w.year} ${month};${w.volume ?? ''}${w.issue ? `(${w.issue})` : ''}${w.pageStart ? `:${w.pageStart}-${w.pageEnd}` : ''}.${c.withDoi && w.doi ? ` doi: ${w.doi}.` : ''}`;
    add('SO', so);
    out += `\n${lines.join('\n')}\n`;
  }
  return out;
}

function risBlock(lines: [string, string | undefined][], eol: string, endTag: string): string {
  const kept = lines.filter((l): l is [string, string] => l[1] !== undefined && l[1] !== '');
  return `${kept.map(([t, v]) => `${t}  - ${v}`).join(eol)}${eol}${endTag}${eol}`;
}

const RIS_TYPES: Record<Work['type'], string> = { article: 'JOUR', review: 'JOUR', chapter: 'CHAP', report: 'RPRT', thesis: 'THES', conference: 'CONF' };

/** EBSCOhost RIS (CRLF, T1/JO/JF/Y1, DOI in L3 or DO, N1 "Accession Number: …", DP/DB), as the ASP/PsycInfo fixtures. */
function writeEbsco(copies: readonly Copy[], ids: Map<string, Identifiers>, db: { code: string; name: string; doiTag: 'L3' | 'DO' }): string {
  const eol = '\r\n';
  return copies.map((c) => {
    const w = c.work;
    const an = String(100_000_000 + (ids.get(w.id) as Identifiers).serial * 7);
    const month = String(((ids.get(w.id) as Identifiers).serial % 12) + 1).padStart(2, '0');
    const lines: [string, string | undefined][] = [['TY', RIS_TYPES[w.type]]];
    for (const a of w.authors) lines.push(['AU', a.given ? `${a.family}, ${a.given}` : a.family]);
    lines.push(['T1', `${titleOf(c)}.`], ['JO', w.journal ?? w.bookTitle], ['JF', w.journal ?? w.bookTitle], ['Y1', `${w.year}/${month}//`]);
    lines.push(['VL', w.volume], ['IS', w.issue], ['M3', w.type === 'review' ? 'Article' : w.type === 'chapter' ? 'Book Chapter' : 'Article']);
    lines.push(['SP', w.pageStart], ['EP', w.pageEnd], ['PB', w.publisher], ['SN', w.isbn]);
    lines.push(['AB', w.abstract]);
    for (const k of w.keywords) lines.push(['KW', k]);
    lines.push(['N1', `Accession Number: ${an}; ${noteOf(w)} Language: ${w.language}; Document Type: Article`]);
    if (c.withDoi && w.doi) lines.push([db.doiTag, w.doi]);
    lines.push(['UR', `https://search.ebscohost.com/login.aspx?direct=true&db=${db.code}&AN=${an}&site=ehost-live&scope=site`]);
    lines.push(['DP', 'EBSCOhost'], ['DB', db.name]);
    return `${risBlock(lines, eol, 'ER  - ')}${eol}`;
  }).join('');
}

/** Embase.com RIS (BOM, LF, A1 "Family I.", U2 L-number, DB Embase [+ Medline], N2 abstract, "ER  -"), as the Embase fixture. */
function writeEmbase(copies: readonly Copy[], ids: Map<string, Identifiers>, pubmedWorks: ReadonlySet<string>): string {
  const blocks = copies.map((c) => {
    const w = c.work;
    const serial = (ids.get(w.id) as Identifiers).serial;
    const lnumber = `L${2_010_000_000 + serial * 13}`;
    const lines: [string, string | undefined][] = [['TY', RIS_TYPES[w.type]], ['M3', w.type === 'review' ? 'Review' : 'Article'], ['Y1', String(w.year)]];
    lines.push(['VL', w.volume], ['IS', w.issue], ['SP', w.pageStart], ['EP', w.pageEnd], ['JF', w.journal], ['JO', w.journal]);
    lines.push(['UR', `http://www.embase.com/search/results?subaction=viewrecord&from=export&id=${lnumber}`], ['U2', lnumber], ['DB', 'Embase']);
    if (pubmedWorks.has(w.id)) lines.push(['DB', 'Medline']);
    lines.push(['U3', `${w.year}-0${(serial % 9) + 1}-1${serial % 10}`]);
    if (c.withDoi && w.doi) lines.push(['L2', `http://dx.doi.org/${w.doi}`], ['DO', w.doi]);
    for (const a of w.authors) lines.push(['A1', a.given ? `${a.family} ${initials(a.given)}` : a.family]);
    lines.push(['T1', titleOf(c)], ['LA', w.language]);
    for (const k of w.keywords) lines.push(['KW', k.toLowerCase() === SIMULATED_KEYWORD.toLowerCase() ? k : k.toLowerCase()]);
    lines.push(['N1', noteOf(w)], ['N2', w.abstract]);
    return risBlock(lines, '\n', 'ER  -');
  });
  return `\uFEFF${blocks.join('\n')}`;
}

/** Primo VE RIS as Oria and Det Kgl. Bibliotek send it: title in T1, abstract in N2, ID a Primo record id. */
function writePrimo(copies: readonly Copy[], ids: Map<string, Identifiers>, institution: 'NO' | 'DK'): string {
  const eol = '\r\n';
  return copies.map((c) => {
    const w = c.work;
    const serial = (ids.get(w.id) as Identifiers).serial;
    const recordId = institution === 'NO' ? `alma99${String(1_220_000_000 + serial * 17)}702201` : `alma99${String(1_230_000_000 + serial * 19)}305763`;
    const lines: [string, string | undefined][] = [['TY', RIS_TYPES[w.type]], ['T1', titleOf(c)]];
    for (const a of w.authors) lines.push(['AU', a.given ? `${a.family}, ${a.given}` : a.family]);
    lines.push(['PY', String(w.year)], ['JF', w.journal], ['T2', w.journal ?? w.bookTitle], ['VL', w.volume], ['IS', w.issue], ['SP', w.pageStart], ['EP', w.pageEnd]);
    lines.push(['PB', w.publisher], ['SN', w.isbn], ['LA', LANGUAGE_CODES[w.language]]);
    if (c.withDoi && w.doi) lines.push(['DO', w.doi]);
    for (const k of w.keywords) lines.push(['KW', k]);
    lines.push(['N1', noteOf(w)], ['N2', w.abstract], ['ID', recordId]);
    return risBlock(lines, eol, 'ER  - ');
  }).join(eol);
}

const SCOPUS_COLUMNS = ['Authors', 'Author full names', 'Author(s) ID', 'Title', 'Year', 'Source title', 'Volume', 'Issue', 'Art. No.', 'Page start', 'Page end', 'Page count', 'Cited by', 'DOI', 'Link', 'Affiliations', 'Authors with affiliations', 'Abstract', 'Author Keywords', 'Index Keywords', 'Molecular Sequence Numbers', 'Chemicals/CAS', 'Tradenames', 'Manufacturers', 'Funding Details', 'Funding Texts', 'References', 'Correspondence Address', 'Editors', 'Publisher', 'Sponsors', 'Conference name', 'Conference date', 'Conference location', 'Conference code', 'ISSN', 'ISBN', 'CODEN', 'PubMed ID', 'Language of Original Document', 'Abbreviated Source Title', 'Document Type', 'Publication Stage', 'Open Access', 'Source', 'EID'] as const;

const csvQuote = (v: string): string => `"${v.replace(/"/g, '""')}"`;

/** Scopus CSV (46 columns, BOM, every cell quoted, "; "-separated authors "Family I."), as the Scopus fixture. */
function writeScopus(copies: readonly Copy[], ids: Map<string, Identifiers>): string {
  const rows = copies.map((c) => {
    const w = c.work;
    const serial = (ids.get(w.id) as Identifiers).serial;
    const eid = `2-s2.0-85${String(100_000_000 + serial * 31).padStart(9, '0')}`;
    const authorIds = w.authors.map((_, i) => String(57_000_000_000 + serial * 10 + i));
    const row: Record<string, string> = {
      Authors: w.authors.map((a) => (a.given ? `${a.family} ${initials(a.given)}` : a.family)).join('; '),
      'Author full names': w.authors.map((a, i) => `${a.given ? `${a.family}, ${a.given}` : a.family} (${authorIds[i]})`).join('; '),
      'Author(s) ID': authorIds.join('; '),
      Title: titleOf(c),
      Year: String(w.year),
      'Source title': w.journal ?? w.bookTitle ?? '',
      Volume: w.volume ?? '',
      Issue: w.issue ?? '',
      'Page start': w.pageStart ?? '',
      'Page end': w.pageEnd ?? '',
      'Page count': w.pageStart && w.pageEnd ? String(Number(w.pageEnd) - Number(w.pageStart) + 1) : '',
      'Cited by': String(serial % 17),
      DOI: c.withDoi && w.doi ? w.doi : '',
      Link: `https://www.scopus.com/inward/record.uri?eid=${eid}&partnerID=40`,
      Abstract: w.abstract,
      'Author Keywords': w.keywords.join('; '),
      'Correspondence Address': w.simulated ? SIMULATED_NOTE : '',
      Publisher: w.publisher ?? '',
      ISBN: w.isbn ?? '',
      'PubMed ID': w.pmid ?? '',
      'Language of Original Document': w.language,
      'Abbreviated Source Title': w.journal ? abbreviation(w.journal) : '',
      'Document Type': w.type === 'review' ? 'Review' : w.type === 'chapter' ? 'Book chapter' : w.type === 'conference' ? 'Conference paper' : 'Article',
      'Publication Stage': 'Final',
      Source: 'Scopus',
      EID: eid,
    };
    return SCOPUS_COLUMNS.map((col) => csvQuote(row[col] ?? '')).join(',');
  });
  return `\uFEFF${[SCOPUS_COLUMNS.map(csvQuote).join(','), ...rows].join('\n')}\n`;
}

/** WoS plain text ("FN Clarivate Analytics Web of Science", 3-space continuations, ER / EF), as the WoS fixtures. */
function writeWos(copies: readonly Copy[], ids: Map<string, Identifiers>): string {
  const field = (tag: string, values: string[]): string[] => values.filter(Boolean).map((v, i) => `${i === 0 ? tag : '  '} ${v}`);
  const wrap = (tag: string, value: string | undefined): string[] => {
    if (!value) return [];
    const out: string[] = [];
    let line = '';
    for (const w of value.split(' ')) {
      if (line.length + w.length + 1 > 70 && line) {
        out.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    out.push(line);
    return out.map((l, i) => `${i === 0 ? tag : '  '} ${l}`);
  };
  const records = copies.map((c) => {
    const w = c.work;
    const serial = (ids.get(w.id) as Identifiers).serial;
    const lines = [
      `PT ${w.type === 'chapter' ? 'B' : 'J'}`,
      ...field('AU', w.authors.map((a) => (a.given ? `${a.family}, ${initials(a.given).replace(/\./g, '')}` : a.family))),
      ...field('AF', w.authors.map((a) => (a.given ? `${a.family}, ${a.given}` : a.family))),
      ...wrap('TI', titleOf(c)),
      ...wrap('SO', (w.journal ?? w.bookTitle)?.toUpperCase()),
      `LA ${w.language}`,
      `DT ${w.type === 'review' ? 'Review' : w.type === 'chapter' ? 'Article; Book Chapter' : 'Article'}`,
      ...wrap('DE', w.keywords.join('; ')),
      ...wrap('AB', w.abstract),
      ...(w.simulated ? wrap('FX', SIMULATED_NOTE) : []),
      ...(w.volume ? [`VL ${w.volume}`] : []),
      ...(w.issue ? [`IS ${w.issue}`] : []),
      ...(w.pageStart ? [`BP ${w.pageStart}`, `EP ${w.pageEnd}`] : []),
      ...(c.withDoi && w.doi ? [`DI ${w.doi}`] : []),
      `PD ${MONTHS[serial % 12]?.toUpperCase()} ${w.year}`,
      `PY ${w.year}`,
      `TC ${serial % 23}`,
      `Z9 ${serial % 23}`,
      `UT WOS:000${String(600_000_000 + serial * 11).padStart(12, '0')}`,
      'ER',
    ];
    return lines.join('\n');
  });
  return `\uFEFFFN Clarivate Analytics Web of Science\nVR 1.0\n${records.join('\n\n')}\n\nEF\n`;
}

const SWEPUB_COLUMNS = ['record_id', 'source', 'duplicate_ids', 'publication_count', 'creator_count', 'creators', 'title', 'summary', 'output_types', 'publication_type', 'content_marking', 'publication_year', 'publication_status', 'DOI', 'ISBN', 'ISI_id', 'scopus_id', 'pubmed_id', 'open_access', 'open_access_version', 'archive_URI', 'electronic_locator', 'one_digit_topics', 'three_digit_topics', 'five_digit_topics', 'keywords', 'languages', 'publication_channel', 'publisher', 'ISSN', 'swedish_list', 'series', 'series_title', 'autoclassified', 'DOAJ'] as const;

/**
 * Swepub's bibliometrics export as CSV (libris/swepub-redux service/utils/bibliometrics_csv.py): an
 * info comment line, then all columns; list values joined with ",", creators with ";" between people
 * and "," between a person's parts (familyName, givenName, localId, localIdBy, ORCID, affiliation,
 * freetext affiliations).
 */
function writeSwepub(copies: readonly Copy[], ids: Map<string, Identifiers>): string {
  const cell = (v: string): string => (/[",\n\r]/.test(v) ? csvQuote(v) : v);
  const rows = copies.map((c) => {
    const w = c.work;
    const serial = (ids.get(w.id) as Identifiers).serial;
    const org = ['gu', 'su', 'lnu', 'umu'][serial % 4] as string;
    const recordId = `oai:DiVA.org:${org}-${100_000 + serial * 3}`;
    const output = w.type === 'report' ? 'report' : w.type === 'thesis' ? 'candidate-thesis' : w.type === 'chapter' ? 'book-chapter' : 'journal-article';
    const row: Record<(typeof SWEPUB_COLUMNS)[number], string> = {
      record_id: recordId, source: org, duplicate_ids: recordId, publication_count: '1', creator_count: String(w.authors.length),
      creators: w.authors.map((a) => [a.family, a.given ?? '', '', '', '', '', ''].join(',')).join(';'),
      title: titleOf(c), summary: w.simulated ? w.abstract : `${w.abstract} ${noteOf(w)}`,
      output_types: `https://id.kb.se/term/swepub/output/publication/${output}`, publication_type: '',
      content_marking: w.type === 'article' ? 'ref' : 'vet', publication_year: String(w.year),
      publication_status: 'https://id.kb.se/term/swepub/Published', DOI: c.withDoi && w.doi ? w.doi : '', ISBN: w.isbn ?? '',
      ISI_id: '', scopus_id: '', pubmed_id: '', open_access: 'false', open_access_version: '',
      archive_URI: `http://urn.kb.se/resolve?urn=urn:nbn:se:${org}:diva-${100_000 + serial * 3}`, electronic_locator: '',
      one_digit_topics: '5', three_digit_topics: '504', five_digit_topics: '', keywords: w.keywords.join(','),
      languages: LANGUAGE_CODES[w.language], publication_channel: w.journal ?? '', publisher: w.publisher ?? '', ISSN: '',
      swedish_list: '', series: '', series_title: '', autoclassified: 'false', DOAJ: '',
    };
    return SWEPUB_COLUMNS.map((col) => cell(row[col])).join(',');
  });
  const comment = "# Swepub bibliometric export. Query handled at 2025-10-14T09:12:44. Query parameters: {'years': {'from': 2010, 'to': 2025}, 'keywords': 'uppsökande arbete unga'}";
  return `${[comment, SWEPUB_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

const HAND_COLUMNS = ['title', 'authors', 'year', 'journal', 'publisher', 'doi', 'url', 'type', 'found_via', 'note', 'id'] as const;

/** A hand-kept list (generic CSV): the columns a team writes down when it finds a work outside the databases. */
function writeHandList(source: HandSource, copies: readonly Copy[], ids: Map<string, Identifiers>): string {
  const rows = copies.map((c, i) => {
    const w = c.work;
    const row: Record<(typeof HAND_COLUMNS)[number], string> = {
      title: w.title,
      authors: w.authors.map((a) => (a.given ? `${a.family}, ${a.given}` : a.family)).join('; '),
      year: String(w.year),
      journal: w.journal ?? w.bookTitle ?? '',
      publisher: w.publisher ?? '',
      doi: w.doi ?? '',
      url: w.doi ? `https://doi.org/${w.doi}` : '',
      type: w.type,
      found_via: source.name,
      note: noteOf(w),
      id: `${source.kind}-${String(i + 1).padStart(3, '0')}-${(ids.get(w.id) as Identifiers).serial}`,
    };
    return HAND_COLUMNS.map((col) => (/[",\n]/.test(row[col]) ? csvQuote(row[col]) : row[col])).join(',');
  });
  return `${[HAND_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

// ------------------------------------------------------------------------------------------------
// The dataset: works, their copies per source, and the export files.

export interface ExportFile {
  source: string;
  /** Project-relative path. */
  path: string;
  /** The format plug-in id our sniffers should pick for this file. */
  expectedFormat: string;
  content: string;
  /** Work id of each record, in file order (the simulation's ground truth, never shipped). */
  works: string[];
}

export interface Dataset {
  works: Map<string, Work>;
  references: Map<string, ReferenceRow>;
  files: ExportFile[];
  config: ReviewConfig;
}

export interface GenerateOptions {
  seed: string;
  simulated: number;
  referenceCsv: string;
  exclusionReasons: unknown;
  codebook: unknown;
}

export function buildDataset(opts: GenerateOptions): Dataset {
  const rows = readReferenceRows(opts.referenceCsv);
  if (rows.length !== 72) throw new Error(`the reference list has ${rows.length} rows, expected the report's 72`);
  const routes = splitRoutes(rows, 19, new Random(opts.seed, 'routes'));
  const works = new Map<string, Work>();
  const placement = new Map<string, string[]>();
  const placeRnd = new Random(opts.seed, 'placement');
  let handIndex = 0;
  const authorYear = (row: ReferenceRow): string => `${row.first_author}\u0000${yearOf(row.year)}`;
  const authorYearCounts = new Map<string, number>();
  for (const row of rows) authorYearCounts.set(authorYear(row), (authorYearCounts.get(authorYear(row)) ?? 0) + 1);
  for (const row of rows) {
    const route = routes.get(row.key) as 'databases' | 'hand';
    const work = referenceWork(row, route, (authorYearCounts.get(authorYear(row)) ?? 0) > 1);
    works.set(work.id, work);
    const topic = `${row.themes} ${row['5w_hints']} ${row.country_if_stated} ${work.journal ?? ''}`;
    placement.set(work.id, route === 'hand' ? handSourcesFor(row, handIndex++, placeRnd) : databasesFor(work, topic, placeRnd));
  }
  const simRnd = new Random(opts.seed, 'simulated');
  const english = TEMPLATES.map((t) => [t, t.weight] as const);
  let n = 0;
  for (; n < opts.simulated; n++) {
    const language = simRnd.weighted([['English', 88], ['Norwegian', 6], ['Swedish', 4], ['Danish', 2]] as const);
    const template = language === 'English' ? simRnd.weighted(english) : simRnd.weighted(NORDIC_TEMPLATES[language].map((t) => [t, t.weight] as const));
    const work = simulatedWork(n + 1, template, language, simRnd, 'databases');
    works.set(work.id, work);
    placement.set(work.id, databasesFor(work, work.title, placeRnd));
  }
  // A few near misses found by hand search (excluded at full text), none of them in the databases.
  const handTemplates: [Template, Work['language'], string][] = [
    [NORDIC_TEMPLATES.Norwegian[3] as Template, 'Norwegian', 'Websites of directorates municipalities and KORUS'],
    [NORDIC_TEMPLATES.Norwegian[3] as Template, 'Norwegian', 'Organisations'],
    [NORDIC_TEMPLATES.Norwegian[4] as Template, 'Norwegian', 'Google Scholar'],
    [NORDIC_TEMPLATES.Swedish[2] as Template, 'Swedish', 'Google Scholar'],
    [TEMPLATES[11] as Template, 'English', 'Citation searching'],
    [TEMPLATES[12] as Template, 'English', 'Citation searching'],
    [TEMPLATES[13] as Template, 'English', 'Websites of directorates municipalities and KORUS'],
    [TEMPLATES[15] as Template, 'English', 'Experts and dialogue with the field'],
  ];
  for (const [template, language, source] of handTemplates) {
    n++;
    const work = simulatedWork(n, template, language, simRnd, 'hand');
    works.set(work.id, work);
    placement.set(work.id, [source]);
  }

  // Copies per source, each with this database's quirks; file order shuffled as a search returns it.
  const varyRnd = new Random(opts.seed, 'variation');
  const ids = new Map<string, Identifiers>();
  [...works.keys()].forEach((id, i) => ids.set(id, { serial: i + 1 }));
  const perSource = new Map<string, Copy[]>();
  for (const [id, sources] of placement) {
    const work = works.get(id) as Work;
    for (const s of sources) {
      const list = perSource.get(s) ?? [];
      list.push({ work, titleCase: varyRnd.chance(s === 'Scopus' || s === 'Psychology and Behavioral Sciences Collection' ? 0.35 : 0.1) ? 'title-case' : 'as-is', withDoi: !varyRnd.chance(s === 'Sociology Source Ultimate' || s === 'Psychology and Behavioral Sciences Collection' ? 0.3 : 0.08) });
      perSource.set(s, list);
    }
  }
  const orderRnd = new Random(opts.seed, 'order');
  const ordered = (s: string): Copy[] => orderRnd.shuffle(perSource.get(s) ?? []);
  const files: ExportFile[] = [];
  const add = (source: string, path: string, expectedFormat: string, copies: Copy[], content: string): void => {
    files.push({ source, path, expectedFormat, content, works: copies.map((c) => c.work.id) });
  };
  const pubmed = ordered('PubMed');
  add('PubMed', 'exports/pubmed/pubmed-outreachyo-set.nbib', 'medline', pubmed, writeMedline(pubmed, ids));
  const psyc = ordered('Psychology and Behavioral Sciences Collection');
  add('Psychology and Behavioral Sciences Collection', 'exports/psychology-behavioral-sciences/pbh-export.ris', 'ris', psyc, writeEbsco(psyc, ids, { code: 'pbh', name: 'Psychology & Behavioral Sciences Collection', doiTag: 'DO' }));
  const embase = ordered('EMBASE');
  add('EMBASE', 'exports/embase/records.ris', 'ris', embase, writeEmbase(embase, ids, new Set(pubmed.map((c) => c.work.id))));
  // Scopus exports were split by publication year, as a team does to stay under an export limit.
  const scopus = ordered('Scopus');
  const scopusEarly = scopus.filter((c) => c.work.year <= 2018);
  const scopusLate = scopus.filter((c) => c.work.year > 2018);
  add('Scopus', 'exports/scopus/scopus-2010-2018.csv', 'scopus-csv', scopusEarly, writeScopus(scopusEarly, ids));
  add('Scopus', 'exports/scopus/scopus-2019-2025.csv', 'scopus-csv', scopusLate, writeScopus(scopusLate, ids));
  // Web of Science writes at most 500 records per plain-text file.
  const wos = ordered('Web of Science');
  for (let i = 0; i < wos.length; i += 500) {
    const part = wos.slice(i, i + 500);
    add('Web of Science', `exports/web-of-science/savedrecs${i === 0 ? '' : `(${i / 500})`}.txt`, 'wos-tagged', part, writeWos(part, ids));
  }
  const soc = ordered('Sociology Source Ultimate');
  add('Sociology Source Ultimate', 'exports/sociology-source-ultimate/sxi-export.ris', 'ris', soc, writeEbsco(soc, ids, { code: 'sxi', name: 'Sociology Source Ultimate', doiTag: 'L3' }));
  const oria = ordered('Oria');
  add('Oria', 'exports/oria/oria-export.ris', 'ris', oria, writePrimo(oria, ids, 'NO'));
  const swepub = ordered('Swepub');
  add('Swepub', 'exports/swepub/swepub-bibliometrics.csv', 'swepub-csv', swepub, writeSwepub(swepub, ids));
  const kb = ordered('Kgl. Bibliotek');
  add('Kgl. Bibliotek', 'exports/kgl-bibliotek/kb-export.ris', 'ris', kb, writePrimo(kb, ids, 'DK'));
  for (const h of HAND_SOURCES) {
    const copies = (perSource.get(h.name) ?? []).sort((a, b) => a.work.year - b.work.year || (a.work.id < b.work.id ? -1 : 1));
    add(h.name, h.file, 'generic-csv', copies, writeHandList(h, copies, ids));
  }
  return { works, references: new Map(rows.map((r) => [r.key, r])), files, config: reviewConfig(opts, files) };
}

function reviewConfig(opts: GenerateOptions, files: readonly ExportFile[]): ReviewConfig {
  const filesOf = (source: string): string[] => files.filter((f) => f.source === source).map((f) => f.path);
  const sources: Source[] = [
    ...DATABASES.map((d): Source => ({
      name: d.name, kind: 'database', platform: d.platform, searchDate: d.searchDate,
      query: d.syntax(QUERY_BLOCKS[d.name] ?? BLOCKS_EN), files: filesOf(d.name), note: QUERY_NOTE,
    })),
    ...HAND_SOURCES.map((h): Source => ({ name: h.name, kind: h.kind, searchDate: h.searchDate, files: filesOf(h.name), note: h.note })),
  ];
  const config = {
    $schema: '../../../schemas/review.schema.json',
    schemaVersion: CONFIG_SCHEMA_VERSION,
    title: 'Oppsøkende tjenester for barn og unge: en kunnskapsoppsummering (simulated replica of the NTNU WellFare / KORUS Oslo scoping review, 2026)',
    sources,
    screeners: [
      { id: 'KBA', name: 'Kristina Bakke Åkerblom' },
      { id: 'ON', name: 'Ottar Ness' },
      { id: 'SS', name: 'Solvor Solhaug' },
      { id: 'LEB', name: 'Lene Elisabeth Bertheussen' },
      { id: 'MRJ', name: 'Magnus Rom Jensen' },
      { id: 'DvH', name: 'Dina von Heimburg' },
    ],
    screening: {
      reviewsPerRecord: 2,
      seed: opts.seed,
      allocation: [
        { screener: 'KBA', share: 1 },
        { screener: 'ON', share: 0.5 },
        { pool: ['SS', 'LEB', 'MRJ', 'DvH'], share: 0.5 },
      ],
      stratifyBy: 'none',
      labels: ['include', 'exclude', 'maybe'],
      reasons: [],
    },
    exclusionReasons: opts.exclusionReasons,
    extraction: opts.codebook,
  };
  const parsed = ReviewConfigSchema.safeParse(config);
  if (!parsed.success) throw new Error(`the generated review.json does not match the schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return config as ReviewConfig;
}

// ------------------------------------------------------------------------------------------------
// Writing the example folder.

export function exampleDir(): string {
  return join(toolRoot(), 'data', 'examples', EXAMPLE);
}

/** The reference list: shared/data when this checkout sits beside it, else the copy already shipped. */
function referenceSource(): { csv: string; md: string | undefined; from: string } {
  const shared = resolve(toolRoot(), '..', 'shared', 'data');
  const shipped = join(exampleDir(), 'reference');
  for (const dir of [shared, shipped]) {
    const csv = join(dir, 'korus-included-sources.csv');
    if (existsSync(csv)) {
      const md = join(dir, 'korus-included-sources.md');
      return { csv: readFileSync(csv, 'utf8'), md: existsSync(md) ? readFileSync(md, 'utf8') : undefined, from: dir };
    }
  }
  throw new Error('reference/korus-included-sources.csv not found (neither ../shared/data nor the shipped example has it)');
}

const PROVENANCE = `# Provenance of the reference list

\`korus-included-sources.csv\` and \`korus-included-sources.md\` are verbatim copies of
\`shared/data/korus-included-sources.csv\` / \`.md\` of the project that built this tool.

They rebuild, from in-text citations, the 72 sources included by the scoping review
"Oppsøkende tjenester for barn og unge: en kunnskapsoppsummering" (NTNU WellFare / KORUS Oslo,
16 January 2026). The report's own list (Appendix 4) is not in its text, so the list is a
reconstruction: see the .md for the method, the uncertain rows and the look-ups behind titles and DOIs.
Titles, venues and DOIs are filled only where a page was seen; where a row has no title, the
example's exports say "[title not given in the report: …]" rather than inventing one.

\`review verify --reference reference/korus-included-sources.csv\` checks that a rebuilt project
includes every one of these sources.
`;

function writeFile(root: string, rel: string, content: string | Buffer): void {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export interface GenerateResult {
  dataset: Dataset;
  out: string;
}

export function generateExports(out: string, seed: string, simulated: number): GenerateResult {
  const protocolDir = join(exampleDir(), 'protocol');
  const reasonsFile = join(protocolDir, 'exclusion-reasons.json');
  const codebookFile = join(protocolDir, 'extraction-codebook.json');
  if (!existsSync(reasonsFile) || !existsSync(codebookFile)) throw new Error(`${protocolDir}: exclusion-reasons.json and extraction-codebook.json are needed`);
  const reference = referenceSource();
  const dataset = buildDataset({
    seed, simulated, referenceCsv: reference.csv,
    exclusionReasons: JSON.parse(readFileSync(reasonsFile, 'utf8')) as unknown,
    codebook: JSON.parse(readFileSync(codebookFile, 'utf8')) as unknown,
  });
  // Only the generated parts are replaced: README.md and protocol/ are written by people.
  for (const d of ['exports', 'decisions', 'stages', 'history']) rmSync(join(out, d), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFile(out, 'review.json', `${JSON.stringify(dataset.config, null, 2)}\n`);
  if (resolve(out) !== resolve(exampleDir()) && existsSync(protocolDir)) cpSync(protocolDir, join(out, 'protocol'), { recursive: true });
  if (resolve(reference.from) !== resolve(join(out, 'reference'))) {
    writeFile(out, 'reference/korus-included-sources.csv', reference.csv);
    if (reference.md !== undefined) writeFile(out, 'reference/korus-included-sources.md', reference.md);
  }
  writeFile(out, 'reference/PROVENANCE.md', PROVENANCE);
  for (const f of dataset.files) writeFile(out, f.path, f.content);
  return { dataset, out };
}

// ------------------------------------------------------------------------------------------------
// Decisions: the simulated team's returned sheets, made by running the stages on a temp copy.

/**
 * The streaming xlsx reader (src/sheets/xlsx.ts readWorkbook, exceljs WorkbookReader) now and then
 * reads a workbook without its sheet names and _meta (about 1 read in 100 under load: exceljs reads
 * xl/workbook.xml from a zip entry stream that has sometimes ended already). Reported; until it is
 * fixed the generator retries a failed simulation, which is deterministic, so the bytes are the same.
 */
class SheetReadError extends Error {}
const SIMULATION_ATTEMPTS = 4;

/**
 * Read a sheet the tool wrote with exceljs's in-memory reader, which always knows the sheet names
 * (the streaming reader sometimes does not, see above). Same shape as readWorkbook's result.
 */
async function readWholeWorkbook(bytes: Uint8Array): Promise<ReadWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheets: ReadWorkbook['sheets'] = [];
  const meta = new Map<string, string>();
  wb.eachSheet((ws) => {
    if (ws.name === '_lists') return;
    if (ws.name === META_SHEET) {
      ws.eachRow((row, n) => {
        if (n > 1) meta.set(cellText(row.getCell(1).value), cellText(row.getCell(2).value));
      });
      return;
    }
    const header: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
      header[col - 1] = cellText(cell.value).trim();
    });
    for (let i = 0; i < header.length; i++) header[i] ??= '';
    const rows: ReadWorkbook['sheets'][number]['rows'] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = new Map<string, string>();
      header.forEach((h, i) => {
        const text = cellText(row.getCell(i + 1).value);
        if (!values.has(h) || text !== '') values.set(h, text);
      });
      if ([...values.values()].some((v) => v !== '')) rows.push({ row: n, values });
    });
    sheets.push({ name: ws.name, header, rows });
  });
  return { sheets, meta };
}

/** Text of an exceljs cell value (the tool's own reader no longer uses exceljs). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** Rebuild a returned workbook from a sheet the tool wrote: same tabs, header, rows and _meta, some cells filled in. */
async function fillWorkbook(bytes: Uint8Array, tab: string, editable: readonly string[], fill: (values: ReadonlyMap<string, string>) => Record<string, string> | undefined): Promise<Buffer> {
  const book = await readWholeWorkbook(bytes);
  if (book.meta.size === 0 || !book.sheets.some((s) => s.name === tab)) throw new SheetReadError(`a sheet written by the tool read back without its "${tab}" tab or _meta`);
  const sheets: SheetSpec[] = book.sheets.map((sheet) => {
    if (sheet.name === 'Instructions') {
      const key = sheet.header[0] ?? '';
      return { name: sheet.name, columns: [], rows: [], textLines: [key, ...sheet.rows.map((r) => r.values.get(key) ?? '')] };
    }
    const filled = sheet.name === tab;
    return {
      name: sheet.name,
      columns: sheet.header.map((h) => ({ key: h, header: h, locked: !(filled && editable.includes(h)), wrap: h === 'title' || h === 'abstract' })),
      rows: sheet.rows.map((r) => ({ ...Object.fromEntries(r.values), ...(filled ? fill(r.values) : undefined) })),
      protect: true,
    };
  });
  return writeWorkbook({ sheets, meta: Object.fromEntries(book.meta) });
}

/** The simulation's ground truth for one unique record: which works its members are copies of. */
interface Truth {
  fate: Fate;
  work: Work;
}

function truthOfUnique(paths: ProjectPaths, dataset: Dataset): Map<string, Truth> {
  const byFile = new Map(dataset.files.map((f) => [f.path, f.works]));
  const seen = new Map<string, string>();
  const problems: string[] = [];
  const out = new Map<string, Truth>();
  for (const u of readArtifact(paths, ARTIFACTS.uniqueRecords)) {
    const workIds = [...new Set(u.members.map((m) => byFile.get(m.file)?.[m.index] ?? '?'))];
    const references = workIds.filter((id) => id.startsWith('ref:'));
    if (references.length > 1) problems.push(`dedupe merged two reference sources into ${u.id}: ${references.join(', ')}`);
    for (const id of references) {
      const earlier = seen.get(id);
      if (earlier) problems.push(`${id} is split over unique records ${earlier} and ${u.id} (dedupe missed a duplicate)`);
      seen.set(id, u.id);
    }
    // A reference absorbs whatever merged with it; otherwise the first member's work speaks.
    const work = dataset.works.get(references[0] ?? workIds[0] ?? '');
    if (!work) {
      problems.push(`${u.id}: no generated work behind its members`);
      continue;
    }
    const foundByHand = HAND_SOURCES.some((h) => h.name === u.firstSource);
    if ((work.route === 'hand') !== foundByHand) problems.push(`${work.id} was meant for the ${work.route} route but its first source is ${u.firstSource}`);
    out.set(u.id, { fate: work.fate, work });
  }
  for (const key of dataset.references.keys()) if (!seen.has(`ref:${key}`)) problems.push(`ref:${key} is in no unique record`);
  if (problems.length) throw new Error(`the simulated data does not survive dedupe as intended:\n  ${problems.join('\n  ')}`);
  return out;
}

type Vote = 'include' | 'exclude' | 'maybe';

/** How a simulated screener votes on a record, given what it really is. */
function vote(fate: Fate, carefulness: number, firstScreener: boolean, screenReasons: ReadonlySet<string>, r: Random): { decision: Vote; reason: string } {
  const slip = (1 - carefulness) * 2;
  // Every record has the first screener (share 1.0) as one of its two screeners, and she never
  // excludes a source the review includes: a partner's slip becomes a conflict the team resolves,
  // never an agreed exclusion (the report's 53 database sources all passed screening).
  const dist: readonly (readonly [Vote, number])[] =
    fate.kind === 'include' ? [['include', 0.9], ['maybe', 0.06 + slip / 2], ['exclude', firstScreener ? 0 : 0.02 + slip / 2]]
      : fate.kind === 'screen-out' ? [['exclude', 0.95], ['maybe', 0.03 + slip / 2], ['include', 0.01 + slip / 2]]
        : fate.kind === 'not-retrieved' ? [['include', 0.55], ['maybe', 0.35], ['exclude', 0.1]]
          : [['include', 0.4], ['maybe', 0.35], ['exclude', 0.25]];
  const decision = r.weighted(dist);
  if (decision !== 'exclude') return { decision, reason: '' };
  const own = (fate.kind === 'screen-out' || fate.kind === 'fulltext-out') && screenReasons.has(fate.reason) ? fate.reason : '';
  const reason = r.chance(carefulness) ? own : r.chance(0.5) ? r.pick(SCREEN_REASON_MIXUPS) : '';
  return { decision, reason };
}

/** Reasons screeners reach for when they are not precise (realistic disagreement on reasons). */
const SCREEN_REASON_MIXUPS = ['no-outreach-effort', 'wrong-population', 'outreach-only-mentioned', 'stationary-service'];

/** How careful each simulated screener is: probability of the "right" reason, and fewer slips. */
const FIRST_SCREENER = 'KBA';
const CAREFULNESS: Record<string, number> = { KBA: 0.92, ON: 0.85, SS: 0.8, LEB: 0.78, MRJ: 0.82, DvH: 0.75 };

async function simulateScreening(paths: ProjectPaths, truth: Map<string, Truth>, config: ReviewConfig, seed: string): Promise<void> {
  const screenReasons = new Set((config.exclusionReasons?.reasons ?? []).filter((x) => x.stages.includes('screen')).map((x) => x.id));
  const screenReason = (id: string): string => (screenReasons.has(id) ? id : '');
  await runScreenAssign(paths);
  const sheetsDir = paths.stageFile('screen', 'sheets');
  mkdirSync(join(paths.decisions, 'screen'), { recursive: true });
  for (const name of readdirSync(sheetsDir).filter((n) => n.endsWith('.xlsx')).sort()) {
    const screener = name.replace(/\.xlsx$/, '');
    const r = new Random(seed, `screen/${screener}`);
    const careful = CAREFULNESS[screener] ?? 0.8;
    const filled = await fillWorkbook(readFileSync(join(sheetsDir, name)), 'Screening', ['decision', 'reason', 'note'], (values) => {
      const t = truth.get(values.get('id') ?? '');
      if (!t) throw new Error(`screening sheet ${name}: record ${values.get('id')} has no ground truth`);
      const v = vote(t.fate, careful, screener === FIRST_SCREENER, screenReasons, r);
      const note = v.decision === 'maybe' ? r.pick(['unclear whether outreach', 'check age range', 'abstract too short to judge', 'outreach component?']) : '';
      return { decision: v.decision, reason: v.reason, note };
    });
    writeFileSync(join(paths.decisions, 'screen', name), filled);
  }
  await recollectAll(paths);
  await runScreenReconcile(paths);
  // The team's discussion of the conflicts (protocol §4.2): persistent doubt goes on to full text.
  const r = new Random(seed, 'screen/resolutions');
  const resolved = await fillWorkbook(readFileSync(paths.stageFile('screen', 'conflicts.xlsx')), 'Conflicts', ['resolution', 'reason', 'note'], (values) => {
    const t = truth.get(values.get('record_id') ?? '');
    if (!t) throw new Error(`conflicts sheet: record ${values.get('record_id')} has no ground truth`);
    switch (t.fate.kind) {
      case 'include': return r.chance(0.75) ? { resolution: 'include', reason: '', note: 'agreed after discussion' } : { resolution: 'full-text', reason: '', note: 'decide on the full text' };
      case 'screen-out': return { resolution: 'exclude', reason: screenReason(t.fate.reason), note: '' };
      case 'fulltext-out': return r.chance(0.2) ? { resolution: 'exclude', reason: screenReason(t.fate.reason), note: 'agreed after discussion' } : { resolution: 'full-text', reason: '', note: 'decide on the full text' };
      case 'not-retrieved': return { resolution: 'full-text', reason: '', note: 'decide on the full text' };
    }
  });
  mkdirSync(join(paths.decisions, 'screen-resolutions'), { recursive: true });
  writeFileSync(join(paths.decisions, 'screen-resolutions', 'conflicts-resolved.xlsx'), resolved);
  await runScreenReconcile(paths);
}

async function simulateFulltext(paths: ProjectPaths, truth: Map<string, Truth>, seed: string): Promise<void> {
  await runFulltextSheet(paths);
  const r = new Random(seed, 'fulltext');
  const filled = await fillWorkbook(readFileSync(paths.stageFile('fulltext', 'sheet.xlsx')), 'Full text', ['retrieved', 'decision', 'reason', 'assessor', 'note'], (values) => {
    const t = truth.get(values.get('id') ?? '');
    if (!t) throw new Error(`full-text sheet: record ${values.get('id')} has no ground truth`);
    const assessor = r.chance(0.7) ? 'KBA' : 'ON';
    switch (t.fate.kind) {
      case 'include': return { retrieved: 'yes', decision: 'include', reason: '', assessor, note: '' };
      case 'not-retrieved': return { retrieved: 'no', decision: 'exclude', reason: '', assessor, note: 'not available through the library or from the authors' };
      case 'screen-out':
      case 'fulltext-out': return { retrieved: 'yes', decision: 'exclude', reason: t.fate.reason, assessor, note: '' };
    }
  });
  mkdirSync(join(paths.decisions, 'fulltext'), { recursive: true });
  writeFileSync(join(paths.decisions, 'fulltext', 'fulltext-assessment.xlsx'), filled);
  await runFulltextCollect(paths);
}

// --- Extraction: the reference list's own hints mapped to the codebook; the rest simulated and said so.

const COUNTRY_CLUES: readonly (readonly [RegExp, string])[] = [
  [/\bNorw|Norge|norsk|Scandinavia\/Norway/i, 'Norway'], [/\bSwed|Göteborg|svensk/i, 'Sweden'], [/\bDanish|Denmark/i, 'Denmark'],
  [/\bFinland|Finnish/i, 'Finland'], [/\bCanada|Montreal|Toronto|Surrey/i, 'Canada'], [/\bUSA\b|Massachusetts|Appalachia/i, 'United States'],
  [/\bEngland|\bUK\b/i, 'United Kingdom'], [/Netherlands/i, 'Netherlands'], [/Hong Kong/i, 'Hong Kong'], [/South Africa|Durban/i, 'South Africa'],
];

const WHO_CLUES: readonly (readonly [RegExp, string])[] = [
  [/youth|young|children|adolescen|NEET|street/i, 'groups of children and young people'], [/guardian|parent|famil/i, 'guardians'],
  [/professional|social worker|police|policymaker|decision-maker/i, 'professionals'], [/services|municipal/i, 'services'], [/volunteer|NGO/i, 'volunteers'],
  [/peer|lived experience|user/i, 'user participants'], [/diverse|staff representativeness|reflecting background|immigrant background/i, 'staff with diverse backgrounds'],
];
const WHAT_CLUES: readonly (readonly [RegExp, string])[] = [
  [/program|service|team|outreach|street work|detached/i, 'types of outreach services'], [/activit|event|club|mentoring|outdoor/i, 'activities'],
  [/support|help|harm reduction|advocacy|mediation|linkage|bridge/i, 'forms of support'],
];
const WHEN_CLUES: readonly (readonly [RegExp, string])[] = [
  [/early|prevent/i, 'early intervention'], [/crisis|crises/i, 'crisis'], [/transition/i, 'transition phases'], [/long-term/i, 'long-term follow-up'],
];
const WHERE_CLUES: readonly (readonly [RegExp, string])[] = [
  [/street|public space|urban space|neighbourhood|gangland/i, 'street spaces'], [/school/i, 'schools'], [/digital|social media|SoMe|online|cyber/i, 'digital arenas'],
  [/home/i, 'home'], [/leisure|sport|club|park|cafe|librar|festival|shopping/i, 'leisure arenas'], [/urban|cit(y|ies)|Toronto|Montreal/i, 'urban areas'], [/rural/i, 'rural areas'],
];
const WHY_CLUES: readonly (readonly [RegExp, string])[] = [
  [/need|access|reach|gap/i, 'needs'], [/event|crisis/i, 'events'], [/prevent|problem|risk|crime|violence|homeless|drug/i, 'problem understandings'],
  [/polic|mandate|Act\b|national|political|funding|legal/i, 'political priorities'],
];
const VULNERABILITY_CLUES: readonly (readonly [RegExp, string])[] = [
  [/marginali/i, 'marginalisation'], [/poverty/i, 'poverty'], [/mental/i, 'mental ill-health'], [/substance|drug|alcohol/i, 'substance problems'],
  [/NEET|drop-?out/i, 'school drop-out'], [/crim|gang|radicali|extrem/i, 'crime'], [/homeless|street youth|living on the street/i, 'homelessness'],
  [/violence|exploit|abuse/i, 'violence or abuse'], [/immigrant|migration|refugee/i, 'migration or flight'], [/complex needs/i, 'complex needs'],
];

function clues(text: string, table: readonly (readonly [RegExp, string])[]): string[] {
  return [...new Set(table.filter(([re]) => re.test(text)).map(([, v]) => v))];
}

function extractionValues(row: ReferenceRow, work: Work, r: Random): Record<string, string> {
  const hints = row['5w_hints'];
  const all = `${row.themes} ${hints}`;
  const simulated: string[] = [];
  const orDefault = (field: string, found: string[], fallback: string): string => {
    if (found.length) return found.join('; ');
    simulated.push(field);
    return fallback;
  };
  const countryText = `${row.country_if_stated} ${row.title} ${row.venue} ${hints}`;
  let country = clues(countryText, COUNTRY_CLUES).join('; ');
  if (!country) {
    simulated.push('country');
    country = work.route === 'hand' ? 'Norway' : r.weighted([['Norway', 4], ['United Kingdom', 3], ['United States', 3], ['Canada', 2], ['Sweden', 2], ['Australia', 1], ['Denmark', 1], ['Netherlands', 1], ['Belgium', 1]] as const);
  }
  let form: string;
  if (work.type === 'chapter') form = 'peer-reviewed book or book chapter';
  else if (work.type === 'report') form = 'report';
  else if (work.journal || work.doi) form = 'peer-reviewed article';
  else {
    simulated.push('publication_form');
    form = work.route === 'hand' ? r.pick(['report', "master's thesis", 'peer-reviewed article']) : 'peer-reviewed article';
  }
  const designText = `${row.publication_type_if_stated} ${row.title} ${row.themes}`;
  let design = /review/i.test(designText) ? 'knowledge summary or review'
    : /\bRCT\b|test of|survey/i.test(designText) ? 'quantitative'
      : /evaluation|implementation|stakeholder/i.test(designText) ? 'evaluation'
        : /perspectives|experiences|case study|voices/i.test(designText) ? 'qualitative' : '';
  if (!design) {
    simulated.push('design');
    design = r.weighted([['qualitative', 5], ['mixed methods', 2], ['evaluation', 2], ['quantitative', 1]] as const);
  }
  const ages = /(\d{1,2})-(\d{2})/.exec(hints);
  const note = simulated.length
    ? `Simulated extraction. From the report's text: the 5W hints and themes of reference/korus-included-sources.csv. Not stated in the report, so simulated: ${simulated.join(', ')}.`
    : 'Simulated extraction from the report\'s text (the 5W hints and themes of reference/korus-included-sources.csv).';
  return {
    country,
    publication_channel: work.journal ?? work.bookTitle ?? work.publisher ?? '',
    publication_form: form,
    design,
    urban_rural: /rural/i.test(all) ? (/urban|cit(y|ies)/i.test(all) ? 'both' : 'rural') : /urban|cit(y|ies)/i.test(all) ? 'urban' : '',
    age_min: ages ? String(Number(ages[1])) : '',
    age_max: ages ? String(Number(ages[2])) : '',
    vulnerability: clues(all, VULNERABILITY_CLUES).join('; '),
    outreach_terms: [...new Set([/detached/i.test(all) ? 'detached youth work' : '', /street/i.test(all) ? 'street work' : '', /mobile|ambulant/i.test(all) ? 'mobile work' : '', 'outreach work'].filter(Boolean))].join('; '),
    cross_sectoral: /collaborat|coordination|multi-agency|network/i.test(all) ? 'yes' : '',
    who: orDefault('who', clues(hints || all, WHO_CLUES), 'groups of children and young people'),
    what: orDefault('what', clues(hints || all, WHAT_CLUES), 'types of outreach services'),
    when: clues(hints, WHEN_CLUES).join('; '),
    where: orDefault('where', clues(hints || all, WHERE_CLUES), 'street spaces'),
    why: orDefault('why', clues(hints || all, WHY_CLUES), 'needs'),
    pillars: [...new Set([/pillar 1|contact|identification/i.test(all) ? 'establish contact' : '', /pillar 2|social change|change process/i.test(all) ? 'initiate social change' : '', /pillar 3|social support|support/i.test(all) ? 'social support' : ''].filter(Boolean))].join('; '),
    core_characteristics: [...new Set([/relation/i.test(all) ? 'relationship-based' : '', /collaborat/i.test(all) ? 'collaboration-oriented' : '', /resource/i.test(all) ? 'resource-focused' : ''].filter(Boolean))].join('; '),
    extractor: 'KBA',
    note,
  };
}

async function simulateExtraction(paths: ProjectPaths, truth: Map<string, Truth>, dataset: Dataset, seed: string): Promise<void> {
  await runExtractSheet(paths);
  const r = new Random(seed, 'extract');
  const filled = await fillWorkbook(readFileSync(paths.stageFile('extract', 'sheet.xlsx')), 'Extraction', [], (values) => {
    const t = truth.get(values.get('id') ?? '');
    const row = t?.work.refKey ? dataset.references.get(t.work.refKey) : undefined;
    if (!t || !row) throw new Error(`extraction sheet: record ${values.get('id')} is not a reference source`);
    return extractionValues(row, t.work, r);
  });
  mkdirSync(join(paths.decisions, 'extract'), { recursive: true });
  writeFileSync(join(paths.decisions, 'extract', 'extraction-KBA.xlsx'), filled);
  await runExtractCollect(paths);
}

/**
 * The simulated team's decisions: run import → dedupe → screening → full text → extraction on a
 * temp copy, fill each sheet the tool hands out as the simulated people would, and keep only what
 * people return (decisions/). The shipped example has no stages/: `review run` rebuilds them.
 */
async function simulateDecisions(out: string, dataset: Dataset, seed: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await simulateDecisionsOnce(out, dataset, seed);
      return;
    } catch (error) {
      const flakyRead = error instanceof SheetReadError || /not a (screening|full-text|extraction) sheet|not a conflicts sheet|tab is missing/.test(`${(error as Error).message} ${((error as { details?: string[] }).details ?? []).join(' ')}`);
      if (!flakyRead || attempt >= SIMULATION_ATTEMPTS) throw error;
      process.stderr.write(`a workbook read back without its metadata (flaky xlsx reader); simulating again (attempt ${attempt + 1})\n`);
    }
  }
}

async function simulateDecisionsOnce(out: string, dataset: Dataset, seed: string): Promise<void> {
  const temp = mkdtempSync(join(tmpdir(), 'korus-example-'));
  try {
    cpSync(join(out, 'review.json'), join(temp, 'review.json'));
    cpSync(join(out, 'exports'), join(temp, 'exports'), { recursive: true });
    const paths = new ProjectPaths(temp);
    await runImport(paths, {});
    await runDedupe(paths);
    const truth = truthOfUnique(paths, dataset);
    await simulateScreening(paths, truth, dataset.config, seed);
    await simulateFulltext(paths, truth, seed);
    await simulateExtraction(paths, truth, dataset, seed);
    const decisions = readArtifact(paths, ARTIFACTS.fulltextDecisions).filter((d) => d.decision === 'include');
    const byArm = { databases: decisions.filter((d) => d.arm === 'databases').length, other: decisions.filter((d) => d.arm === 'other').length };
    if (decisions.length !== 72 || byArm.databases !== 53 || byArm.other !== 19) {
      throw new Error(`the simulated review includes ${decisions.length} (${byArm.databases} databases, ${byArm.other} other methods), not 72 (53 + 19)`);
    }
    cpSync(paths.decisions, join(out, 'decisions'), { recursive: true });
    process.stderr.write(`decisions/: screening, resolutions, full text and extraction written; ${decisions.length} included (${byArm.databases} databases, ${byArm.other} other methods)\n`);
  } finally {
    if (!process.env.KORUS_KEEP_TEMP) rmSync(temp, { recursive: true, force: true });
  }
}
// ------------------------------------------------------------------------------------------------

interface Cli {
  out: string;
  seed: string;
  simulated: number;
  exportsOnly: boolean;
}

function parseArgs(argv: readonly string[]): Cli {
  const cli: Cli = { out: exampleDir(), seed: DEFAULT_SEED, simulated: DEFAULT_SIMULATED, exportsOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') cli.out = resolve(value());
    else if (a === '--seed') cli.seed = value();
    else if (a === '--simulated') cli.simulated = Number(value());
    else if (a === '--exports-only') cli.exportsOnly = true;
    else throw new Error(`unknown option ${a} (options: --out <dir>, --seed <text>, --simulated <n>, --exports-only)`);
  }
  if (!Number.isInteger(cli.simulated) || cli.simulated < 0) throw new Error('--simulated takes a whole number ≥ 0');
  return cli;
}

export async function main(argv: readonly string[]): Promise<void> {
  const cli = parseArgs(argv);
  const started = Date.now();
  const { dataset } = generateExports(cli.out, cli.seed, cli.simulated);
  const records = dataset.files.reduce((s, f) => s + f.works.length, 0);
  process.stderr.write(`${cli.out}: review.json, reference/ and ${dataset.files.length} export files (${records} records) written\n`);
  if (!cli.exportsOnly) await simulateDecisions(cli.out, dataset, cli.seed);
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`make-korus-example: ${error instanceof Error ? error.message : String(error)}\n`);
    for (const d of (error as { details?: string[] }).details ?? []) process.stderr.write(`  ${d}\n`);
    process.exitCode = 1;
  });
}
