import type { Command } from 'commander';
import { globals, printJson, projectPaths, say } from './context.js';
import { count } from './plural.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/extract/index.js');

export function registerExtract(program: Command): void {
  const extract = program
    .command('extract')
    .description('data extraction with the review.json codebook (5W): sheet out, extraction in, summaries')
    .addHelpText('after', `
The codebook is extraction in review.json; returned sheets are kept in decisions/extract/.

Examples:
  $ review extract sheet                           # stages/extract/sheet.xlsx (or one per extractor)
  $ review extract collect ~/Downloads/sheet.xlsx  # validate every cell against the codebook
  $ review extract summary                         # tables, cross-tabulations and the country chart
`);
  extract
    .command('sheet')
    .description('write stages/extract/sheet.xlsx (or sheets/<extractor>.xlsx): one row per included source')
    .addHelpText('after', `
Examples:
  $ review extract sheet
`)
    .action(async (_opts: unknown, cmd: Command) => {
      const { runExtractSheet } = await loadStage();
      const result = await runExtractSheet(projectPaths(cmd));
      if (globals(cmd).json) printJson(result);
      say(cmd, `${count(result.sources, 'included source')}, codebook version ${result.codebookVersion}`);
      for (const s of result.sheets) say(cmd, `  wrote ${s}`);
    });
  extract
    .command('collect')
    .argument('[files...]', 'returned extraction sheets (.xlsx); none = rebuild from decisions/extract/')
    .description('copy returned sheets into decisions/extract/, validate every cell against the codebook, write extraction.jsonl and .csv')
    .addHelpText('after', `
Examples:
  $ review extract collect ~/Downloads/sheet.xlsx
  $ review extract collect            # rebuild from decisions/extract/
`)
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      const { runExtractCollect } = await loadStage();
      const result = await runExtractCollect(projectPaths(cmd), files);
      if (globals(cmd).json) printJson(result);
      for (const c of result.collected) say(cmd, `collected ${c}`);
      say(cmd, `${count(result.sources, 'included source')}: ${result.extracted} extracted, ${result.discrepant} with discrepancies${result.discrepancies ? ` (${count(result.discrepancies, 'field')}, stages/extract/discrepancies.csv)` : ''}, ${result.pending.length} pending`);
    });
  extract
    .command('summary')
    .description('counts and cross-tabulations (5W, country, publication form, design, route) as CSV and Markdown, and a country bar chart (SVG)')
    .addHelpText('after', `
Examples:
  $ review extract summary
`)
    .action(async (_opts: unknown, cmd: Command) => {
      const { runExtractSummary } = await loadStage();
      const result = await runExtractSummary(projectPaths(cmd));
      if (globals(cmd).json) printJson(result);
      say(cmd, `${count(result.sources, 'extracted source')} summarised`);
      for (const o of result.outputs) say(cmd, `  wrote ${o}`);
    });
}
