import type { Command } from 'commander';
import type { DedupeSummary } from '../stages/dedupe/index.js';
import { globals, printJson, projectPaths, say } from './context.js';
import { progressFor } from './progress.js';
import { count } from './plural.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/dedupe/index.js');

export function registerDedupe(program: Command): void {
  program
    .command('dedupe')
    .description('find and merge duplicate records; uncertain pairs go to stages/dedupe/review-pairs.xlsx')
    .addHelpText('after', `
Reads stages/import/records.jsonl and the review sheets returned in decisions/dedupe/*.xlsx, and
writes stages/dedupe/: unique.jsonl, duplicates.csv (one row per record), pairs.csv (every compared
pair and why), sources.csv + overlap.csv (per-database counts for PRISMA), review-pairs.xlsx,
field-decisions.csv (each source's fields: used as evidence or set aside, and why).
Decided pairs are applied on every later run; only undecided pairs stay in the review sheet.

Examples:
  $ review dedupe
  $ cp stages/dedupe/review-pairs.xlsx decisions/dedupe/pairs-2024-05-01.xlsx   # fill in, then:
  $ review dedupe --json | jq '{unique, duplicatesRemoved, reviewQueue}'
`)
    .action(async (_opts: unknown, cmd: Command) => {
      const { runDedupe } = await loadStage();
      const bar = progressFor(cmd, 'dedupe');
      let summary;
      try {
        summary = await runDedupe(projectPaths(cmd), { onProgress: bar.listener });
      } finally {
        bar.done();
      }
      if (globals(cmd).json) printJson(summary);
      say(cmd, formatSummary(summary));
    });
}

export function formatSummary(s: DedupeSummary): string {
  const lines = [`${count(s.records, 'record')} → ${s.unique} unique (${count(s.duplicatesRemoved, 'duplicate')} removed in ${count(s.clusters, 'cluster')}) → stages/dedupe/${s.changed.length ? '' : ' (unchanged)'}`];
  // Counts in one column, however long a source's name.
  const width = Math.max(0, ...s.sources.map((src) => src.source.length)) + 1;
  for (const src of s.sources) {
    lines.push(`  ${`${src.source}:`.padEnd(width)} ${count(src.records, 'record').padStart(13)}, ${src.duplicates_removed} removed (${src.within_source_duplicates} within the source), ${src.only_in_source} found only here`);
  }
  for (const d of s.fieldDecisions) lines.push(`  ${d.source}: ${d.field} ${d.reason}${d.decision === 'set aside' ? ': not used for matching' : ''}`);
  if (s.reviewQueue) lines.push(`${count(s.reviewQueue, 'uncertain pair')} to review: stages/dedupe/review-pairs.xlsx (fill in, save under decisions/dedupe/, run again)`);
  if (s.decisions.applied) lines.push(`${count(s.decisions.applied, 'reviewer decision')} applied from ${count(s.decisions.files.length, 'file')}`);
  for (const st of s.decisions.stale) lines.push(`  not applied: ${st.file} row ${st.row} (${st.a} / ${st.b}): ${st.reason}`);
  for (const p of s.decisions.problems) lines.push(`  ${p}`);
  for (const c of s.decisions.conflicts) lines.push(`  reviewer said different but other links joined: ${c}`);
  return lines.join('\n');
}
