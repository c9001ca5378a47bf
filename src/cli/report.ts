import type { Command } from 'commander';
import { globals, printJson, projectPaths, say } from './context.js';
import { count } from './plural.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/report/index.js');

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('included-sources table (CSV, Markdown, xlsx), route split, country chart and 5W summaries in stages/report/')
    .addHelpText('after', `
Reads stages/prisma/record-states.csv (the included sources: PRISMA's "included" box; run
\`review prisma\` first), stages/fulltext/decisions.csv and stages/dedupe/unique.jsonl (their
records) and, when present, stages/extract/extraction.jsonl (country, publication form),
stages/extract/summary/ (5W summaries) and stages/prisma/flow.svg.

Examples:
  $ review report
  $ review report --json | jq .byRoute
`)
    .action(async (_opts: unknown, cmd: Command) => {
      const { runReport } = await loadStage();
      const summary = await runReport(projectPaths(cmd));
      if (globals(cmd).json) printJson(summary);
      say(cmd, `${count(summary.included, 'included source')} (${summary.byRoute.databases} via databases, ${summary.byRoute['hand search']} by hand search), ${count(summary.countries, 'country', 'countries')}${summary.extracted ? '' : ' (no extraction yet: country empty)'}`);
      say(cmd, `→ stages/report/ (${count(summary.outputs.length, 'file')}${summary.changed.length ? '' : ', unchanged'})`);
    });
}
