/**
 * Allocation of records to screeners (design.md "Screening allocation"): a pure function of
 * (record ids, plan, seed, earlier assignments).
 *
 * 1. Counts: screener j should screen share_j × N records. The exact quotas are apportioned by
 *    largest remainder (ties broken by a seeded order), so every count is within one record of
 *    its quota and the counts add up to reviewsPerRecord × N.
 * 2. Slots: the counts are laid out as contiguous blocks, in plan order, over a grid of
 *    reviewsPerRecord rows × N columns (row-major). A block is never longer than N, so no column
 *    holds a screener twice: each column is a record's distinct screeners. Columns with the same
 *    screeners form a "segment" (e.g. KBA+ON, KBA+SS, …), as in the seed review's 100/50/50.
 * 3. Records: sorted ids, shuffled with the seeded PRNG (within each stratum when stratified,
 *    strata in name order), are dealt to segments so every prefix of the sequence gives each segment
 *    its proportional number within one; so each stratum is spread over the segments in proportion.
 */
import { Prng } from './prng.js';
import type { ScreeningPlan } from './plan.js';

export interface AllocationRequest {
  plan: ScreeningPlan;
  /** Records to allocate now (new since the last assignment, or all). */
  recordIds: readonly string[];
  /** Stratum (first source) per record; used when plan.stratifyBy is "source". */
  strataOf?: (id: string) => string;
  /** Records already assigned and still present, per screener: the new counts top them up to the share of the whole. */
  existingCounts?: ReadonlyMap<string, number>;
  /** Records already assigned and still present (N = existing + new). */
  existingRecords?: number;
  /** Distinguishes the PRNG stream of each assignment batch. */
  batch?: number;
}

export interface RecordAssignment {
  recordId: string;
  /** Distinct screener ids in plan order. */
  screeners: string[];
  stratum: string;
}

export function allocate(req: AllocationRequest): RecordAssignment[] {
  const { plan } = req;
  const n = req.recordIds.length;
  if (n === 0) return [];
  const batch = req.batch ?? 1;
  const prng = new Prng(`${plan.seed}\u0000batch ${batch}`);
  const totalRecords = n + (req.existingRecords ?? 0);
  const quotas = plan.screeners.map((s) => s.share * totalRecords - (req.existingCounts?.get(s.id) ?? 0));
  const tieRank = prng.shuffle(plan.screeners.map((_, i) => i));
  const counts = apportion(quotas, plan.reviewsPerRecord * n, n, tieRank);
  const segments = segmentsOf(counts, n, plan.reviewsPerRecord);
  const sequence = recordSequence(req, prng);
  const dealt = deal(sequence.length, segments.map((s) => s.length));
  return sequence.map((item, k) => {
    const seg = segments[dealt[k] as number] as Segment;
    return { recordId: item.id, stratum: item.stratum, screeners: seg.rows.map((i) => (plan.screeners[i] as { id: string }).id) };
  });
}

/**
 * Integers summing to `total`, each at most `cap`, proportional to `quotas` (negatives count as 0):
 * quotas are scaled to the total (water-filling at the cap), floored, and the remaining units go to
 * the largest remainders, ties by `tieRank` order.
 */
export function apportion(quotas: readonly number[], total: number, cap: number, tieRank: readonly number[]): number[] {
  const k = quotas.length;
  if (total > cap * k) throw new RangeError(`apportion: ${total} units cannot fit ${k} items capped at ${cap}`);
  const q = quotas.map((x) => Math.max(0, x));
  // A quota at the cap gets the cap: when screeners ahead of their share (negative quotas, from earlier
  // batches) leave the others more than the total, scaling must not take a record from a screener who
  // screens every record (share 1.0 of the seed review), only from those below the cap.
  const fixed = q.map((x) => x >= cap);
  if (fixed.filter(Boolean).length * cap > total) fixed.fill(false);
  let scaled = q.slice();
  for (;;) {
    const free = q.map((_, i) => i).filter((i) => !fixed[i]);
    const remaining = total - cap * (k - free.length);
    const freeSum = free.reduce((acc, i) => acc + (q[i] as number), 0);
    scaled = q.map((x, i) => (fixed[i] ? cap : freeSum > 0 ? (x * remaining) / freeSum : remaining / free.length));
    // Snap float noise (0.49999999 of 1.0 shares) so exact quotas stay exact.
    scaled = scaled.map((x) => Math.round(x * 1e9) / 1e9);
    const over = free.filter((i) => (scaled[i] as number) > cap);
    if (over.length === 0) break;
    for (const i of over) fixed[i] = true;
  }
  const counts = scaled.map((x) => Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const rankOf = new Map(tieRank.map((item, r) => [item, r]));
  const order = scaled
    .map((x, i) => ({ i, rem: x - Math.floor(x) }))
    .sort((a, b) => b.rem - a.rem || (rankOf.get(a.i) ?? a.i) - (rankOf.get(b.i) ?? b.i));
  while (left > 0) {
    let progressed = false;
    for (const { i } of order) {
      if (left === 0) break;
      if ((counts[i] as number) < cap) {
        counts[i] = (counts[i] as number) + 1;
        left--;
        progressed = true;
      }
    }
    if (!progressed) throw new RangeError('apportion: no room left under the cap');
  }
  return counts;
}

interface Segment {
  length: number;
  /** Screener indexes (plan order), one per grid row. */
  rows: number[];
}

/** Lay the counts row-major over a rows × n grid and cut it into column ranges with the same screeners. */
function segmentsOf(counts: readonly number[], n: number, rows: number): Segment[] {
  const cuts = new Set<number>([0, n]);
  const blocks: { screener: number; start: number; end: number }[] = [];
  let pos = 0;
  counts.forEach((c, screener) => {
    if (c === 0) return;
    blocks.push({ screener, start: pos, end: pos + c });
    cuts.add(pos % n);
    cuts.add((pos + c) % n);
    pos += c;
  });
  const sorted = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as number;
    const b = sorted[i + 1] as number;
    const segRows: number[] = [];
    for (let r = 0; r < rows; r++) {
      const p = r * n + a;
      const block = blocks.find((bl) => bl.start <= p && p < bl.end);
      if (!block) throw new Error(`allocation grid has a hole at row ${r}, column ${a}`);
      segRows.push(block.screener);
    }
    segments.push({ length: b - a, rows: segRows });
  }
  return segments;
}

function recordSequence(req: AllocationRequest, prng: Prng): { id: string; stratum: string }[] {
  const ids = [...new Set(req.recordIds)].sort();
  const stratified = req.plan.stratifyBy === 'source' && req.strataOf;
  const stratumOf = (id: string): string => (stratified && req.strataOf ? req.strataOf(id) : '');
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const s = stratumOf(id);
    const g = groups.get(s);
    if (g) g.push(id);
    else groups.set(s, [id]);
  }
  const out: { id: string; stratum: string }[] = [];
  for (const stratum of [...groups.keys()].sort()) {
    for (const id of prng.shuffle(groups.get(stratum) as string[])) out.push({ id, stratum });
  }
  return out;
}

/** Deal `n` items in order to segments of the given lengths, each prefix proportional within one. */
function deal(n: number, lengths: readonly number[]): number[] {
  const given = lengths.map(() => 0);
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    let best = -1;
    let bestDeficit = -Infinity;
    lengths.forEach((len, s) => {
      if ((given[s] as number) >= len) return;
      const deficit = (k + 1) * len - (given[s] as number) * n;
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = s;
      }
    });
    out[k] = best;
    given[best] = (given[best] as number) + 1;
  }
  return out;
}
