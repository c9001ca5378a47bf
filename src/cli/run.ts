import type { Command } from 'commander';
import { UserError } from '../project/errors.js';
import type { StepOutcome, Waiting } from '../stages/run/index.js';
import { globals, printJson, projectPaths, say } from './context.js';
import { count } from './plural.js';
import { RUN_ORDER } from '../stages/stage-names.js';
// Loaded when the command runs: importing every stage up front cost each command ~0.5 s of start-up
// (the graph holds only declarations; each step loads its stage's code when it runs).
const loadStage = () => import('../stages/run/index.js');
const loadGraph = () => import('../stages/graph.js');

/** Words in lines of at most `width` characters (help text made from the stage graph). */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] as string).length + 1 + word.length <= width) lines[last] = `${lines[last]} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/**
 * "waiting for returned screening sheets: screen (and fulltext, prisma, which need it)": the stages
 * that wait for people themselves, then those that wait only because they need one of them.
 */
function waitingLine(waiting: readonly Waiting[]): string {
  const own = waiting.filter((w) => !w.via);
  const after = waiting.filter((w) => w.via).map((w) => w.stage);
  return `${own.map((w) => `waiting for ${w.for}: ${w.stage}`).join('; ')}${after.length ? ` (and ${after.join(', ')}, which need ${own.length > 1 ? 'them' : 'it'})` : ''}`;
}

/** "every stage rebuilt", or "2 stages rebuilt, 5 up to date", and the stages not rebuilt in full. */
function runLine(stages: readonly string[], upToDate: readonly string[], incomplete: readonly string[]): string {
  const except = incomplete.length ? `, except: ${incomplete.join(', ')}` : '';
  if (upToDate.length === 0) return incomplete.length ? `rebuilt${except}` : 'every stage rebuilt';
  const rebuilt = stages.filter((s) => !upToDate.includes(s) && !incomplete.includes(s)).length;
  return `${count(rebuilt, 'stage')} rebuilt, ${upToDate.length} up to date${except}`;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('rebuild in order every stage that is not up to date from exports/, decisions/ and review.json; --check compares a full rebuild with stages/ byte for byte')
    .option('--force', 'rebuild every stage, up to date or not')
    .option('--check', 'rebuild every stage in a temporary copy and fail (exit 1) on any file under stages/ that differs')
    .addHelpText('after', () => `
${wrap(`Order (the stage graph, src/stages/graph.ts): ${RUN_ORDER}. A step whose inputs do not exist yet (no returned sheets, no codebook) is skipped with a note, and so is every later step that needs it. A stage that \`review status\` calls up to date when its turn comes (its inputs, outputs and parts of review.json as its manifest records them, made by this build of review, no returned file it has not read, no stage it needs rebuilt into other bytes) is left as it is: its steps print "up to date". A stage of several steps runs whole after one of its commands ran on its own (\`review screen collect\` leaves reconcile to do). --force rebuilds every stage. With --check, manifests are compared without their run time (ranAt), and a difference is named down to the JSON field, CSV line and column, or xlsx part. outputs/ (files made on request, e.g. \`review screen export --rayyan\`) is no part of the rebuild; the assignment ledger and the sheet format handed out to screeners are kept, as \`review run\` keeps them.`)}

Examples:
  $ review run                    # rebuilds only what changed since the last run
  $ review run --force            # rebuilds every stage
  $ review run --check            # in CI: the published numbers are reproducible
  $ review run --check --json | jq .differences
`)
    .action(async (opts: { check?: boolean; force?: boolean }, cmd: Command) => {
      const [{ runAll, runCheck }, { STAGES }] = await Promise.all([loadStage(), loadGraph()]);
      const paths = projectPaths(cmd);
      const label: Record<StepOutcome['status'], string> = { done: 'done      ', skipped: 'skipped   ', 'up-to-date': 'up to date' };
      const show = (o: StepOutcome): void => say(cmd, `${label[o.status]} ${o.step}${o.note ? `: ${o.note}` : ''}`);
      if (!opts.check) {
        const summary = await runAll(paths, STAGES, show, { skipUpToDate: !opts.force });
        if (globals(cmd).json) printJson({ steps: summary.steps.map(({ result: _r, ...s }) => s), incomplete: summary.incomplete, waiting: summary.waiting, upToDate: summary.upToDate });
        say(cmd, runLine(STAGES.map((s) => s.name), summary.upToDate, summary.incomplete));
        if (summary.waiting.length) say(cmd, waitingLine(summary.waiting));
        return;
      }
      const summary = await runCheck(paths, STAGES, show);
      if (globals(cmd).json) printJson({ ...summary, steps: summary.steps.map(({ result: _r, ...s }) => s) });
      if (summary.ok) {
        say(cmd, `check passed: ${count(summary.compared, 'file')} under stages/ rebuilt byte for byte`);
        if (summary.waiting.length) say(cmd, waitingLine(summary.waiting));
        return;
      }
      const details = [
        ...summary.differences.map((d) => `${d.file}: ${d.problem}`),
        ...summary.unchecked.map((s) => `stages/${s}/: could not be rebuilt in full (see the skipped steps above), so it was not checked`),
      ];
      throw new UserError(`check failed: ${summary.differences.length} file(s) differ from a fresh rebuild${summary.unchecked.length ? `, ${summary.unchecked.length} stage(s) not checked` : ''}`, 1, details);
    });
}
