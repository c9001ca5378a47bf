/** What `review screen simulate` needs from the rank module: loading labels, the replay, its report. */
import { count } from '../../shared/plural.js';
import type { SimulationResult } from './simulate.js';

export { parseLabelledCsv } from './labelled.js';
export { loadProjectLabels } from './project-labels.js';
export { simulateScreening } from './simulate.js';
export { recallCurveSvg } from './curve-svg.js';

export interface SummaryContext {
  source: string;
  label: string | null;
  undecided: number;
  retrainGrowth: number;
}

/** The --json summary: the figures, the stopping point with the rule's report, and the order screened. */
export function simulationSummary(r: SimulationResult, context: SummaryContext): object {
  return {
    ...context,
    seed: r.seed,
    randomStart: r.randomStart,
    trainings: r.trainings,
    metrics: r.metrics,
    stop: r.stop,
    order: r.order,
  };
}

const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;

export function formatSimulation(r: SimulationResult, name: string, undecided: number): string {
  const m = r.metrics;
  const s = r.stop;
  const rule = s.report.settings;
  const lines = [
    `${name}: ${count(m.records, 'record')}, ${m.relevant} relevant; seed ${r.seed}, random start ${count(r.randomStart, 'record')}, ${count(r.trainings, 'model training')}`,
    `WSS@95 ${m.wss95.toFixed(3)}  WSS@100 ${m.wss100.toFixed(3)}  recall@10% ${m.recallAt10.toFixed(3)}`,
    `screened to 95 % recall: ${m.screenedTo95} (${pct(m.screenedTo95 / m.records)}); to 100 %: ${m.screenedTo100} (${pct(m.screenedTo100 / m.records)})`,
    s.report.met
      ? `stopping rule (target recall ${rule.targetRecall}, confidence ${rule.confidence}, at least ${rule.minScreened} screened) met after ${count(s.screened, 'record')} (p = ${s.report.pValue.toPrecision(3)}): recall reached ${s.recall.toFixed(3)} (${s.relevantFound} of ${m.relevant}), work saved ${pct(s.workSaved)}; the rule's ${pct(rule.confidence)} bound on recall then: ≥ ${s.report.recallLowerBound.toFixed(3)}`
      : `stopping rule (target recall ${rule.targetRecall}, confidence ${rule.confidence}, at least ${rule.minScreened} screened) not met before every record was screened`,
  ];
  if (undecided) lines.push(`${count(undecided, 'record')} without a title/abstract decision ${undecided === 1 ? 'was' : 'were'} left out of the replay`);
  return lines.join('\n');
}
