/**
 * Match a project's included sources to a reference list (pure): DOI first, then fuzzy title
 * (Levenshtein similarity on folded titles, years at most one apart), then first author + year for
 * reference rows without a title. One-to-one: each record matches at most one reference row.
 */
import { distance } from 'fastest-levenshtein';

export interface ReferenceSource {
  key: string;
  firstAuthor: string;
  year: string;
  title: string;
  doi: string;
  /** 1-based line in the reference CSV. */
  line: number;
}

export interface ProjectSource {
  recordId: string;
  firstAuthor: string;
  year: string;
  title: string;
  doi: string;
  route: 'databases' | 'other';
}

export interface Match {
  reference: ReferenceSource;
  source: ProjectSource;
  how: 'doi' | 'title' | 'author-year';
  /** Title similarity (0–1); 1 for DOI matches. */
  score: number;
}

export interface VerifyResult {
  matched: Match[];
  missing: ReferenceSource[];
  extra: ProjectSource[];
}

export const DEFAULT_MIN_SIMILARITY = 0.88;

export function normaliseDoi(doi: string): string {
  return doi.trim().toLowerCase().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/, '');
}

export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function titleSimilarity(a: string, b: string): number {
  const x = foldText(a);
  const y = foldText(b);
  if (!x || !y) return 0;
  return 1 - distance(x, y) / Math.max(x.length, y.length);
}

function surname(name: string): string {
  return foldText(name).replace(/\s+/g, '');
}

function yearsClose(a: string, b: string): boolean {
  if (!a || !b) return true;
  return Math.abs(Number(a) - Number(b)) <= 1;
}

export function matchSources(reference: readonly ReferenceSource[], project: readonly ProjectSource[], minSimilarity = DEFAULT_MIN_SIMILARITY): VerifyResult {
  const matched: Match[] = [];
  const usedRef = new Set<ReferenceSource>();
  const usedSrc = new Set<ProjectSource>();
  const take = (reference: ReferenceSource, source: ProjectSource, how: Match['how'], score: number): void => {
    matched.push({ reference, source, how, score: Math.round(score * 1000) / 1000 });
    usedRef.add(reference);
    usedSrc.add(source);
  };
  for (const r of reference) {
    if (!r.doi) continue;
    const s = project.find((p) => !usedSrc.has(p) && p.doi && normaliseDoi(p.doi) === normaliseDoi(r.doi));
    if (s) take(r, s, 'doi', 1);
  }
  // Best title pairs first, so a near-duplicate title cannot take another reference's better match.
  const pairs: { r: ReferenceSource; s: ProjectSource; score: number }[] = [];
  for (const r of reference) {
    if (usedRef.has(r) || !r.title) continue;
    for (const s of project) {
      if (usedSrc.has(s) || !yearsClose(r.year, s.year)) continue;
      const score = titleSimilarity(r.title, s.title);
      if (score >= minSimilarity) pairs.push({ r, s, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.r.line - b.r.line);
  for (const p of pairs) if (!usedRef.has(p.r) && !usedSrc.has(p.s)) take(p.r, p.s, 'title', p.score);
  for (const r of reference) {
    if (usedRef.has(r) || r.title) continue;
    const s = project.find((p) => !usedSrc.has(p) && r.year !== '' && p.year === r.year && surname(p.firstAuthor) === surname(r.firstAuthor));
    if (s) take(r, s, 'author-year', titleSimilarity(r.title, s.title));
  }
  matched.sort((a, b) => a.reference.line - b.reference.line);
  return { matched, missing: reference.filter((r) => !usedRef.has(r)), extra: project.filter((s) => !usedSrc.has(s)) };
}
