/**
 * The field's measures of a screening order (Cohen et al. 2006; as in ASReview's simulation):
 * k_r = records screened until ceil(r·R) of the R relevant records are found,
 * WSS@r = (N − k_r) / N − (1 − r), recall@10 % = share of relevant found after round(0.1·N) records.
 */

export interface OrderMetrics {
  records: number;
  relevant: number;
  wss95: number;
  wss100: number;
  recallAt10: number;
  screenedTo95: number;
  screenedTo100: number;
}

/** Records screened until `share` of the relevant records are found (`sequence` is relevance in screening order). */
export function screenedToRecall(sequence: readonly boolean[], share: number): number {
  const relevant = sequence.filter(Boolean).length;
  // A hair below, so 0.95 · 20 = 19.000000000000004 still needs 19, not 20.
  const needed = Math.ceil(share * relevant - 1e-9);
  if (needed <= 0) return 0;
  let found = 0;
  for (let i = 0; i < sequence.length; i++) {
    if (sequence[i]) found++;
    if (found >= needed) return i + 1;
  }
  return sequence.length;
}

/** Metrics of a complete screening order (every record screened once). */
export function orderMetrics(sequence: readonly boolean[]): OrderMetrics {
  const n = sequence.length;
  const relevant = sequence.filter(Boolean).length;
  if (relevant === 0) throw new RangeError('orderMetrics: no relevant record, recall is undefined');
  const screenedTo95 = screenedToRecall(sequence, 0.95);
  const screenedTo100 = screenedToRecall(sequence, 1);
  const tenth = Math.round(0.1 * n);
  let foundAtTenth = 0;
  for (let i = 0; i < tenth; i++) if (sequence[i]) foundAtTenth++;
  return {
    records: n,
    relevant,
    wss95: (n - screenedTo95) / n - 0.05,
    wss100: (n - screenedTo100) / n,
    recallAt10: foundAtTenth / relevant,
    screenedTo95,
    screenedTo100,
  };
}
