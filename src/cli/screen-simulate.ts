import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { UsageError, UserError } from '../project/errors.js';
import { ProjectPaths } from '../project/paths.js';
import { writeFileAtomic } from '../project/atomic.js';
import { globals, printJson, say } from './context.js';
import { progressFor } from './progress.js';
// Loaded when the command runs, like every stage.
const loadRank = () => import('../stages/screen/rank/cli-support.js');

interface SimulateOptions {
  label?: string;
  seed: string;
  target: string;
  confidence: string;
  minScreened: string;
  retrain: string;
  svg?: string;
}

export function registerScreenSimulate(screen: Command): void {
  screen
    .command('simulate <source>')
    .description('replay screening in relevance order on labelled records: WSS, recall@10 %, where the stopping rule stops')
    .option('--label <column>', 'label column of a labelled CSV (e.g. label1 or label2); default label_included, included, label or relevant')
    .option('--seed <n>', 'seed of the random start and the model', '1')
    .option('--target <recall>', 'stopping rule: target recall', '0.95')
    .option('--confidence <level>', 'stopping rule: confidence', '0.95')
    .option('--min-screened <n>', 'stopping rule: never stop before this many records', '0')
    .option('--retrain <share>', 'retrain once the labels grew by this share (0 = after every record, as ASReview does)', '0.01')
    .option('--svg <file>', 'write the recall curve (records screened vs relevant found) as SVG')
    .addHelpText('after', `
<source> is a labelled CSV (columns title, abstract, keywords, an id and a label) or a project folder
whose title/abstract decisions (stages/screen/decisions.csv) serve as labels. Screening starts with no
prior knowledge: records in a seeded random order until one relevant and one irrelevant are found, then
the model's order. Prints WSS@95, WSS@100, recall after 10 % screened, records screened to 95 % and
100 % recall, and where the stopping rule (hypergeometric test, Callaghan & Müller-Hansen 2020) was met.

Examples:
  $ review screen simulate ADHD.csv --label label2
  $ review screen simulate . --json --svg recall.svg
`)
    .action(async (source: string, opts: SimulateOptions, cmd: Command) => {
      const seed = wholeNumber(opts.seed, '--seed');
      const stopping = {
        targetRecall: share(opts.target, '--target', false),
        confidence: share(opts.confidence, '--confidence', true),
        minScreened: wholeNumber(opts.minScreened, '--min-screened'),
      };
      const retrainGrowth = Number(opts.retrain);
      if (!Number.isFinite(retrainGrowth) || retrainGrowth < 0 || retrainGrowth > 1) throw new UsageError(`--retrain ${opts.retrain}: expected a share between 0 and 1`);
      if (!existsSync(source)) throw new UserError(`${source} not found: give a labelled CSV file or a project folder`);
      const rank = await loadRank();
      let loaded: { records: import('../stages/screen/rank/simulate.js').LabelledRecord[]; undecided: number; name: string };
      if (statSync(source).isDirectory()) {
        if (opts.label !== undefined) throw new UsageError('--label applies to a labelled CSV, not to a project (its labels are the title/abstract decisions)');
        loaded = { ...rank.loadProjectLabels(new ProjectPaths(source)), name: source };
      } else {
        loaded = { records: rank.parseLabelledCsv(readFileSync(source, 'utf8'), source, opts.label), undecided: 0, name: `${basename(source)}${opts.label ? ` (${opts.label})` : ''}` };
      }
      const relevant = loaded.records.filter((r) => r.relevant).length;
      if (relevant === 0 || relevant === loaded.records.length) {
        throw new UserError(`${source}: ${loaded.records.length} labelled records, ${relevant} relevant; a simulation needs at least one relevant and one irrelevant record`);
      }
      const bar = progressFor(cmd, 'screen simulate');
      const result = rank.simulateScreening(loaded.records, { seed, stopping, retrainGrowth, onProgress: bar.listener });
      bar.done();
      if (opts.svg) writeFileAtomic(opts.svg, rank.recallCurveSvg(result, `${loaded.name}: recall curve, seed ${seed}`));
      if (globals(cmd).json) printJson(rank.simulationSummary(result, { source, label: opts.label ?? null, undecided: loaded.undecided, retrainGrowth }));
      say(cmd, rank.formatSimulation(result, loaded.name, loaded.undecided));
      if (opts.svg) say(cmd, `recall curve → ${opts.svg}`);
    });
}

function wholeNumber(v: string, option: string): number {
  const n = Number(v);
  if (!/^[0-9]{1,15}$/.test(v) || !Number.isSafeInteger(n)) throw new UsageError(`${option} ${v}: expected a whole number ≥ 0`);
  return n;
}

function share(v: string, option: string, open: boolean): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1 || (open && n === 1)) throw new UsageError(`${option} ${v}: expected a number in (0, ${open ? '1)' : '1]'}`);
  return n;
}
