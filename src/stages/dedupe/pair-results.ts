/**
 * The results of compared candidate pairs, packed into typed arrays by the pair's position. A large
 * import compares a million pairs and writes every result to pairs.csv at the end: held as objects
 * (a result and its scores each), they are hundreds of megabytes that the garbage collector walks
 * again and again; packed they are about 90 bytes a pair that it never visits.
 */
import type { PairDecision, PairResult, PairScores } from './compare.js';

const DECISIONS: readonly PairDecision[] = ['same', 'different', 'uncertain'];
// In the order comparePair sets them, so a result read back lists its scores as the compared one did.
const SCORE_FIELDS = ['doi', 'year', 'firstAuthor', 'authors', 'journal', 'volume', 'issue', 'pages', 'abstract', 'titleWords', 'title'] as const;
type ScoreField = (typeof SCORE_FIELDS)[number];
const FLAG = new Set<ScoreField>(['doi', 'firstAuthor', 'journal', 'volume', 'issue', 'pages']);
const NONE = -1;

export class PairResults {
  private readonly decisions: Int8Array;
  private readonly rules: Uint32Array;
  private readonly totals: Float64Array;
  /** SCORE_FIELDS.length values per pair: NaN for a score not set, 0/1 for a flag. */
  private readonly scores: Float64Array;
  private readonly ruleNames: string[] = [];
  private readonly ruleIndex = new Map<string, number>();

  constructor(readonly size: number) {
    this.decisions = new Int8Array(size).fill(NONE);
    this.rules = new Uint32Array(size);
    this.totals = new Float64Array(size);
    this.scores = new Float64Array(size * SCORE_FIELDS.length).fill(Number.NaN);
  }

  has(k: number): boolean {
    return this.decisions[k] !== NONE;
  }

  set(k: number, r: PairResult): void {
    this.decisions[k] = DECISIONS.indexOf(r.decision);
    let rule = this.ruleIndex.get(r.rule);
    if (rule === undefined) {
      rule = this.ruleNames.length;
      this.ruleNames.push(r.rule);
      this.ruleIndex.set(r.rule, rule);
    }
    this.rules[k] = rule;
    this.totals[k] = r.score;
    const at = k * SCORE_FIELDS.length;
    for (let f = 0; f < SCORE_FIELDS.length; f++) {
      const v = r.scores[SCORE_FIELDS[f]!];
      if (v !== undefined) this.scores[at + f] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }
  }

  /** The result stored at `k`, as comparePair returned it (undefined when none). */
  get(k: number): PairResult | undefined {
    const d = this.decisions[k]!;
    if (d === NONE) return undefined;
    const scores: PairScores = {};
    const at = k * SCORE_FIELDS.length;
    for (let f = 0; f < SCORE_FIELDS.length; f++) {
      const v = this.scores[at + f]!;
      if (Number.isNaN(v)) continue;
      const field = SCORE_FIELDS[f]!;
      (scores as Record<ScoreField, number | boolean>)[field] = FLAG.has(field) ? v === 1 : v;
    }
    return { decision: DECISIONS[d]!, rule: this.ruleNames[this.rules[k]!]!, score: this.totals[k]!, scores };
  }
}
