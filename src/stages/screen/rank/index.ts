/**
 * Screening in relevance order (issue #17): the ranking model and the stopping rule.
 * The stable API for `screen assign`, progress and status is rankByRelevance and evaluateStopping.
 */
import { RelevanceModel } from './model.js';

export interface RankableRecord {
  id: string;
  title: string;
  abstract: string;
  keywords: string;
}

export interface RankInput {
  records: readonly RankableRecord[];
  /** Votes so far and prior knowledge: record id → relevant. Ids not among the records are ignored. */
  labels: ReadonlyMap<string, boolean>;
  seed: number;
}

/**
 * Ids of the unlabelled records, most likely relevant first; ties by id. Until the labels hold at
 * least one relevant and one irrelevant record, a seeded random order (nothing to learn from yet).
 */
export function rankByRelevance(input: RankInput): string[] {
  return new RelevanceModel(input.records).rank(input.labels, input.seed);
}

export { RelevanceModel, compareIds } from './model.js';
export {
  DEFAULT_STOPPING,
  evaluateStopping,
  hypergeometricCdf,
  missingUnderNull,
  stoppingTest,
  type StoppingReport,
  type StoppingSettings,
} from './stopping.js';
