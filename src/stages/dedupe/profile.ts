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
import { count } from '../shared/plural.js';

export type ProfiledField = 'volume' | 'issue' | 'pages' | 'year' | 'journal' | 'doi';
const FIELDS: readonly ProfiledField[] = ['volume', 'issue', 'pages', 'year', 'journal', 'doi'];

/** A source needs this many values of a field before its distinctness or constancy means anything. */
export const MIN_PROFILED_VALUES = 50;
/**
 * Issue and volume numbers repeat across a search's records (issues 1–12, a few hundred volumes);
 * a column distinct in at least this share of its values numbers the records instead.
 */
export const COUNTER_DISTINCT_SHARE = 0.9;
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
function judge(field: ProfiledField, present: number, distinct: number): string | undefined {
  if (present < MIN_PROFILED_VALUES) return undefined;
  if ((field === 'issue' || field === 'volume') && distinct >= COUNTER_DISTINCT_SHARE * present) {
    return `looks like a record counter (${count(distinct, 'distinct value')} in ${count(present, 'record')})`;
  }
  // One value everywhere: a placeholder or a default of the export. A whole search within one
  // journal or year is possible, so a constant journal or year is kept.
  if (distinct === 1 && (field === 'issue' || field === 'pages' || field === 'doi')) return `one value in all ${count(present, 'record')}`;
  return undefined;
}

/** Profile every source's fields and decide; the order of the rows is the sources' first appearance, then FIELDS. */
export function profileFields(features: readonly RecordFeatures[]): FieldDecision[] {
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
      const reason = judge(field, present, values.size);
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
export function applyFieldProfile(features: RecordFeatures[]): FieldDecision[] {
  const decisions = profileFields(features);
  const aside = new Set(decisions.filter((d) => d.decision === 'set aside').map((d) => `${d.source}\u0000${d.field}`));
  const containers = containerDois(features);
  const containerRecords = new Map<string, number>();
  for (const f of features) {
    for (const field of FIELDS) {
      if (aside.has(`${f.source}\u0000${field}`) && fieldValue(f, field) !== undefined) {
        clearField(f, field);
        (f.setAside ??= []).push(field);
      }
    }
    if (f.doi !== undefined && containers.has(f.doi)) {
      delete f.doi;
      (f.setAside ??= []).push('container doi');
      containerRecords.set(f.source, (containerRecords.get(f.source) ?? 0) + 1);
    }
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
