import type { Command } from 'commander';
import { UsageError } from '../project/errors.js';
import type { CollectSummary, SheetFormat } from '../stages/screen/index.js';
import { globals, printJson, projectPaths, say } from './context.js';
import { progressFor } from './progress.js';
import { count } from './plural.js';
import { formatAgreement } from '../stages/shared/agreement.js';
import { registerScreenSimulate } from './screen-simulate.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up.
const loadStage = () => import('../stages/screen/index.js');

export function registerScreen(program: Command): void {
  const screen = program
    .command('screen')
    .description('title/abstract screening: assign sheets (in rounds), collect them, reconcile, progress and stopping, Rayyan export')
    .addHelpText('after', `
Examples:
  $ review screen assign                      # one sheet per screener in stages/screen/sheets/
  $ review screen collect ~/Downloads/KBA.xlsx ~/Downloads/ON.xlsx
  $ review screen reconcile                   # agreement, conflicts.xlsx, decisions.csv
  $ review screen progress                    # relevant found, estimate unscreened, recall bound, rule
  $ review screen stop                        # stop by the declared rule (decisions/screen-stop/)
  $ review screen export --rayyan             # RIS + CSV for Rayyan in outputs/rayyan/
`);

  screen
    .command('assign')
    .description('allocate records to screeners per review.json and write one blind sheet each')
    .option('--format <format>', 'xlsx, csv or both', 'xlsx')
    .option('--next-round', 'with screening.batchSize: hand out the next round now, although the last one still has records without all their votes')
    .addHelpText('after', `
Re-running after new records arrive keeps every earlier assignment and allocates only the new records.
With "batchSize" under "screening" in review.json, each run hands out the next round once every record
of the last one is decided (collect the returned sheets first): the next batchSize records in the
order "screening.order" chooses (file, random, or relevance: re-ranked on the decisions so far).

Examples:
  $ review screen assign --format both
  $ review screen assign --next-round
`)
    .action(async (opts: { format: string; nextRound?: boolean }, cmd: Command) => {
      const { formatInvariants, runScreenAssign } = await loadStage();
      if (!['xlsx', 'csv', 'both'].includes(opts.format)) throw new UsageError(`--format ${opts.format}: expected xlsx, csv or both`);
      const bar = progressFor(cmd, 'screen assign');
      const summary = await runScreenAssign(projectPaths(cmd), { format: opts.format as SheetFormat, round: opts.nextRound ? 'now' : 'when-done', onProgress: (done, total, screener) => bar.listener({ phase: 'writing sheets', done, total, detail: screener }) });
      bar.done();
      if (globals(cmd).json) printJson(summary);
      say(cmd, formatInvariants(summary.invariants));
      const r = summary.rounds;
      if (r.batchSize !== undefined || r.order !== 'file') {
        say(cmd, `order ${r.order}${r.batchSize !== undefined ? `, rounds of ${r.batchSize}` : ''}: ${count(r.rounds, 'round')} handed out, ${count(r.handedOut, 'record')}; ${r.notHandedOut} not handed out yet${r.noNewRound ? ` (no new round: ${r.noNewRound})` : ''}`);
      }
      say(cmd, `${count(summary.rounds.handedOut, 'record')} assigned (${summary.newRecords} new in batch ${summary.batch}, ${summary.keptRecords} kept${summary.droppedRecords ? `, ${summary.droppedRecords} no longer in the screening set` : ''}); ${summary.skippedOtherMethods} other-methods records skip screening and enter at full text`);
      say(cmd, `assignment ${summary.assignmentHash.slice(0, 12)}…; sheets: ${summary.sheets.map((s) => `${s.screener} (${s.records}${s.prefilled ? `, ${s.prefilled} with their returned vote` : ''})`).join(', ')} in stages/screen/sheets/${summary.changed.length ? '' : ' (unchanged)'}`);
      for (const w of summary.warnings) say(cmd, `warning: ${w}`);
      if (!summary.invariants.ok) process.exitCode = 1;
    });

  screen
    .command('collect [files...]')
    .description('read returned sheets (xlsx, csv or a Rayyan export), validate, store votes')
    .option('--rebuild', 'rebuild stages/screen/votes.csv from every file in decisions/screen/')
    .addHelpText('after', `
Files are copied untouched into decisions/screen/; votes are appended to stages/screen/votes.csv.
A sheet with any problem is rejected with one message per problem, and no votes change.
A returned vote already collected is not counted again; a changed one is recorded as the newer vote.
A Rayyan export keeps every vote as cast, also on records our allocation gave to others
(reconcile marks those decisions "external"); records match by key, then DOI, then title + year.

Examples:
  $ review screen collect KBA.xlsx ON.xlsx
  $ review screen collect rayyan-export.csv     # Rayyan names map to screeners by rayyanName
  $ review screen collect --rebuild
`)
    .action(async (files: string[], opts: { rebuild?: boolean }, cmd: Command) => {
      const { recollectAll, runScreenCollect } = await loadStage();
      const paths = projectPaths(cmd);
      if (opts.rebuild && files.length) throw new UsageError('--rebuild takes no files');
      const summary = opts.rebuild ? await recollectAll(paths) : await runScreenCollect(paths, files);
      if (globals(cmd).json) printJson(summary);
      say(cmd, formatCollect(summary));
    });

  screen
    .command('reconcile')
    .description('agreement statistics, conflicts sheet, final title/abstract decisions')
    .addHelpText('after', `
Resolutions are read from decisions/screen-resolutions/*.xlsx (a filled copy of stages/screen/conflicts.xlsx).
"maybe" votes and unresolved conflicts go on to full text.

Examples:
  $ review screen reconcile --json | jq '.agreement[] | select(.scope == "overall")'
`)
    .action(async (_opts: unknown, cmd: Command) => {
      const { runScreenReconcile } = await loadStage();
      const s = await runScreenReconcile(projectPaths(cmd));
      if (globals(cmd).json) printJson(s);
      const lines = s.agreement.map((a) => `  ${a.scope.padEnd(8)} ${`${a.a} × ${a.b}`.padEnd(28)} ${formatAgreement(a)}`);
      say(cmd, ['agreement (votes before reconciliation):', ...lines].join('\n'));
      const c = s.counts;
      say(cmd, `decisions: ${c.include} include, ${c.exclude} exclude, ${c.forwarded} forwarded to full text (maybe or unresolved), ${c.pending} still waiting for votes (stages/screen/pending.csv); ${count(c.conflicts, 'conflict')} (${c.unresolvedConflicts} unresolved) → stages/screen/decisions.csv, conflicts.xlsx`);
      if (s.stopping) say(cmd, `stopping rule: ${s.stopping.screened} screened, ${s.stopping.relevantFound} relevant found, about ${s.stopping.estimatedRemaining} estimated unscreened, recall bound ${(s.stopping.recallBound * 100).toFixed(1)} %${s.stopping.ruleMet ? ', rule met' : ''}${s.stopping.stopped ? `; stopped: ${count(s.automationExcluded ?? 0, 'record')} never handed out → stages/screen/automation-excluded.csv` : ''} (details: \`review screen progress\`)`);
      if (c.externalAllocation) say(cmd, `allocation: ${count(c.externalAllocation, 'decision')} rest on votes from screeners the allocation did not assign (external allocation, e.g. a Rayyan project); every vote counts as cast, and invariants.json describes our allocation only`);
    });

  screen
    .command('progress')
    .description('rounds handed out, relevant records found, estimate still unscreened, recall bound, and the stopping rule')
    .addHelpText('after', `
After each round: records screened (decided), relevant found (records that go on to full text), an
estimate of the relevant records still unscreened, and a one-sided lower bound on recall (the
hypergeometric test of Callaghan & Müller-Hansen 2020). With "stoppingRule" under "screening" in
review.json, says when the rule is met. Reads only (uses votes.csv: collect returned sheets first).

Examples:
  $ review screen progress
  $ review screen progress --json | jq '.current'
`)
    .action(async (_opts: unknown, cmd: Command) => {
      const { describeFigures, percent, runScreenProgress } = await loadStage();
      const p = await runScreenProgress(projectPaths(cmd));
      if (globals(cmd).json) printJson(p);
      const lines = [`order ${p.order}${p.batchSize !== undefined ? `, rounds of ${p.batchSize}` : ''}; ${count(p.totalRecords, 'record')} to screen, ${p.notHandedOut} not handed out yet${p.noVotes ? '; no votes collected yet' : ''}`];
      lines.push('round  handed out  screened  relevant  est. unscreened relevant  recall bound  rule');
      for (const r of p.rounds) {
        lines.push(`${String(r.round).padStart(5)}  ${String(r.handedOut).padStart(10)}  ${String(r.screened).padStart(8)}  ${String(r.relevantFound).padStart(8)}  ${String(r.estimatedRemaining).padStart(24)}  ${percent(r.recallBound).padStart(12)}  ${p.rule ? (r.ruleMet ? 'met' : 'not met') : '-'}`);
      }
      lines.push(`now: ${describeFigures(p.current, p.rule, p.stopped !== undefined)}`);
      if (p.stopped) lines.push(`screening was stopped by the team on ${p.stopped.date} after round ${p.stopped.stoppedAfterRound} (decisions/screen-stop/stop.json); ${count(p.notHandedOut, 'record')} never handed out are marked as ineligible by automation tools`);
      lines.push(`screeners: ${p.screeners.map((s) => `${s.screener} ${s.done}/${s.total}`).join(', ')}`);
      say(cmd, lines.join('\n'));
    });

  screen
    .command('stop')
    .description('stop title/abstract screening by the declared stopping rule (a team decision in decisions/screen-stop/)')
    .option('--date <yyyy-mm-dd>', 'date of the decision (default: today)')
    .option('--note <text>', 'why, who decided: kept with the decision')
    .option('--force', 'stop although the rule is not met (recorded as such, and the report says so)')
    .addHelpText('after', `
Writes decisions/screen-stop/stop.json (the rule, the round, the figures) and reconciles: records
never handed out go to stages/screen/automation-excluded.csv, which \`review prisma\` counts as
"Records marked as ineligible by automation tools". Records already handed out are still screened.
To resume, move the file out of decisions/ and run \`review screen assign\`.

Examples:
  $ review screen stop --note "rule met after round 6; agreed at the team meeting"
`)
    .action(async (opts: { date?: string; note?: string; force?: boolean }, cmd: Command) => {
      const { describeFigures, runScreenStop } = await loadStage();
      const s = await runScreenStop(projectPaths(cmd), { ...(opts.date ? { date: opts.date } : {}), ...(opts.note ? { note: opts.note } : {}), force: opts.force === true });
      if (globals(cmd).json) printJson(s);
      say(cmd, `screening stopped after round ${s.decision.stoppedAfterRound} → ${s.file}${s.decision.figures.ruleMet ? '' : ' (the rule was NOT met: --force)'}\n${describeFigures(s.decision.figures, s.decision.rule, true)}\n${count(s.automationExcluded, 'record')} never handed out → stages/screen/automation-excluded.csv (PRISMA: records marked as ineligible by automation tools); run \`review prisma\``);
    });

  screen
    .command('export')
    .description('write the screening set for another tool')
    .option('--rayyan', 'Rayyan-ready RIS and CSV in outputs/rayyan/ (made on request; `review run` does not remake it)')
    .addHelpText('after', `
Examples:
  $ review screen export --rayyan
`)
    .action(async (opts: { rayyan?: boolean }, cmd: Command) => {
      const { runScreenExportRayyan } = await loadStage();
      if (!opts.rayyan) throw new UsageError('choose an export target: --rayyan');
      const s = runScreenExportRayyan(projectPaths(cmd));
      if (globals(cmd).json) printJson(s);
      say(cmd, `${count(s.records, 'record')} → ${s.files.join(', ')}`);
    });

  registerScreenSimulate(screen);
}

function formatCollect(s: CollectSummary): string {
  const lines = s.files.map((f) => f.alreadyCollected
    ? `${f.file}: already collected (${f.storedAs}); nothing changed`
    : `${f.file} [${f.screener ?? f.kind}]: ${count(f.votes, 'decision')}, ${f.newVotes} new or changed${f.undecided ? `, ${count(f.undecided, 'row')} not done yet` : ''} → ${f.storedAs ?? ''}`);
  for (const w of s.warnings.slice(0, 20)) lines.push(`  warning: ${w}`);
  if (s.warnings.length > 20) lines.push(`  … ${count(s.warnings.length - 20, 'more warning')}`);
  lines.push(`progress: ${s.progress.map((p) => `${p.screener} ${p.done}/${p.total}`).join(', ')}`);
  return lines.join('\n');
}
