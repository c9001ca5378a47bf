/**
 * stages/screen/automation-excluded.csv, read by later stages (prisma, report): the records left
 * unscreened when the team stopped title/abstract screening by its stopping rule, "Records marked
 * as ineligible by automation tools" in PRISMA 2020. Absent when screening was not stopped.
 */
import { count } from './plural.js';
import type { AutomationExcluded } from '../../model/screen.js';
import type { ProjectPaths } from '../../project/paths.js';
import { ARTIFACTS, artifactFile, readArtifactIfAny } from './artifacts.js';

export const automationExcludedFile = (paths: ProjectPaths): string => artifactFile(paths, ARTIFACTS.screenAutomationExcluded);

/** The stopping rule and its figures, as every row of the file states them. */
export type AutomationRule = Omit<AutomationExcluded, 'record_id'>;

export interface AutomationExclusion {
  ids: string[];
  rule: AutomationRule | undefined;
}

/** The records and the rule of the file's rows (the rule is undefined when the stop left no record unscreened). */
export function automationExclusionOf(rows: readonly AutomationExcluded[]): AutomationExclusion {
  const first = rows[0];
  const rule = first ? (({ record_id: _id, ...rest }) => rest)(first) : undefined;
  return { ids: rows.map((r) => r.record_id), rule };
}

/** The automation-excluded records, or undefined when screening was not stopped (no file). */
export function loadAutomationExcluded(paths: ProjectPaths): AutomationExclusion | undefined {
  const rows = readArtifactIfAny(paths, ARTIFACTS.screenAutomationExcluded);
  return rows ? automationExclusionOf(rows) : undefined;
}

/** The rule in a few words, as record-states.csv gives it for each record it left unscreened. */
export function automationRuleText(row: AutomationRule): string {
  return `stopping rule: recall ≥ ${pct(row.target_recall)} with ${pct(row.confidence)} confidence${row.rule_met === 'true' ? '' : ' (stopped before it was met)'}`;
}

/** The rule and figures, as flow.json's `automation` states them. */
export interface AutomationSummary {
  records: number;
  order: string;
  stoppedAfterRound: number;
  targetRecall: number;
  confidence: number;
  minScreened: number;
  screened: number;
  relevantFound: number;
  estimatedRemaining: number;
  recallBound: number;
  ruleMet: boolean;
}

export function automationSummary(exclusion: AutomationExclusion): AutomationSummary | undefined {
  const r = exclusion.rule;
  if (!r) return undefined;
  return {
    records: exclusion.ids.length, order: r.order, stoppedAfterRound: r.stopped_after_round, targetRecall: r.target_recall, confidence: r.confidence,
    minScreened: r.min_screened, screened: r.screened, relevantFound: r.relevant_found, estimatedRemaining: r.estimated_remaining, recallBound: r.recall_bound,
    ruleMet: r.rule_met === 'true',
  };
}

/** How the records set aside were chosen, in words (flow.json's `method`). */
export function automationMethod(order: string): string {
  const rounds = order === 'relevance'
    ? 'records were screened in rounds, each ranked by a relevance model (TF-IDF of title, abstract and keywords with a class-balanced linear SVM) retrained on the title/abstract decisions so far'
    : order === 'random' ? 'records were screened in rounds drawn in a seeded random order' : 'records were screened in rounds in the order of the deduplicated set';
  return `${rounds}; screening stopped when the hypergeometric stopping test of Callaghan & Müller-Hansen (2020) gave the one-sided recall bound of the declared rule; the records never screened are counted as marked ineligible by automation tools`;
}

const pct = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;

/** The methods paragraph: how screening was ordered and stopped, the rule, and its figures (Markdown, for flow.md and the report). */
export function automationMethodsText(a: AutomationSummary): string {
  const order = a.order === 'relevance'
    ? 'in rounds in relevance order: before each round a model (TF-IDF of title, abstract and keywords, words and word pairs, with a class-balanced linear SVM) was retrained on the title/abstract decisions collected so far (a record counted as relevant when it went on to full text) and the records not yet screened were handed out most likely relevant first'
    : a.order === 'random' ? 'in rounds drawn in a seeded random order' : 'in rounds in the order of the deduplicated records';
  const rule = `recall of at least ${pct(a.targetRecall)} with ${pct(a.confidence)} confidence${a.minScreened ? ` after at least ${count(a.minScreened, 'record')} screened` : ''}`;
  return `Title/abstract screening went ${order}; each record was screened by two blinded screeners as allocated. ` +
    `The team declared a stopping rule in advance (${rule}), tested with the hypergeometric stopping criterion of Callaghan & Müller-Hansen (2020, doi:10.1186/s13643-020-01521-4). ` +
    `Screening stopped after round ${a.stoppedAfterRound}${a.ruleMet ? ', when the rule was met' : ', before the rule was met (the team\'s decision)'}: ${count(a.screened, 'record')} screened, ${a.relevantFound} relevant found, ` +
    `an estimated ${a.estimatedRemaining} relevant among the unscreened, and recall of at least ${pct(a.recallBound)} (one-sided, ${pct(a.confidence)} confidence). ` +
    `The ${count(a.records, 'record')} never screened ${a.records === 1 ? 'is' : 'are'} reported as "records marked as ineligible by automation tools" (\`review prisma --explain databases.automation-excluded\` lists them).`;
}
