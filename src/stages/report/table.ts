/**
 * The included-sources table (the report's Appendix 4, pure): every full-text include with its
 * bibliographic record and, where extraction has it, country and publication form; sorted by first
 * author, then year and title. Sorting folds diacritics and case by code point, not by the machine's
 * locale, so the order is the same everywhere.
 */
import type { ExtractionConfig, ExtractionRow } from '../../model/extraction.js';
import type { FulltextDecision } from '../../model/fulltext.js';
import type { RecordType } from '../../model/record.js';
import type { UniqueRecord } from '../../model/unique.js';
import { UserError } from '../../project/errors.js';
import { authorList } from '../shared/authors.js';

export interface IncludedRow {
  first_author: string;
  authors: string;
  year: string;
  country: string;
  title: string;
  publication_type: string;
  route: 'databases' | 'hand search';
  source: string;
  doi: string;
  record_id: string;
}

export const INCLUDED_COLUMNS = ['first_author', 'authors', 'year', 'country', 'title', 'publication_type', 'route', 'source', 'doi', 'record_id'] as const;

const TYPE_LABELS: Record<RecordType, string> = {
  article: 'journal article', review: 'review article', book: 'book', chapter: 'book chapter', conference: 'conference paper',
  thesis: 'thesis', report: 'report', dataset: 'dataset', web: 'web page', patent: 'patent', preprint: 'preprint', other: 'other',
};

function valueText(value: ExtractionRow['values'][string] | undefined): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join('; ') : String(value);
}

export function sortKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function includedTable(
  records: readonly UniqueRecord[], decisions: readonly FulltextDecision[],
  extraction: readonly ExtractionRow[], codebook: ExtractionConfig | undefined,
): IncludedRow[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const extracted = new Map(extraction.map((e) => [e.record_id, e]));
  const countryField = codebook?.fields.find((f) => f.role === 'country')?.id;
  const formField = codebook?.fields.find((f) => f.role === 'publication-form')?.id;
  const rows: IncludedRow[] = [];
  for (const d of decisions) {
    if (d.decision !== 'include' || d.retrieved === 'no') continue;
    const r = byId.get(d.record_id);
    if (!r) throw new UserError(`stages/fulltext/decisions.csv includes record ${d.record_id}, which is not in stages/dedupe/unique.jsonl: run \`review fulltext collect\` again`);
    const e = extracted.get(r.id);
    const form = formField && e ? valueText(e.values[formField]) : '';
    rows.push({
      first_author: r.authors[0]?.family ?? '',
      authors: authorList(r.authors),
      year: r.year === undefined ? '' : String(r.year),
      country: countryField && e ? valueText(e.values[countryField]) : '',
      title: r.title ?? '',
      publication_type: form || (r.type ? TYPE_LABELS[r.type] : ''),
      route: d.arm === 'databases' ? 'databases' : 'hand search',
      source: d.source,
      doi: r.doi ?? '',
      record_id: r.id,
    });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  // Sources without an author go last, as in a printed reference list.
  return rows.sort((a, b) =>
    cmp(a.first_author === '' ? '\uffff' : sortKey(a.first_author), b.first_author === '' ? '\uffff' : sortKey(b.first_author))
    || cmp(a.year, b.year) || cmp(sortKey(a.title), sortKey(b.title)) || cmp(a.record_id, b.record_id));
}

/** Included sources per country; a source from several countries counts for each, one without a country as "(not extracted)". */
export function countryCounts(rows: readonly IncludedRow[]): { label: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const countries = r.country ? r.country.split(/;\s*/).filter(Boolean) : ['(not extracted)'];
    for (const c of countries) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => ({ label, n })).sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
