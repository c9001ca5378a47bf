/**
 * The large review of issue #16, end to end: 100,000 RIS records and 50,000 MEDLINE records of which
 * 20,000 are the same works as RIS records (about 130,000 unique), built from the real RIS and MEDLINE
 * fixtures (../shared/fixtures/exports). Each repeat of a fixture record is varied deterministically
 * (seeded xoshiro128**): title and abstract words replaced, authors' family names swapped, year, pages
 * and DOI changed, so every copy is a work of its own and dedupe has real candidate pairs to decide.
 * The 20,000 shared works are written in MEDLINE format from the RIS records' fields, with the
 * differences two databases show (title case, a DOI one database lacks, abbreviated journal).
 *
 * Every step runs as the built CLI in a child process under /usr/bin/time (wall time, peak RSS):
 * import RIS, import MEDLINE, dedupe, screen assign (one screener, one 130k-row sheet), screen collect
 * of that sheet returned filled in (written here with decisions for every record but 1 in 100),
 * run (the stages after collect, and the sheet re-issued pre-filled; up-to-date stages are skipped), run --check, status. Prints one table (medians over --runs=N fresh projects).
 *
 *   npm run build && npm run bench:large                  # 150,000 records
 *   npm run bench:large -- --scale=0.2 --runs=3           # 30,000 records, medians of three
 *   npm run bench:large -- --keep                         # keep the project (its path is printed)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeBytes } from '../src/formats/decode.js';
import { loadConfig } from '../src/project/config.js';
import { ProjectPaths } from '../src/project/paths.js';
import { toolRoot } from '../src/project/version.js';
import { writeWorkbook } from '../src/sheets/xlsx.js';
import { readAssignments } from '../src/stages/screen/assignments.js';
import { resolvePlan } from '../src/stages/screen/plan.js';
import { Prng } from '../src/stages/screen/prng.js';
import { loadUniqueRecords } from '../src/stages/screen/records.js';
import { screeningWorkbook } from '../src/stages/screen/sheet.js';
import type { ScreenVote } from '../src/model/screen.js';
import { timedCli, type TimedRun } from './dedupe.js';

const ROOT = toolRoot();
const EXPORTS = resolve(ROOT, '..', 'shared', 'fixtures', 'exports');
const BIN = join(ROOT, 'bin', 'review.js');
const SEED = 'bench-large';

/** One tagged line and its continuation lines, as in the export. */
interface Entry { tag: string; value: string }
type Block = Entry[];

// ---------------------------------------------------------------- reading the fixtures

const RIS_TAG = /^([A-Z][A-Z0-9])  -(?: (.*))?$/;
const MEDLINE_TAG = /^([A-Z][A-Z0-9]{1,3}) *- (.*)$/;

function fixtureText(file: string): string {
  return decodeBytes(readFileSync(file)).text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** RIS records: from a tagged line to "ER  -"; untagged lines continue the previous entry. */
function risBlocks(text: string): Block[] {
  const out: Block[] = [];
  let block: Block = [];
  for (const line of text.split('\n')) {
    const m = RIS_TAG.exec(line);
    if (m) {
      if (m[1] === 'ER') { if (block.some((e) => e.tag === 'TY')) out.push(block); block = []; continue; }
      block.push({ tag: m[1]!, value: (m[2] ?? '').trimEnd() });
    } else if (line.trim() && block.length) {
      block[block.length - 1]!.value += ` ${line.trim()}`;
    }
  }
  return out;
}

/** MEDLINE records: separated by blank lines, each starting with PMID; six-space lines continue an entry. */
function medlineBlocks(text: string): Block[] {
  const out: Block[] = [];
  let block: Block = [];
  const flush = (): void => { if (block.some((e) => e.tag === 'PMID') && block.some((e) => e.tag === 'TI')) out.push(block); block = []; };
  for (const line of text.split('\n')) {
    if (!line.trim()) { flush(); continue; }
    const m = MEDLINE_TAG.exec(line);
    if (m && !line.startsWith(' ')) {
      if (m[1] === 'PMID' && block.length) flush();
      block.push({ tag: m[1]!, value: m[2]!.trimEnd() });
    } else if (block.length) {
      block[block.length - 1]!.value += ` ${line.trim()}`;
    }
  }
  flush();
  return out;
}

function fixtureBlocks(dir: string, read: (text: string) => Block[]): Block[] {
  const out: Block[] = [];
  for (const name of readdirSync(join(EXPORTS, dir)).sort()) {
    for (const b of read(fixtureText(join(EXPORTS, dir, name)))) out.push(b);
  }
  return out;
}

// ---------------------------------------------------------------- varying a record

interface Vocabulary { words: string[]; families: string[] }

function vocabulary(blocks: readonly Block[]): Vocabulary {
  const words = new Set<string>();
  const families = new Set<string>();
  for (const b of blocks) {
    for (const e of b) {
      if (e.tag === 'TI' || e.tag === 'T1') for (const w of e.value.split(/\s+/)) if (/^[A-Za-z]{4,}$/.test(w)) words.add(w.toLowerCase());
      if (e.tag === 'AU' || e.tag === 'A1' || e.tag === 'FAU') { const f = e.value.split(',')[0]!.trim(); if (/^[A-Za-z][A-Za-z' -]{1,30}$/.test(f)) families.add(f); }
    }
  }
  return { words: [...words].sort(), families: [...families].sort() };
}

/** Replace about a third of the words (at least two) with vocabulary words. */
function replaceWords(text: string, rng: Prng, vocab: Vocabulary, share: number, limit = Infinity): string {
  const words = text.split(' ');
  const span = Math.min(words.length, limit);
  const count = Math.max(2, Math.round(span * share));
  for (let k = 0; k < count && span > 0; k++) words[rng.int(span)] = vocab.words[rng.int(vocab.words.length)]!;
  return words.join(' ');
}

/** A work of its own from a fixture record: copy `v` (0 = the fixture record unchanged). */
function vary(block: Block, v: number, rng: Prng, vocab: Vocabulary, medline: boolean): Block {
  if (v === 0) return block;
  const yearShift = 1 + rng.int(6);
  const pageShift = 17 * v + rng.int(10);
  const familyMap = new Map<string, string>();
  const family = (name: string): string => {
    let f = familyMap.get(name);
    if (!f) { f = vocab.families[rng.int(vocab.families.length)]!; familyMap.set(name, f); }
    return f;
  };
  const shiftPages = (value: string): string => value.replace(/^\d+/, (p) => String(Number(p) + pageShift)).replace(/-(\d+)$/, (_, p: string) => `-${Number(p) + pageShift}`);
  return block.map((e) => {
    let value = e.value;
    switch (e.tag) {
      case 'TI': case 'T1': value = replaceWords(value, rng, vocab, 0.35); break;
      case 'AB': case 'N2': value = replaceWords(value, rng, vocab, 0.1, 80); break;
      case 'AU': case 'A1': case 'FAU': value = value.replace(/^[^,]+/, (f) => family(f.trim())); break;
      case 'PY': case 'Y1': case 'DA': case 'DP': value = value.replace(/\b(19|20)\d\d\b/, (y) => String(Number(y) - yearShift)); break;
      case 'SP': case 'EP': case 'PG': value = shiftPages(value); break;
      case 'DO': value = `${value}.v${v}`; break;
      case 'LID': case 'AID': value = value.replace(/^(\S+)( \[doi\])/, `$1.v${v}$2`); break;
      case 'PMID': value = String(Number(value) + 1e8 * v); break;
      default: break;
    }
    // MEDLINE's AU ("Family GI") follows FAU's change of family name.
    if (medline && e.tag === 'AU') value = value.replace(/^(\S+)/, (f) => family(f));
    return { tag: e.tag, value };
  });
}

// ---------------------------------------------------------------- writing

function risText(block: Block): string {
  return `${block.map((e) => `${e.tag}  - ${e.value}`).join('\n')}\nER  - \n`;
}

function medlineText(block: Block): string {
  return `${block.map((e) => `${e.tag.padEnd(4)}- ${e.value}`).join('\n')}\n`;
}

const first = (b: Block, ...tags: string[]): string | undefined => { for (const t of tags) { const e = b.find((x) => x.tag === t); if (e?.value) return e.value; } return undefined; };

/** The same work as a PubMed record: MEDLINE tags from the RIS fields, as a second database shows it. */
function asMedline(ris: Block, pmid: number, rng: Prng): Block {
  const out: Block = [{ tag: 'PMID', value: String(pmid) }];
  const year = /\b(19|20)\d\d\b/.exec(first(ris, 'PY', 'Y1', 'DA') ?? '')?.[0];
  const volume = first(ris, 'VL');
  const issue = first(ris, 'IS');
  const title = first(ris, 'TI', 'T1');
  const journal = first(ris, 'JO', 'JF', 'T2', 'JA');
  if (volume) out.push({ tag: 'VI', value: volume });
  if (issue) out.push({ tag: 'IP', value: issue });
  if (year) out.push({ tag: 'DP', value: year });
  if (title) out.push({ tag: 'TI', value: rng.int(4) === 0 ? title.toUpperCase() : title.endsWith('.') ? title : `${title}.` });
  const sp = first(ris, 'SP');
  const ep = first(ris, 'EP');
  if (sp) out.push({ tag: 'PG', value: ep ? `${sp}-${ep}` : sp });
  const doi = first(ris, 'DO');
  if (doi && rng.int(10) >= 3) out.push({ tag: 'LID', value: `${doi} [doi]` });
  const abstract = first(ris, 'AB', 'N2');
  if (abstract) out.push({ tag: 'AB', value: abstract });
  for (const e of ris) {
    if (e.tag !== 'AU' && e.tag !== 'A1') continue;
    const [family, given = ''] = e.value.split(/,\s*/);
    out.push({ tag: 'FAU', value: given ? `${family}, ${given}` : family! });
    out.push({ tag: 'AU', value: `${family} ${given.split(/[\s.-]+/).filter(Boolean).map((g) => g[0]!.toUpperCase()).join('')}`.trim() });
  }
  out.push({ tag: 'PT', value: 'Journal Article' });
  if (journal) out.push({ tag: 'JT', value: journal });
  if (journal) out.push({ tag: 'TA', value: journal.split(/\s+/).filter((w) => !/^(of|the|and|&|in|for)$/i.test(w)).map((w) => (w.length > 5 ? w.slice(0, 4) : w)).join(' ') });
  return out;
}

export interface LargeFiles { ris: string; medline: string; risRecords: number; medlineRecords: number; shared: number }

/** Write the two exports into `dir`: `scale` 1 = 100,000 RIS + 50,000 MEDLINE records, 20,000 of them shared. */
export function buildLargeExports(dir: string, scale: number): LargeFiles {
  const risPool = fixtureBlocks('ris', risBlocks);
  const medPool = fixtureBlocks('medline', medlineBlocks);
  const vocab = vocabulary([...risPool, ...medPool]);
  const risCount = Math.round(100_000 * scale);
  const medCount = Math.round(50_000 * scale);
  const sharedCount = Math.round(20_000 * scale);
  // The shared works are the last RIS records: their MEDLINE versions are interleaved with MEDLINE's own.
  const sharedFrom = risCount - sharedCount;
  const risParts: string[] = [];
  const sharedRis: Block[] = [];
  for (let i = 0; i < risCount; i++) {
    const rng = new Prng(`${SEED}:ris:${i}`);
    const block = vary(risPool[i % risPool.length]!, Math.floor(i / risPool.length), rng, vocab, false);
    risParts.push(risText(block));
    if (i >= sharedFrom) sharedRis.push(block);
  }
  const risFile = join(dir, 'scopus-large.ris');
  writeFileSync(risFile, risParts.join('\n'));
  risParts.length = 0;
  const medParts: string[] = [];
  let own = 0;
  let shared = 0;
  for (let k = 0; k < medCount; k++) {
    const rng = new Prng(`${SEED}:medline:${k}`);
    // Two in five MEDLINE records are shared works, spread through the file.
    if (shared < sharedRis.length && (k % 5 < 2 || medCount - k <= sharedRis.length - shared)) {
      medParts.push(medlineText(asMedline(sharedRis[shared]!, 90_000_000 + shared, rng)));
      shared++;
    } else {
      medParts.push(medlineText(vary(medPool[own % medPool.length]!, Math.floor(own / medPool.length), rng, vocab, true)));
      own++;
    }
  }
  const medFile = join(dir, 'pubmed-large.nbib');
  writeFileSync(medFile, medParts.join('\n'));
  return { ris: risFile, medline: medFile, risRecords: risCount, medlineRecords: medCount, shared };
}

// ---------------------------------------------------------------- the returned sheet

/** The screener's sheet as returned: a decision on every record but one in a hundred (left open), reasons on some excludes. */
async function fillSheet(project: string, out: string): Promise<number> {
  const paths = new ProjectPaths(project);
  const config = loadConfig(paths);
  const plan = resolvePlan(config);
  const assignments = readAssignments(paths, true);
  const info = JSON.parse(readFileSync(paths.stageFile('screen', 'assignment.json'), 'utf8')) as { currentHash: string; batches: { batch: number }[] };
  const screener = plan.screeners[0]!;
  const byId = new Map(loadUniqueRecords(paths).map((r) => [r.id, r]));
  const records = assignments.filter((a) => a.screener === screener.id && byId.has(a.record_id)).map((a) => byId.get(a.record_id)!);
  const rng = new Prng(`${SEED}:votes`);
  const votes = new Map<string, Pick<ScreenVote, 'decision' | 'reason' | 'note'>>();
  for (const r of records) {
    if (rng.int(100) === 0) continue;
    const decision = plan.labels[rng.int(plan.labels.length)]! as ScreenVote['decision'];
    const reason = decision === 'exclude' && plan.reasons.length && rng.int(2) ? plan.reasons[rng.int(plan.reasons.length)]! : '';
    votes.set(r.id, { decision, reason, note: rng.int(50) === 0 ? 'checked with the full text' : '' });
  }
  const batch = info.batches.at(-1)?.batch ?? 1;
  writeFileSync(out, await writeWorkbook(screeningWorkbook({ plan, screener, assignmentHash: info.currentHash, batch, records, votes })));
  return records.length;
}

// ---------------------------------------------------------------- running

const STEPS = ['import RIS', 'import MEDLINE', 'dedupe', 'screen assign', 'screen collect', 'run', 'run --check', 'status'] as const;
type Step = (typeof STEPS)[number];

/** Every step must exit 0: run --check too, which passes while the full-text sheet is out and nothing returned (it says it waits). */
function must(step: string, r: TimedRun): TimedRun {
  if (r.code !== 0) throw new Error(`${step} failed (exit ${r.code}):\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  return r;
}

async function runOnce(dir: string, files: LargeFiles): Promise<{ times: Map<Step, TimedRun>; facts: string[] }> {
  const project = join(dir, `p-${Date.now()}`);
  must('init', timedCli(['init', project, '-q']));
  const configFile = join(project, 'review.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  config.screeners = [{ id: 'KBA', name: 'K. B. A.' }];
  config.screening = { reviewsPerRecord: 1, seed: SEED, allocation: [{ screener: 'KBA', share: 1 }], reasons: ['wrong-population', 'wrong-concept', 'wrong-context'] };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const times = new Map<Step, TimedRun>();
  const cli = (step: Step, args: string[]): TimedRun => {
    process.stderr.write(`  ${step} …`);
    const r = must(step, timedCli(['-C', project, '-q', ...args]));
    process.stderr.write(` ${r.wall.toFixed(1)} s, ${r.rssMb.toFixed(0)} MB\n`);
    times.set(step, r);
    return r;
  };
  cli('import RIS', ['import', files.ris, '--source', 'Scopus', '--kind', 'database']);
  cli('import MEDLINE', ['import', files.medline, '--source', 'PubMed', '--kind', 'database']);
  const dedupe = JSON.parse(cli('dedupe', ['--json', 'dedupe']).stdout) as { records: number; unique: number; candidatePairs: number; reviewQueue: number };
  cli('screen assign', ['screen', 'assign']);
  const sheet = join(dir, 'KBA-returned.xlsx');
  const rows = await fillSheet(project, sheet);
  cli('screen collect', ['screen', 'collect', sheet]);
  // `review run` brings every stage to what a rebuild makes (reconcile, the re-issued sheet pre-filled), so --check passes.
  // As a user runs it: stages that are up to date (import and dedupe, nothing they read changed) are left as they are.
  const run = JSON.parse(cli('run', ['--json', 'run']).stdout) as { upToDate?: string[] };
  cli('run --check', ['run', '--check']);
  cli('status', ['status']);
  const facts = [`records ${dedupe.records}, unique ${dedupe.unique}, candidate pairs ${dedupe.candidatePairs}, review queue ${dedupe.reviewQueue}; returned sheet ${rows} rows; run left up to date: ${run.upToDate?.join(', ') || 'no stage'} (run --check rebuilds every stage)`];
  if (!process.argv.includes('--keep')) rmSync(project, { recursive: true, force: true });
  else facts.push(`project kept: ${project}`);
  return { times, facts };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: number): number => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const scale = arg('scale', 1);
  const runs = Math.max(1, arg('runs', 1));
  const dir = mkdtempSync(join(tmpdir(), 'review-bench-large-'));
  try {
    const files = buildLargeExports(dir, scale);
    process.stderr.write(`exports: ${files.risRecords} RIS + ${files.medlineRecords} MEDLINE records (${files.shared} shared works) in ${dir}\n`);
    const all: Map<Step, TimedRun>[] = [];
    const facts: string[] = [];
    const loads: string[] = [];
    for (let k = 0; k < runs; k++) {
      process.stderr.write(`run ${k + 1} of ${runs}\n`);
      const l0 = loadavg();
      const r = await runOnce(dir, files);
      const l1 = loadavg();
      all.push(r.times);
      facts.push(...r.facts);
      loads.push(`run ${k + 1}: load ${l0.map((x) => x.toFixed(2)).join(' ')} → ${l1.map((x) => x.toFixed(2)).join(' ')}`);
    }
    const header = `step              wall s (median of ${runs})  cpu s  peak RSS MB`;
    process.stdout.write(`${header}\n${'-'.repeat(header.length)}\n`);
    for (const step of STEPS) {
      const w = median(all.map((t) => t.get(step)!.wall));
      const c = median(all.map((t) => t.get(step)!.cpu));
      const m = Math.max(...all.map((t) => t.get(step)!.rssMb));
      process.stdout.write(`${step.padEnd(18)}${w.toFixed(1).padStart(22)}  ${c.toFixed(1).padStart(5)}  ${m.toFixed(0).padStart(11)}\n`);
    }
    process.stdout.write(`peak RSS: the highest of the runs. ${[...new Set(facts)].join('; ')}\n${loads.join('\n')}\n`);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('large.js')) await main();
