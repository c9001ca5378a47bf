/**
 * TF-IDF features of title + abstract + keywords: words (2+ letters or digits, lower-cased) and word
 * pairs within a field, sublinear tf (1 + ln tf), smoothed idf (ln((1 + n) / (1 + df)) + 1) and L2
 * normalisation — the textbook weighting (Salton & Buckley 1988; scikit-learn's TfidfVectorizer with
 * sublinear_tf), nothing fitted to a collection.
 *
 * Determinism: records are taken in id order, feature ids are given in order of first appearance,
 * and a row keeps its features in the order they first occur in the text, so every sum over a row
 * runs in the same order on any machine.
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

/**
 * Feature space: words and word pairs are hashed (FNV-1a, then a murmur3 finaliser) into 2^bits
 * buckets, 2^20 from 4,096 records up (fewer for a small set, which cannot fill them; a function of
 * the record count only, so the same records always get the same buckets).
 */
export const MAX_HASH_BITS = 20;
export function hashBits(records: number): number {
  return Math.min(MAX_HASH_BITS, Math.max(12, Math.ceil(Math.log2(Math.max(1, records) * 256))));
}

// Character classes and lower-case forms, looked up once per UTF-16 code unit: 1 = part of a word.
const WORD_CHAR = new Uint8Array(65536);
const LOWER = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) {
  const ch = String.fromCharCode(c);
  const surrogate = c >= 0xd800 && c <= 0xdfff;
  WORD_CHAR[c] = !surrogate && /[\p{L}\p{N}]/u.test(ch) ? 1 : 0;
  const lower = ch.toLowerCase();
  LOWER[c] = lower.length === 1 ? lower.charCodeAt(0) : c; // the rare one-to-many lower-casings stay as they are
}

/** The words of a field as the features see them (for tests and explanations). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (WORD_CHAR[c]) word += String.fromCharCode(LOWER[c] as number);
    else {
      if (word.length >= 2) out.push(word);
      word = '';
    }
  }
  return out;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const wordHash = (h: number): number => fmix32(h);
const pairHash = (a: number, b: number): number => fmix32(Math.imul(a ^ 0x9e3779b9, 0x01000193) ^ fmix32(b + 0x7f4a7c15));

/**
 * TF-IDF rows for the records in the given order (callers pass them sorted by id). Buckets get compact
 * feature ids in order of first appearance. Hashing (Weinberger et al. 2009) replaces a vocabulary:
 * no string per word, so 100,000 records take seconds; with a million buckets a collision mostly merges
 * two rare word pairs, which a linear model barely notices.
 */
export function tfidf(records: readonly TextRecord[]): SparseRows {
  // Per bucket, side by side so one memory access serves a token (the table is far larger than the
  // cache, and memory latency is what the loop spends its time on): its feature id (−1 = unused), the
  // last row it occurred in, its slot in that row, its document frequency.
  const shift = 32 - hashBits(records.length);
  const table = new Int32Array(2 ** (32 - shift) * 4);
  for (let b = 0; b < table.length; b += 4) {
    table[b] = -1;
    table[b + 1] = -1;
  }
  let features = 0;
  let indices: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  let counts: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  let total = 0;
  const offsets = new Int32Array(records.length + 1);

  for (let r = 0; r < records.length; r++) {
    const rec = records[r] as TextRecord;
    for (let field = 0; field < 3; field++) {
      const text = field === 0 ? rec.title : field === 1 ? rec.abstract : rec.keywords;
      if (!text) continue;
      let prev = -1; // pairs stay within a field
      let h = 0x811c9dc5;
      let length = 0;
      for (let i = 0; i <= text.length; i++) {
        const c = i < text.length ? text.charCodeAt(i) : 32;
        if (WORD_CHAR[c]) {
          h = Math.imul(h ^ (LOWER[c] as number), 0x01000193);
          length++;
          continue;
        }
        if (length >= 2) {
          const word = h >>> 0;
          // The word, then the pair it closes: each counted once per row, with its term frequency.
          for (let k = 0; k < 2; k++) {
            if (k === 1 && prev < 0) break;
            const b = ((k === 0 ? wordHash(word) : pairHash(prev, word)) >>> shift) * 4;
            if ((table[b] as number) < 0) table[b] = features++;
            if (table[b + 1] === r) {
              const at = table[b + 2] as number;
              counts[at] = (counts[at] as number) + 1;
            } else {
              if (total >= indices.length) {
                indices = grow(indices, total + 1);
                counts = grow(counts, total + 1);
              }
              table[b + 1] = r;
              table[b + 2] = total;
              table[b + 3] = (table[b + 3] as number) + 1;
              indices[total] = table[b] as number;
              counts[total] = 1;
              total++;
            }
          }
          prev = word;
        }
        h = 0x811c9dc5;
        length = 0;
      }
    }
    offsets[r + 1] = total;
  }
  const df = new Int32Array(features);
  for (let b = 0; b < table.length; b += 4) if ((table[b] as number) >= 0) df[table[b] as number] = table[b + 3] as number;

  const n = records.length;
  const idf = new Float64Array(features);
  for (let f = 0; f < features; f++) idf[f] = Math.log((1 + n) / (1 + (df[f] as number))) + 1;
  const values = new Float64Array(total);
  const sublinear = new Float64Array(64).map((_, c) => (c === 0 ? 0 : 1 + Math.log(c))); // 1 + ln tf for the common small tf
  for (let r = 0; r < n; r++) {
    const start = offsets[r] as number;
    const end = offsets[r + 1] as number;
    let norm = 0;
    for (let p = start; p < end; p++) {
      const tf = counts[p] as number;
      const v = (tf < 64 ? (sublinear[tf] as number) : 1 + Math.log(tf)) * (idf[indices[p] as number] as number);
      values[p] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let p = start; p < end; p++) values[p] = (values[p] as number) * inv;
    }
  }
  return { rows: n, features, offsets, indices: indices.slice(0, total), values };
}

function grow(a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}
