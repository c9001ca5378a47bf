import type { Command } from 'commander';
import { globals, printJson, projectPaths, say } from './context.js';
import { count } from './plural.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/fulltext/index.js');

export function registerFulltext(program: Command): void {
  const fulltext = program
    .command('fulltext')
    .description('full-text assessment: a sheet out, decisions with controlled exclusion reasons in')
    .addHelpText('after', `
Exclusion reasons come from exclusionReasons in review.json; returned sheets are kept in decisions/fulltext/.

Examples:
  $ review fulltext sheet                          # stages/fulltext/sheet.xlsx (or one per assessor)
  $ review fulltext collect ~/Downloads/sheet.xlsx # validate and store the decisions
  $ review fulltext collect                        # rebuild decisions.csv from decisions/fulltext/
`);
  fulltext
    .command('sheet')
    .description('write stages/fulltext/sheet.xlsx (or sheets/<assessor>.xlsx) for every record forwarded by screening plus every hand-search record')
    .addHelpText('after', `
Examples:
  $ review fulltext sheet
  $ review -C my-review fulltext sheet --json
`)
    .action(async (_opts: unknown, cmd: Command) => {
      const { runFulltextSheet } = await loadStage();
      const result = await runFulltextSheet(projectPaths(cmd));
      if (globals(cmd).json) printJson(result);
      say(cmd, `${count(result.records, 'record')} at full text (${result.fromScreening} forwarded by screening, ${result.fromOtherMethods} from other methods)`);
      for (const s of result.sheets) say(cmd, `  wrote ${s}`);
    });
  fulltext
    .command('collect')
    .argument('[files...]', 'returned full-text sheets (.xlsx); none = rebuild from decisions/fulltext/')
    .description('copy returned sheets into decisions/fulltext/, validate them, and write stages/fulltext/decisions.csv')
    .addHelpText('after', `
Examples:
  $ review fulltext collect ~/Downloads/sheet.xlsx
  $ review fulltext collect            # rebuild decisions.csv from decisions/fulltext/
`)
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      const { runFulltextCollect } = await loadStage();
      const result = await runFulltextCollect(projectPaths(cmd), files);
      if (globals(cmd).json) printJson(result);
      for (const c of result.collected) say(cmd, `collected ${c}`);
      say(cmd, `${count(result.records, 'record')}: ${result.included} included, ${result.excluded} excluded with reasons, ${result.notRetrieved} not retrieved, ${result.pending.length} pending${result.conflicts ? `, ${count(result.conflicts, 'conflict')} (stages/fulltext/conflicts.csv)` : ''}`);
      for (const [reason, n] of Object.entries(result.byReason)) if (n > 0) say(cmd, `  ${String(n).padStart(4)}  ${reason}`);
      if (result.pending.length) say(cmd, `pending: ${result.pending.slice(0, 20).join(', ')}${result.pending.length > 20 ? ', …' : ''}`);
    });
}
