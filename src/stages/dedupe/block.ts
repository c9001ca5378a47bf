/**
 * Candidate pairs without comparing all pairs: records that share a blocking key are compared.
 * Exact keys (DOI, PMID, normalised title) and fuzzy keys (title start and end, the two rarest
 * title words, first author + year, volume + first page). A block larger than MAX_BLOCK is not
 * expanded into all its pairs: its members are sorted by title and each is compared with its
 * WINDOW nearest neighbours (sorted neighbourhood), so the number of pairs grows about linearly.
 */
import type { RecordFeatures } from './features.js';

const MAX_BLOCK = 40;
const WINDOW = 10;
const EDGE_CHARS = 24;

export function blockingKeys(f: RecordFeatures, rareWords: (tokens: readonly string[]) => string[]): string[] {
  const keys: string[] = [];
  if (f.doi) keys.push(`d:${f.doi}`);
  if (f.pmid) keys.push(`p:${f.pmid}`);
  if (f.title) {
    const compact = f.title.replace(/ /g, '');
    keys.push(`t:${compact}`);
    if (compact.length > EDGE_CHARS) {
      keys.push(`ts:${compact.slice(0, EDGE_CHARS)}`);
      keys.push(`te:${compact.slice(-EDGE_CHARS)}`);
    }
    const rare = rareWords(f.titleTokens);
    if (rare.length === 2) keys.push(`tr:${rare[0]} ${rare[1]}`);
  }
  const first = f.authors[0];
  if (first && f.year !== undefined) keys.push(`ay:${first.family}|${f.year}`);
  if (f.volume && f.pages) keys.push(`vp:${f.volume}|${f.pages.first}`);
  if (f.year !== undefined && f.pages?.last) keys.push(`yp:${f.year}|${f.pages.first}-${f.pages.last}`);
  return keys;
}

/** Title words ranked rarest first (ties by the word), from document frequencies over all records. */
export function rareWordPicker(all: readonly RecordFeatures[]): (tokens: readonly string[]) => string[] {
  const df = new Map<string, number>();
  for (const f of all) for (const t of f.titleTokens) df.set(t, (df.get(t) ?? 0) + 1);
  return (tokens) => [...tokens]
    .filter((t) => t.length >= 3)
    .sort((x, y) => (df.get(x)! - df.get(y)!) || (x < y ? -1 : x > y ? 1 : 0))
    .slice(0, 2)
    .sort();
}

/**
 * Candidate pairs as sorted, distinct codes i·n + j (i < j, indexes into `features`): a typed array
 * instead of a million small tuples keeps memory and garbage collection flat on large imports.
 */
export function candidatePairs(features: readonly RecordFeatures[]): Float64Array {
  const rare = rareWordPicker(features);
  const blocks = new Map<string, number[]>();
  for (const f of features) {
    for (const key of blockingKeys(f, rare)) {
      const members = blocks.get(key);
      if (members) members.push(f.index); else blocks.set(key, [f.index]);
    }
  }
  const n = features.length;
  let codes = new Float64Array(1024);
  let size = 0;
  const add = (x: number, y: number): void => {
    if (size === codes.length) { const grown = new Float64Array(codes.length * 2); grown.set(codes); codes = grown; }
    codes[size++] = x < y ? x * n + y : y * n + x;
  };
  for (const members of blocks.values()) {
    if (members.length < 2) continue;
    if (members.length <= MAX_BLOCK) {
      for (let p = 0; p < members.length; p++) for (let q = p + 1; q < members.length; q++) add(members[p]!, members[q]!);
      continue;
    }
    const byTitle = [...members].sort((x, y) => compareTitles(features[x]!, features[y]!));
    for (let p = 0; p < byTitle.length; p++) {
      for (let q = p + 1; q <= p + WINDOW && q < byTitle.length; q++) add(byTitle[p]!, byTitle[q]!);
    }
  }
  const sorted = codes.subarray(0, size).sort();
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k]!;
  return sorted.slice(0, distinct);
}

function compareTitles(a: RecordFeatures, b: RecordFeatures): number {
  const x = a.title ?? '';
  const y = b.title ?? '';
  return x < y ? -1 : x > y ? 1 : a.index - b.index;
}
