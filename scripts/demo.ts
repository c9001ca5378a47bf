/**
 * `npm run demo`: rebuild the shipped korus-outreach example from its exports and decisions in a
 * temporary copy, then show what came out: the PRISMA-ScR counts, the 72 = 53 + 19 split, the
 * check against the report's reference list, and where the diagram and tables are.
 *
 *   npm run demo                 # builds first, then: node dist/scripts/demo.js
 *   node dist/scripts/demo.js --json
 *
 * It runs the real CLI (bin/review.js) as a user would: `review run`, then
 * `review verify --reference reference/korus-included-sources.csv`. Exit code 1 when any published
 * number is not reproduced or a PRISMA identity fails.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaFlowSchema, type PrismaArm, type PrismaFlow } from '../src/model/prisma.js';
import { toolRoot } from '../src/project/version.js';

/** The published totals of the report (protocol.md §7). */
export const PUBLISHED = { included: 72, databases: 53, other: 19 } as const;

interface VerifyJson {
  counts: { matched: number; missing: number; extra: number };
  matched: { key: string; how: string; route: string }[];
  missing: { key: string }[];
}

export interface DemoResult {
  project: string;
  seconds: number;
  flow: PrismaFlow;
  verify: VerifyJson;
  ok: boolean;
  problems: string[];
}

function review(project: string, args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const bin = join(toolRoot(), 'bin', 'review.js');
  const run = spawnSync(process.execPath, [bin, '-C', project, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status ?? 70, stdout: run.stdout, stderr: run.stderr };
}

/** Copy the example (inputs only: review.json, exports/, decisions/, reference/, protocol/) and rebuild it. */
export function runDemo(): DemoResult {
  const example = join(toolRoot(), 'data', 'examples', 'korus-outreach');
  const project = mkdtempSync(join(tmpdir(), 'korus-outreach-demo-'));
  cpSync(example, project, { recursive: true, filter: (src) => !/[\\/](stages|history)([\\/]|$)/.test(src.slice(example.length)) });
  const started = process.hrtime.bigint();
  const run = review(project, ['run']);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`review run failed (exit ${run.status}):\n${run.stderr}`);
  const flow = PrismaFlowSchema.parse(JSON.parse(readFileSync(join(project, 'stages', 'prisma', 'flow.json'), 'utf8')));
  const verified = review(project, ['verify', '--reference', join(project, 'reference', 'korus-included-sources.csv'), '--json']);
  if (verified.status !== 0 && verified.status !== 1) throw new Error(`review verify failed (exit ${verified.status}):\n${verified.stderr}`);
  const verify = JSON.parse(verified.stdout) as VerifyJson;
  const problems: string[] = [];
  const { included } = flow;
  if (included.studies !== PUBLISHED.included) problems.push(`${included.studies} included sources, the report has ${PUBLISHED.included}`);
  if (included.databases !== PUBLISHED.databases) problems.push(`${included.databases} via databases, the report has ${PUBLISHED.databases}`);
  if (included.other !== PUBLISHED.other) problems.push(`${included.other} via hand search, the report has ${PUBLISHED.other}`);
  for (const c of flow.checks.filter((x) => !x.ok)) problems.push(`PRISMA identity ${c.id} fails: ${c.identity} (${c.expected} ≠ ${c.actual})`);
  if (verify.counts.missing) problems.push(`review verify: ${verify.counts.missing} reference source(s) not found: ${verify.missing.map((m) => m.key).join(', ')}`);
  return { project, seconds, flow, verify, ok: problems.length === 0, problems };
}

function armLines(name: string, arm: PrismaArm): string[] {
  const n = (x: number | null): string => (x === null ? '–' : String(x));
  const lines = [`${name}`, `  identified                 ${arm.identified}`];
  for (const s of arm.identifiedBySource) lines.push(`    ${s.label.padEnd(48)} ${s.n}`);
  lines.push(
    `  duplicates removed         ${arm.duplicates}`,
    `  screened (title/abstract)  ${n(arm.screened)}`,
    `  excluded at screening      ${n(arm.excludedScreening)}`,
    `  sought for retrieval       ${arm.sought}`,
    `  not retrieved              ${arm.notRetrieved}`,
    `  assessed (full text)       ${arm.assessed}`,
    `  excluded with reasons      ${arm.excluded}`,
  );
  for (const r of arm.excludedByReason.filter((x) => x.n > 0).sort((a, b) => b.n - a.n)) lines.push(`    ${r.label.slice(0, 60).padEnd(60)} ${r.n}`);
  lines.push(`  included                   ${arm.included}`);
  return lines;
}

export function describe(result: DemoResult): string {
  const { flow, verify } = result;
  const how = ['doi', 'title', 'author-year'].map((h) => `${verify.matched.filter((m) => m.how === h).length} by ${h}`).join(', ');
  const passed = flow.checks.filter((c) => c.ok).length;
  const stage = (...p: string[]): string => join(result.project, 'stages', ...p);
  return [
    'korus-outreach: a SIMULATED replica of the NTNU WellFare / KORUS Oslo scoping review (see data/examples/korus-outreach/README.md)',
    `rebuilt from exports/ and decisions/ with \`review run\` in ${result.seconds.toFixed(1)} s, in ${result.project}`,
    '',
    'PRISMA-ScR flow',
    ...armLines('Databases', flow.databases),
    ...armLines('Other methods (hand search)', flow.other),
    '',
    `Included sources: ${flow.included.studies} = ${flow.included.databases} via databases + ${flow.included.other} via hand search (the report: ${PUBLISHED.included} = ${PUBLISHED.databases} + ${PUBLISHED.other})`,
    `PRISMA identities: ${passed} of ${flow.checks.length} hold`,
    `review verify --reference reference/korus-included-sources.csv: ${verify.counts.matched} of ${PUBLISHED.included} reference sources found (${how}), ${verify.counts.missing} missing, ${verify.counts.extra} extra`,
    '',
    'Where to look',
    `  PRISMA diagram       ${stage('prisma', 'flow.svg')}  (also flow.md, flow.csv in the PRISMA2020 layout)`,
    `  report               ${stage('report', 'report.md')}`,
    `  included sources     ${stage('report', 'included-sources.xlsx')}  (.csv, .md)`,
    `  countries chart      ${stage('report', 'countries.svg')}`,
    `  5W summaries         ${stage('report', '5w')}${'/'}`,
    `  extraction           ${stage('extract', 'extraction.csv')}`,
    '',
    result.ok ? 'OK: every published number is reproduced.' : `NOT OK:\n  ${result.problems.join('\n  ')}`,
  ].join('\n');
}

function main(argv: readonly string[]): number {
  const result = runDemo();
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ project: result.project, seconds: result.seconds, included: result.flow.included, checks: result.flow.checks.length, failedChecks: result.flow.checks.filter((c) => !c.ok).map((c) => c.id), verify: result.verify.counts, ok: result.ok, problems: result.problems }, null, 2)}\n`);
  } else {
    process.stdout.write(`${describe(result)}\n`);
  }
  return result.ok ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
