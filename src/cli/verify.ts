import type { Command } from 'commander';
import { UserError } from '../project/errors.js';
import { DEFAULT_MIN_SIMILARITY } from '../stages/verify/match.js';
import { globals, printJson, projectPaths, say } from './context.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/verify/index.js');

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('match the included sources to a reference list (first author, year, title, DOI): matched, missing, extra')
    .requiredOption('--reference <csv>', 'CSV with columns first_author, year and optionally key, title, doi')
    .option('--min-similarity <x>', 'smallest title similarity (0–1) that counts as a match', String(DEFAULT_MIN_SIMILARITY))
    .addHelpText('after', `
Matching: same DOI; else title similarity ≥ --min-similarity (Levenshtein on folded titles, years at
most one apart); else, for reference rows without a title, same first-author surname and year.
The project's included set is the "included" state of stages/prisma/record-states.csv (run
\`review prisma\` first). Exits 1 if any reference source is missing from it.

Examples:
  $ review verify --reference ../shared/data/korus-included-sources.csv
  $ review verify --reference published.csv --json | jq '.missing[].key'
`)
    .action(async (opts: { reference: string; minSimilarity: string }, cmd: Command) => {
      const { runVerify } = await loadStage();
      const min = Number(opts.minSimilarity);
      if (!(min > 0 && min <= 1)) throw new UserError(`--min-similarity ${opts.minSimilarity}: expected a number in (0, 1]`, 2);
      const result = runVerify(projectPaths(cmd), opts.reference, min);
      if (globals(cmd).json) {
        printJson({
          matched: result.matched.map((m) => ({ key: m.reference.key, record_id: m.source.recordId, how: m.how, score: m.score, route: m.source.route })),
          missing: result.missing,
          extra: result.extra,
          counts: { matched: result.matched.length, missing: result.missing.length, extra: result.extra.length },
        });
      }
      for (const m of result.missing) say(cmd, `missing  ${m.key} (${m.firstAuthor} ${m.year}${m.title ? `: ${m.title.slice(0, 70)}` : ''}) [line ${m.line}]`);
      for (const e of result.extra) say(cmd, `extra    ${e.recordId} (${e.firstAuthor} ${e.year}${e.title ? `: ${e.title.slice(0, 70)}` : ''})`);
      const how = ['doi', 'title', 'author-year'].map((h) => `${result.matched.filter((m) => m.how === h).length} by ${h}`).join(', ');
      say(cmd, `${result.matched.length} matched (${how}), ${result.missing.length} missing, ${result.extra.length} extra`);
      if (result.missing.length) process.exitCode = 1;
    });
}
