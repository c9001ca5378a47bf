/**
 * TF-IDF features of title + abstract + keywords: words (2+ letters or digits, lower-cased) and word
 * pairs within a field, sublinear tf (1 + ln tf), smoothed idf (ln((1 + n) / (1 + df)) + 1) and L2
 * normalisation — the textbook weighting (Salton & Buckley 1988; scikit-learn's TfidfVectorizer with
 * sublinear_tf), nothing fitted to a collection.
 *
 * Determinism: records are taken in id order, feature ids are given in order of first appearance,
 * each row's features are sorted by id, so every sum over a row runs in the same order on any machine.
 */

export interface TextRecord {
  id: string;
  title: string;
  abstract: string;
  keywords: string;
}

/** Rows of a sparse matrix (CSR): row r holds indices[offsets[r] .. offsets[r+1]). */
export interface SparseRows {
  rows: number;
  features: number;
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

// Runs of letters and digits; a character class with a single quantifier cannot backtrack badly.
const TOKEN = /[\p{L}\p{N}]+/gu;

/** Tokens of one field: lower-cased runs of letters/digits of at least two characters. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKEN)) if (m[0].length >= 2) out.push(m[0]);
  return out;
}

// Pair keys are a·2^26 + b for word ids a, b (exact in a double while ids stay below 2^26).
const PAIR_BASE = 2 ** 26;

/** TF-IDF rows for the records in the given order (callers pass them sorted by id). */
export function tfidf(records: readonly TextRecord[]): SparseRows {
  const wordIds = new Map<string, number>();
  const featureOfWord: number[] = [];
  const pairFeature = new Map<number, number>();
  let nextFeature = 0;
  const featureOf = (word: string): number => {
    let w = wordIds.get(word);
    if (w === undefined) {
      w = featureOfWord.length;
      if (w >= PAIR_BASE) throw new RangeError('tfidf: more than 2^26 distinct words');
      wordIds.set(word, w);
      featureOfWord.push(nextFeature++);
    }
    return w;
  };

  const offsets = new Int32Array(records.length + 1);
  const rowFeatures: Int32Array[] = [];
  const rowCounts: Int32Array[] = [];
  const df: number[] = [];
  const scratch: number[] = [];
  let total = 0;
  for (let r = 0; r < records.length; r++) {
    const rec = records[r] as TextRecord;
    scratch.length = 0;
    for (const field of [rec.title, rec.abstract, rec.keywords]) {
      if (!field) continue;
      let prev = -1;
      for (const token of tokenize(field)) {
        const w = featureOf(token);
        scratch.push(featureOfWord[w] as number);
        if (prev >= 0) {
          const key = prev * PAIR_BASE + w;
          let f = pairFeature.get(key);
          if (f === undefined) {
            f = nextFeature++;
            pairFeature.set(key, f);
          }
          scratch.push(f);
        }
        prev = w;
      }
    }
    const sorted = Int32Array.from(scratch).sort();
    // Collapse runs of equal ids into (feature, count).
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    const feats = new Int32Array(distinct);
    const counts = new Int32Array(distinct);
    let j = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) {
        j++;
        feats[j] = sorted[i] as number;
        const f = sorted[i] as number;
        df[f] = (df[f] ?? 0) + 1;
      }
      counts[j] = (counts[j] as number) + 1;
    }
    rowFeatures.push(feats);
    rowCounts.push(counts);
    total += distinct;
    offsets[r + 1] = total;
  }

  const n = records.length;
  const idf = new Float64Array(nextFeature);
  for (let f = 0; f < nextFeature; f++) idf[f] = Math.log((1 + n) / (1 + (df[f] ?? 0))) + 1;
  const indices = new Int32Array(total);
  const values = new Float64Array(total);
  for (let r = 0; r < n; r++) {
    const feats = rowFeatures[r] as Int32Array;
    const counts = rowCounts[r] as Int32Array;
    const start = offsets[r] as number;
    let norm = 0;
    for (let i = 0; i < feats.length; i++) {
      const f = feats[i] as number;
      const v = (1 + Math.log(counts[i] as number)) * (idf[f] as number);
      indices[start + i] = f;
      values[start + i] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < feats.length; i++) values[start + i] = (values[start + i] as number) * inv;
    }
  }
  return { rows: n, features: nextFeature, offsets, indices, values };
}
