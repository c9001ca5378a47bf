/**
 * Look at each source's fields before matching. A column of a real export is not always what its
 * name says: an issue column that numbers the records, a column with one value in every record, a
 * DOI of a supplement or proceedings volume given to each of its articles. Such a field agrees or
 * conflicts for reasons unrelated to the records, so it is profiled per source (distinct values,
 * constancy) and either kept as evidence or set aside for matching. Each decision is reported
 * (stages/dedupe/field-decisions.csv and the summary); merged records keep every field as imported.
 * The limits below are fixed by what the fields mean, not fitted to any dataset.
 */
import type { RecordFeatures } from './features.js';
import { intersectionSize } from './features.js';
import { sameAuthor } from './compare.js';
import { DEFAULT_TUNING, type DedupeTuning } from './tuning.js';
import { count } from '../shared/plural.js';

export type ProfiledField = 'volume' | 'issue' | 'pages' | 'year' | 'journal' | 'doi';
const FIELDS: readonly ProfiledField[] = ['volume', 'issue', 'pages', 'year', 'journal', 'doi'];

/** A source needs this many values of a field before its distinctness or constancy means anything. */
export const MIN_PROFILED_VALUES = DEFAULT_TUNING.minProfiledValues;
/**
 * Issue and volume numbers repeat across a search's records (issues 1–12, a few hundred volumes);
 * a column distinct in at least this share of its values numbers the records instead.
 */
export const COUNTER_DISTINCT_SHARE = DEFAULT_TUNING.counterDistinctShare;
/** Fields whose disagreement among confident matches is weighed against random pairs (a counter, a misplaced column). */
const MATCH_CHECKED: readonly ProfiledField[] = ['volume', 'issue'];
/** A confident match by title needs this many title words (a short title recurs as a column heading). */
const CONFIDENT_TITLE_WORDS = 6;
/** An identifier on more records than this is no article's identifier. */
const MAX_ARTICLE_DOI_RECORDS = 50;

export interface FieldDecision {
  source: string;
  field: string;
  records: number;
  present: number;
  distinct: number;
  decision: 'evidence' | 'set aside';
  reason: string;
}

export const FIELD_DECISION_COLUMNS = ['source', 'field', 'records', 'present', 'distinct', 'decision', 'reason'] as const;

function fieldValue(f: RecordFeatures, field: ProfiledField): string | undefined {
  switch (field) {
    case 'volume': return f.volume;
    case 'issue': return f.issue;
    case 'pages': return f.pages ? `${f.pages.first}-${f.pages.last ?? ''}` : undefined;
    case 'year': return f.year === undefined ? undefined : String(f.year);
    case 'journal': return f.journal.length ? f.journal.join(' ') : undefined;
    case 'doi': return f.doi;
  }
}

/** Why a source's field is no evidence, or undefined when it is. */
function judge(field: ProfiledField, present: number, distinct: number, tuning: Readonly<DedupeTuning>): string | undefined {
  if (present < tuning.minProfiledValues) return undefined;
  if ((field === 'issue' || field === 'volume') && distinct >= tuning.counterDistinctShare * present) {
    return `looks like a record counter (${count(distinct, 'distinct value')} in ${count(present, 'record')})`;
  }
  // One value everywhere: a placeholder or a default of the export. A whole search within one
  // journal or year is possible, so a constant journal or year is kept.
  if (distinct === 1 && (field === 'issue' || field === 'pages' || field === 'doi')) return `one value in all ${count(present, 'record')}`;
  return undefined;
}

/** Profile every source's fields and decide; the order of the rows is the sources' first appearance, then FIELDS. */
export function profileFields(features: readonly RecordFeatures[], tuning: Readonly<DedupeTuning> = DEFAULT_TUNING): FieldDecision[] {
  const bySource = new Map<string, RecordFeatures[]>();
  for (const f of features) {
    const list = bySource.get(f.source);
    if (list) list.push(f); else bySource.set(f.source, [f]);
  }
  const out: FieldDecision[] = [];
  for (const [source, list] of bySource) {
    for (const field of FIELDS) {
      const values = new Set<string>();
      let present = 0;
      for (const f of list) {
        const v = fieldValue(f, field);
        if (v !== undefined) { present++; values.add(v); }
      }
      const reason = judge(field, present, values.size, tuning);
      out.push({ source, field, records: list.length, present, distinct: values.size, decision: reason ? 'set aside' : 'evidence', reason: reason ?? '' });
    }
  }
  return out;
}

/**
 * DOIs of a container (a supplement, proceedings volume or book) rather than of one article: shared
 * by records whose titles share less than half their words and whose first authors differ. Such a
 * DOI is no evidence that two records are one, nor that records with other DOIs differ.
 */
export function containerDois(features: readonly RecordFeatures[]): Map<string, number> {
  const byDoi = new Map<string, RecordFeatures[]>();
  for (const f of features) {
    if (f.doi === undefined || f.titleKind === 'erratum') continue;
    const list = byDoi.get(f.doi);
    if (list) list.push(f); else byDoi.set(f.doi, [f]);
  }
  const out = new Map<string, number>();
  for (const [doi, list] of byDoi) {
    if (list.length < 2) continue;
    if (list.length > MAX_ARTICLE_DOI_RECORDS || list.some((x, i) => list.slice(i + 1).some((y) => unrelated(x, y)))) out.set(doi, list.length);
  }
  return out;
}

/** Clearly two different works: titles sharing less than half their words, and different (or unknown) first authors. */
export function unrelated(a: RecordFeatures, b: RecordFeatures): boolean {
  if (!a.titleTokens.length || !b.titleTokens.length) return false;
  const shorter = Math.min(a.titleTokens.length, b.titleTokens.length);
  if (intersectionSize(a.titleTokens, b.titleTokens) / shorter >= 0.5) return false;
  const fa = a.authors[0];
  const fb = b.authors[0];
  return !(fa && fb && fa.family === fb.family);
}

/**
 * Set aside what the profile found: the fields of a source that are no evidence, and container
 * DOIs. Edits the features in place and returns the report rows (one per container DOI group is
 * summarised in one row per source).
 */
export function applyFieldProfile(features: RecordFeatures[], tuning: Readonly<DedupeTuning> = DEFAULT_TUNING): FieldDecision[] {
  const decisions = profileFields(features, tuning);
  const setAside = (aside: ReadonlySet<string>): void => {
    for (const f of features) {
      for (const field of FIELDS) {
        if (aside.has(`${f.source}\u0000${field}`) && fieldValue(f, field) !== undefined) {
          clearField(f, field);
          (f.setAside ??= []).push(field);
        }
      }
    }
  };
  setAside(new Set(decisions.filter((d) => d.decision === 'set aside').map((d) => `${d.source}\u0000${d.field}`)));
  const containers = containerDois(features);
  const containerRecords = new Map<string, number>();
  for (const f of features) {
    if (f.doi !== undefined && containers.has(f.doi)) {
      delete f.doi;
      (f.setAside ??= []).push('container doi');
      containerRecords.set(f.source, (containerRecords.get(f.source) ?? 0) + 1);
    }
  }
  // What distinctness cannot show (a small source, values that repeat but mean nothing), the confident
  // matches can: a field they disagree on about as often as random pairs of records is no evidence.
  // One source's junk column makes its matches with every other source disagree too: the source whose
  // matches disagree most is set aside first, and the others are weighed again without it.
  const matches = confidentMatches(features);
  for (;;) {
    const worst = weighFields(features, tuning, matches).filter((w) => w.noEvidence)
      .sort((x, y) => y.disagreementRatio - x.disagreementRatio)[0];
    if (!worst) break;
    const d = decisions.find((x) => x.source === worst.source && x.field === worst.field)!;
    d.decision = 'set aside';
    d.reason = `disagrees in ${worst.disagree} of ${count(worst.matches, 'confident match', 'confident matches')} (the same DOI, or the same title of ${CONFIDENT_TITLE_WORDS} words or more by the same first author in the same year), about as often as random pairs of records (${Math.round(100 * worst.randomDisagreement)} %)`;
    setAside(new Set([`${worst.source}\u0000${worst.field}`]));
  }
  for (const d of decisions) {
    const n = d.field === 'doi' ? containerRecords.get(d.source) : undefined;
    if (n && d.decision === 'evidence') {
      d.reason = `${count(n, 'record')} ${n === 1 ? 'carries' : 'carry'} a DOI shared with records of other titles and first authors (a supplement's, proceedings' or book's DOI): not used for those records`;
    }
  }
  return decisions;
}

function clearField(f: RecordFeatures, field: ProfiledField): void {
  switch (field) {
    case 'volume': delete f.volume; break;
    case 'issue': delete f.issue; break;
    case 'pages': delete f.pages; break;
    case 'year': delete f.year; break;
    case 'journal': f.journal = []; break;
    case 'doi': delete f.doi; break;
  }
}

export interface FieldWeight {
  source: string;
  field: ProfiledField;
  /** Confident matches with the field present in both records, one of them from this source. */
  matches: number;
  /** Of those, the ones whose values differ. */
  disagree: number;
  /** Share of random pairs of records (this source's against all) whose values differ. */
  randomDisagreement: number;
  /** m/u of a disagreement: m with one disagreement and one agreement added (Laplace), so a handful of matches cannot decide alone. */
  disagreementRatio: number;
  /** The field's disagreement says too little to count: enough matches, and the ratio at least tuning.matchDisagreementRatio. */
  noEvidence: boolean;
}

/**
 * Fellegi–Sunter's m and u for a disagreement, per source and field: m from confident matches (the
 * same DOI, or the same long title by the same first author in the same year — found without the
 * field judged), u from all pairs of this source's records with the project's, computed exactly from
 * value counts.
 */
export function weighFields(features: readonly RecordFeatures[], tuning: Readonly<DedupeTuning> = DEFAULT_TUNING, matches = confidentMatches(features)): FieldWeight[] {
  const tally = new Map<string, { matches: number; disagree: number }>();
  const note = (source: string, field: ProfiledField, differ: boolean): void => {
    const key = `${source}\u0000${field}`;
    const t = tally.get(key) ?? { matches: 0, disagree: 0 };
    t.matches++;
    if (differ) t.disagree++;
    tally.set(key, t);
  };
  const n = features.length;
  for (const code of matches) {
    const x = features[Math.floor(code / n)]!;
    const y = features[code % n]!;
    for (const field of MATCH_CHECKED) {
      const vx = fieldValue(x, field);
      const vy = fieldValue(y, field);
      if (vx === undefined || vy === undefined) continue;
      note(x.source, field, vx !== vy);
      if (y.source !== x.source) note(y.source, field, vx !== vy);
    }
  }
  const out: FieldWeight[] = [];
  for (const field of MATCH_CHECKED) {
    const all = new Map<string, number>();
    const bySource = new Map<string, Map<string, number>>();
    let total = 0;
    for (const f of features) {
      const v = fieldValue(f, field);
      if (v === undefined) continue;
      total++;
      all.set(v, (all.get(v) ?? 0) + 1);
      const counts = bySource.get(f.source) ?? new Map<string, number>();
      counts.set(v, (counts.get(v) ?? 0) + 1);
      bySource.set(f.source, counts);
    }
    for (const [source, counts] of bySource) {
      const t = tally.get(`${source}\u0000${field}`);
      if (!t) continue;
      let present = 0;
      let agreeing = 0;
      for (const [v, c] of counts) { present += c; agreeing += c * ((all.get(v) ?? 0) - 1); }
      const randomDisagreement = total > 1 ? 1 - agreeing / (present * (total - 1)) : 1;
      const disagreementRatio = (t.disagree + 1) / (t.matches + 2) / Math.max(randomDisagreement, 1e-9);
      out.push({
        source, field, matches: t.matches, disagree: t.disagree, randomDisagreement, disagreementRatio,
        noEvidence: t.matches >= tuning.minConfidentMatches && disagreementRatio >= tuning.matchDisagreementRatio,
      });
    }
  }
  return out;
}

/**
 * Pairs that are one record beyond doubt without looking at volume, issue or pages, as sorted distinct
 * codes i·n + j (indexes into `features`, i < j); groups larger than an article's are skipped.
 */
export function confidentMatches(features: readonly RecordFeatures[]): Float64Array {
  const groups = new Map<string, number[]>();
  const add = (key: string, i: number): void => {
    const list = groups.get(key);
    if (list) list.push(i); else groups.set(key, [i]);
  };
  features.forEach((f, i) => {
    if (f.titleKind !== undefined) return;
    if (f.doi !== undefined) add(`d:${f.doi}`, i);
    if (f.title !== undefined && f.titleTokens.length >= CONFIDENT_TITLE_WORDS) add(`t:${f.title}`, i);
  });
  const n = features.length;
  const codes: number[] = [];
  for (const [key, list] of groups) {
    if (list.length < 2 || list.length > MAX_ARTICLE_DOI_RECORDS) continue;
    const byTitle = key.startsWith('t:');
    for (let p = 0; p < list.length; p++) {
      for (let q = p + 1; q < list.length; q++) {
        const x = features[list[p]!]!;
        const y = features[list[q]!]!;
        if (byTitle && !(x.year !== undefined && x.year === y.year && x.authors[0] && y.authors[0] && sameAuthor(x.authors[0], y.authors[0]))) continue;
        codes.push(list[p]! * n + list[q]!);
      }
    }
  }
  const sorted = Float64Array.from(codes).sort();
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k]!;
  return sorted.slice(0, distinct);
}
