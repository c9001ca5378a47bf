/**
 * The dedupe stage as one pure function: imported records + review.json order + reviewer
 * decisions → unique records, the per-record and per-pair tables, source statistics and the
 * review queue. No I/O, no clock, no randomness: the same inputs give the same plan.
 */
import type { ImportedRecord } from '../../model/record.js';
import type { UniqueRecord } from '../../model/unique.js';
import type { DedupeDuplicateRow, DedupePairRow } from '../../model/dedupe.js';
import { candidatePairs } from './block.js';
import { Clusters } from './cluster.js';
import { comparePair, type PairResult } from './compare.js';
import { PairResults } from './pair-results.js';
import { recordFeatures, type RecordFeatures } from './features.js';
import { clusterSources, completeness, keepCompare, mergeCluster } from './merge.js';
import { applyFieldProfile, type FieldDecision } from './profile.js';
import { pairFingerprint, type ReviewerDecision } from './decisions.js';
import { DEFAULT_TUNING, type DedupeTuning } from './tuning.js';
import type { ProgressListener } from '../shared/progress.js';

export interface DedupeSettings {
  /** review.json `sources` order: decides firstSource, sources order and the keep tie-break. */
  sourceOrder: readonly string[];
  /** Uncertain pairs scoring below this are treated as different instead of queued (0–1; default: queue all). */
  reviewThreshold?: number;
  /** Limits other than the defaults: only the benchmark's leave-one-dataset-out choice sets them. */
  tuning?: Partial<DedupeTuning>;
}

export interface QueuedPair {
  a: ImportedRecord;
  b: ImportedRecord;
  result: PairResult;
  fingerprint: string;
}

export interface DecisionReport {
  applied: number;
  /** Decisions not applied, with why (records gone or changed since the sheet was made). */
  stale: { file: string; row: number; a: string; b: string; reason: string }[];
  /** Reviewer "different" pairs that other links still joined (should not happen: reported if it does). */
  conflicts: string[];
}

export interface SourceStats {
  source: string;
  records: number;
  within_source_duplicates: number;
  duplicates_removed: number;
  unique_records: number;
  first_source: number;
  only_in_source: number;
}

export interface DedupePlan {
  unique: UniqueRecord[];
  duplicates: DedupeDuplicateRow[];
  pairs: DedupePairRow[];
  queue: QueuedPair[];
  sources: SourceStats[];
  overlap: { source_a: string; source_b: string; shared: number }[];
  decisions: DecisionReport;
  /** Per source and field: evidence or set aside, and why (stages/dedupe/field-decisions.csv). */
  fieldDecisions: FieldDecision[];
  counts: { records: number; unique: number; duplicatesRemoved: number; clusters: number; candidatePairs: number; samePairs: number; uncertainPairs: number; refusedLinks: number };
}


/** What the plan keeps of every record besides its features: a few fields, held for all records at once. */
export interface RecordFacts {
  id: string;
  source: string;
  sourceRecordId?: string;
  /** merge.ts completeness(): decides which member a cluster keeps. */
  completeness: number;
}

export function recordFacts(r: ImportedRecord): RecordFacts {
  return { id: r.id, source: r.provenance.source, ...(r.sourceRecordId !== undefined ? { sourceRecordId: r.sourceRecordId } : {}), completeness: completeness(r) };
}

/**
 * The records a plan is made from: the facts and features of every record up front, whole records
 * read on demand (for merging a cluster, the review queue and fingerprints), so the stage can read
 * them again from disk instead of holding every record.
 */
export interface DedupeInput {
  facts: readonly RecordFacts[];
  features: RecordFeatures[];
  record(index: number): ImportedRecord;
}

/** One cluster of the plan: its id and members (indexes, ascending). */
export interface PlannedCluster {
  id: string;
  members: number[];
}

/** A plan whose unique records are made one cluster at a time (`uniqueRecord`), in `clusters` order. */
export interface StreamedDedupePlan extends Omit<DedupePlan, 'unique' | 'pairs'> {
  clusters: PlannedCluster[];
  uniqueRecord(cluster: PlannedCluster): UniqueRecord;
  /** pairs.csv's rows, made one at a time (a million compared pairs are gigabytes as row objects). */
  pairRows(): Iterable<DedupePairRow>;
}

/** The plan from records held in memory (tests, benchmarks): planDedupeFrom over the array. */
export function planDedupe(records: readonly ImportedRecord[], settings: DedupeSettings, reviewer: readonly ReviewerDecision[] = [], onProgress?: ProgressListener): DedupePlan {
  onProgress?.({ phase: 'blocking (finding candidate pairs)', records: records.length });
  const input: DedupeInput = {
    facts: records.map(recordFacts),
    features: records.map((r, i) => recordFeatures(r, i)),
    record: (i) => records[i]!,
  };
  const { clusters, uniqueRecord, pairRows, ...plan } = planDedupeFrom(input, settings, reviewer, onProgress);
  return {
    unique: clusters.map(uniqueRecord),
    duplicates: plan.duplicates,
    pairs: [...pairRows()],
    queue: plan.queue,
    sources: plan.sources,
    overlap: plan.overlap,
    decisions: plan.decisions,
    fieldDecisions: plan.fieldDecisions,
    counts: plan.counts,
  };
}

export function planDedupeFrom(input: DedupeInput, settings: DedupeSettings, reviewer: readonly ReviewerDecision[] = [], onProgress?: ProgressListener): StreamedDedupePlan {
  const { facts, features } = input;
  const tuning: Readonly<DedupeTuning> = settings.tuning ? { ...DEFAULT_TUNING, ...settings.tuning } : DEFAULT_TUNING;
  // Fields that are junk in a source (a record counter, a placeholder, a container's DOI) are set aside before blocking.
  const fieldDecisions = applyFieldProfile(features, tuning);
  const indexById = new Map(facts.map((r, i) => [r.id, i]));
  const n = facts.length;
  const pairs = candidatePairs(features);

  // Reviewer decisions come first and override the automatic decision for their pair, if the
  // pair still exists unchanged; later files win over earlier ones.
  const decisions: DecisionReport = { applied: 0, stale: [], conflicts: [] };
  const human = new Map<number, 'same' | 'different'>();
  for (const d of reviewer) {
    const ia = indexById.get(d.a);
    const ib = indexById.get(d.b);
    if (ia === undefined || ib === undefined) {
      decisions.stale.push({ file: d.file, row: d.row, a: d.a, b: d.b, reason: `record ${ia === undefined ? d.a : d.b} is no longer in the import` });
      continue;
    }
    if (d.fingerprint && d.fingerprint !== pairFingerprint(input.record(ia), input.record(ib))) {
      decisions.stale.push({ file: d.file, row: d.row, a: d.a, b: d.b, reason: 'the records changed since the sheet was made' });
      continue;
    }
    const [i, j] = ia < ib ? [ia, ib] : [ib, ia];
    human.set(i * n + j, d.decision);
    decisions.applied++;
  }
  // An erratum notice's own DOI does not keep it from its article's cluster.
  const clusters = new Clusters(n, features.map((f) => (f.titleKind === 'erratum' ? undefined : f.doi)));
  // Results live beside the sorted candidate codes (position k, packed), reviewers' in a small map: a map of
  // a million number keys costs seconds of hashing and garbage collection on a large import.
  const humanResults = new Map<number, PairResult>();
  const humanCodes = [...human.keys()].sort((x, y) => x - y);
  for (const code of humanCodes) {
    const a = Math.floor(code / n);
    const b = code % n;
    const decision = human.get(code)!;
    const result: PairResult = { ...comparePair(features[a]!, features[b]!, tuning), decision, rule: 'reviewer' };
    humanResults.set(code, result);
    if (decision === 'different') clusters.forbid(a, b);
  }
  for (const code of humanCodes) {
    if (human.get(code) === 'same') clusters.union({ a: Math.floor(code / n), b: code % n, rule: 'reviewer', score: humanResults.get(code)!.score });
  }

  // Identifier matches next, then every other candidate pair in order. A pair already in one
  // cluster is implied and not compared again; vetoes become cannot-links for later unions.
  let links = 0;
  const compared = new PairResults(pairs.length);
  const decide = (k: number): void => {
    const code = pairs[k]!;
    const a = Math.floor(code / n);
    const b = code % n;
    if (compared.has(k) || humanResults.has(code) || clusters.same(a, b)) return;
    const r = comparePair(features[a]!, features[b]!, tuning);
    compared.set(k, r);
    if (r.decision === 'same') {
      links++;
      clusters.union({ a, b, rule: r.rule, score: r.score });
    } else if (r.decision === 'different' && r.rule.startsWith('veto-')) {
      clusters.forbid(a, b);
    }
  };
  for (let k = 0; k < pairs.length; k++) {
    const code = pairs[k]!;
    const fa = features[Math.floor(code / n)]!;
    const fb = features[code % n]!;
    if ((fa.doi !== undefined && fa.doi === fb.doi) || (fa.pmid !== undefined && fa.pmid === fb.pmid)) decide(k);
  }
  const comparing = (done: number): void => onProgress?.({ phase: 'comparing', done, total: pairs.length, unit: 'pairs' });
  for (let k = 0; k < pairs.length; k++) {
    decide(k);
    if (k % 20000 === 0) comparing(k);
  }
  comparing(pairs.length);
  onProgress?.({ phase: 'clustering', records: n });
  /** Every decided pair in ascending code order: compared candidates and reviewers' pairs merged. */
  function* decidedPairs(): Generator<[number, PairResult]> {
    let h = 0;
    for (let k = 0; k <= pairs.length; k++) {
      const code = k < pairs.length ? pairs[k]! : Infinity;
      while (h < humanCodes.length && humanCodes[h]! <= code) {
        yield [humanCodes[h]!, humanResults.get(humanCodes[h]!)!];
        h++;
      }
      const r = k < pairs.length ? compared.get(k) : undefined;
      if (r !== undefined) yield [code, r];
    }
  }
  const clusterOf = clusters.roots();
  const clustering = { joinedBy: clusters.joinedBy };
  for (const [code, decision] of human) {
    if (decision === 'different' && clusterOf[Math.floor(code / n)] === clusterOf[code % n]) {
      decisions.conflicts.push(`${facts[Math.floor(code / n)]!.id} ${facts[code % n]!.id}`);
    }
  }

  // Clusters in order of their first member; unique records in that order.
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = clusterOf[i]!;
    const list = members.get(root);
    if (list) list.push(i); else members.set(root, [i]);
  }
  const rankOf = new Map(settings.sourceOrder.map((s, i) => [s, i]));
  const sourceRank = (s: string): number => rankOf.get(s) ?? settings.sourceOrder.length;
  const planned: PlannedCluster[] = [];
  const summaries: ClusterSources[] = [];
  const clusterIdOf: string[] = new Array(n).fill('');
  const keptIndex = new Set<number>();
  for (const [, list] of [...members].sort((x, y) => x[0] - y[0])) {
    let first = facts[list[0]!]!.id;
    for (const i of list) if (facts[i]!.id < first) first = facts[i]!.id;
    const clusterId = `c${first}`;
    for (const i of list) clusterIdOf[i] = clusterId;
    const keyed = list.map((i) => ({ completeness: facts[i]!.completeness, rank: sourceRank(facts[i]!.source), index: i }));
    keptIndex.add(keyed.reduce((best, k) => (keepCompare(k, best) < 0 ? k : best)).index);
    planned.push({ id: clusterId, members: list });
    const memberSources = list.map((i) => facts[i]!.source);
    const sources = clusterSources(memberSources, sourceRank);
    summaries.push({ memberSources, sources, firstSource: sources[0]! });
  }

  const duplicates: DedupeDuplicateRow[] = facts.map((r, i) => {
    const link = clustering.joinedBy[i];
    return {
      cluster_id: clusterIdOf[i]!,
      record_id: r.id,
      source: r.source,
      source_record_id: r.sourceRecordId ?? '',
      kept: keptIndex.has(i) ? 'true' : 'false',
      rule: link?.rule ?? '',
      score: link ? String(link.score) : '',
    };
  });

  const queue: QueuedPair[] = [];
  // One question per pair of clusters: the reviewer's answer joins (or separates) whole clusters.
  const bestUncertain = new Map<string, { a: number; b: number; result: PairResult }>();
  for (const [code, r] of decidedPairs()) {
    const a = Math.floor(code / n);
    const b = code % n;
    const merged = clusterOf[a] === clusterOf[b];
    if (r.decision === 'uncertain' && !merged && (settings.reviewThreshold === undefined || r.score >= settings.reviewThreshold)) {
      const key = `${clusterOf[a]} ${clusterOf[b]}`;
      const best = bestUncertain.get(key);
      if (!best || r.score > best.result.score) bestUncertain.set(key, { a, b, result: r });
    }
  }
  for (const { a, b, result } of bestUncertain.values()) {
    const ra = input.record(a);
    const rb = input.record(b);
    queue.push({ a: ra, b: rb, result, fingerprint: pairFingerprint(ra, rb) });
  }
  queue.sort((x, y) => y.result.score - x.result.score || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : x.b.id < y.b.id ? -1 : x.b.id > y.b.id ? 1 : 0));

  const { sources, overlap } = sourceStatistics(summaries, facts.map((f) => f.source), keptIndex, settings.sourceOrder);
  return {
    clusters: planned,
    uniqueRecord: (cluster) => mergeCluster(cluster.members.map((i) => ({ record: input.record(i), index: i })), cluster.id, sourceRank),
    duplicates,
    *pairRows() {
      for (const [code, r] of decidedPairs()) {
        const a = Math.floor(code / n);
        const b = code % n;
        yield pairRow(facts[a]!.id, facts[b]!.id, r, clusterOf[a] === clusterOf[b]);
      }
    },
    queue,
    sources,
    overlap,
    decisions,
    fieldDecisions,
    counts: {
      records: n,
      unique: planned.length,
      duplicatesRemoved: n - planned.length,
      clusters: planned.filter((c) => c.members.length > 1).length,
      candidatePairs: pairs.length,
      samePairs: links,
      uncertainPairs: queue.length,
      refusedLinks: clusters.refused,
    },
  };
}

/** Which sources a unique record has: its members' (in import order), each once in order, and the first. */
export interface ClusterSources {
  memberSources: readonly string[];
  sources: readonly string[];
  firstSource: string;
}

function pairRow(a: string, b: string, r: PairResult, merged: boolean): DedupePairRow {
  const s = r.scores;
  const text = (v: number | boolean | undefined): string => (v === undefined ? '' : String(v));
  return {
    a, b, decision: r.decision, rule: r.rule, score: String(r.score), merged: merged ? 'true' : 'false',
    title: text(s.title), title_words: text(s.titleWords), authors: text(s.authors), first_author: text(s.firstAuthor),
    year_diff: text(s.year), journal: text(s.journal), volume: text(s.volume), issue: text(s.issue), pages: text(s.pages),
    doi: text(s.doi), abstract: text(s.abstract),
  };
}

/** Per-source counts and pairwise overlap for PRISMA's identification box and the search report. */
export function sourceStatistics(unique: readonly ClusterSources[], recordSources: readonly string[], keptIndex: ReadonlySet<number>, sourceOrder: readonly string[]): { sources: SourceStats[]; overlap: { source_a: string; source_b: string; shared: number }[] } {
  const names = [...sourceOrder];
  for (const r of recordSources) if (!names.includes(r)) names.push(r);
  const stats = new Map(names.map((s) => [s, { source: s, records: 0, within_source_duplicates: 0, duplicates_removed: 0, unique_records: 0, first_source: 0, only_in_source: 0 }]));
  recordSources.forEach((source, i) => {
    const s = stats.get(source)!;
    s.records++;
    if (!keptIndex.has(i)) s.duplicates_removed++;
  });
  const shared = new Map<string, number>();
  for (const u of unique) {
    const perSource = new Map<string, number>();
    for (const m of u.memberSources) perSource.set(m, (perSource.get(m) ?? 0) + 1);
    for (const [source, count] of perSource) {
      const s = stats.get(source)!;
      s.unique_records++;
      s.within_source_duplicates += count - 1;
    }
    stats.get(u.firstSource)!.first_source++;
    if (u.sources.length === 1) stats.get(u.sources[0]!)!.only_in_source++;
    for (let i = 0; i < u.sources.length; i++) {
      for (let j = i + 1; j < u.sources.length; j++) {
        const key = `${u.sources[i]}\u0000${u.sources[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const overlap: { source_a: string; source_b: string; shared: number }[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      overlap.push({ source_a: names[i]!, source_b: names[j]!, shared: shared.get(`${names[i]}\u0000${names[j]}`) ?? 0 });
    }
  }
  return { sources: [...stats.values()], overlap };
}
