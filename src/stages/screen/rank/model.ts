/**
 * The relevance model: TF-IDF features (features.ts) built once per record set, a class-balanced
 * linear SVM (svm.ts) retrained on the labels of each round. Order of the unlabelled records: score
 * descending, ties by record id, so the same records, labels and seed give the same order byte for byte.
 */
import { Prng } from '../prng.js';
import { tfidf, type SparseRows, type TextRecord } from './features.js';
import { DEFAULT_SVM, score, trainSvm, type SvmSettings } from './svm.js';

export class RelevanceModel {
  /** Record ids in code-unit order; row r of the features is ids[r]. */
  readonly ids: readonly string[];
  private readonly rowOf: ReadonlyMap<string, number>;
  private readonly x: SparseRows;

  constructor(records: readonly TextRecord[], private readonly svm: SvmSettings = DEFAULT_SVM) {
    const sorted = [...records].sort((a, b) => compareIds(a.id, b.id));
    for (let i = 1; i < sorted.length; i++) {
      if ((sorted[i] as TextRecord).id === (sorted[i - 1] as TextRecord).id) throw new Error(`RelevanceModel: record id ${(sorted[i] as TextRecord).id} appears twice`);
    }
    this.ids = sorted.map((r) => r.id);
    this.rowOf = new Map(this.ids.map((id, i) => [id, i]));
    this.x = tfidf(sorted);
  }

  get featureCount(): number {
    return this.x.features;
  }

  /** Row numbers of the unlabelled records, most likely relevant first (rows are in id order, so ties by row = ties by id). */
  rankRows(labelled: readonly number[], labels: readonly boolean[], seed: string): number[] {
    const isLabelled = new Uint8Array(this.ids.length);
    for (const r of labelled) isLabelled[r] = 1;
    const unlabelled: number[] = [];
    for (let r = 0; r < this.ids.length; r++) if (!isLabelled[r]) unlabelled.push(r);
    const hasBoth = labels.includes(true) && labels.includes(false);
    // Without both classes there is nothing to learn from: a seeded random order, as screening starts.
    if (!hasBoth) return new Prng(`rank-random/${seed}`).shuffle(unlabelled);
    const w = trainSvm(this.x, labelled, labels, `rank-svm/${seed}`, this.svm);
    const scores = new Float64Array(this.ids.length);
    for (const r of unlabelled) scores[r] = score(this.x, w, r);
    return unlabelled.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  }

  /** Ids of the unlabelled records, most likely relevant first; labels of unknown ids are ignored. */
  rank(labels: ReadonlyMap<string, boolean>, seed: number): string[] {
    const rows: number[] = [];
    const ys: boolean[] = [];
    for (const [id, relevant] of [...labels].sort((a, b) => compareIds(a[0], b[0]))) {
      const r = this.rowOf.get(id);
      if (r === undefined) continue;
      rows.push(r);
      ys.push(relevant);
    }
    return this.rankRows(rows, ys, String(seed)).map((r) => this.ids[r] as string);
  }
}

/** Code-unit order, the same on every machine (localeCompare is not). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
