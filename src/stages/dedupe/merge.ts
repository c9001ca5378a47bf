/**
 * One unique record per cluster: keep the most complete member, fill its empty fields from the
 * others, and list every member with its source, file and position so any merge can be undone.
 */
import type { BibFields, ImportedRecord } from '../../model/record.js';
import { RECORD_SCHEMA_VERSION } from '../../model/record.js';
import type { UniqueRecord } from '../../model/unique.js';

const SCALAR_FIELDS = [
  'type', 'rawType', 'title', 'year', 'journal', 'journalAbbrev', 'volume', 'issue', 'pages', 'doi', 'pmid',
  'abstract', 'language', 'url', 'accessionNumber', 'publisher', 'database', 'sourceRecordId',
] as const satisfies readonly (keyof BibFields)[];
const LIST_FIELDS = ['issn', 'isbn', 'keywords'] as const satisfies readonly (keyof BibFields)[];

/** How complete a record is: one point per filled field, plus authors and a long abstract. */
export function completeness(r: ImportedRecord): number {
  let n = 0;
  for (const f of SCALAR_FIELDS) if (r[f] !== undefined && r[f] !== '') n++;
  for (const f of LIST_FIELDS) if (r[f].length) n++;
  if (r.authors.length) n += 2;
  if ((r.abstract?.length ?? 0) > 200) n++;
  return n;
}

/** Keep order of two members from what decides it alone: completeness, source rank, import position. */
export function keepCompare(
  x: { completeness: number; rank: number; index: number },
  y: { completeness: number; rank: number; index: number },
): number {
  return y.completeness - x.completeness || x.rank - y.rank || x.index - y.index;
}

/**
 * Members in keep order: most complete first; ties go to the earlier source in review.json, then
 * to the earlier record in the import.
 */
export function keepOrder(members: readonly { record: ImportedRecord; index: number }[], sourceRank: (s: string) => number): { record: ImportedRecord; index: number }[] {
  const keyed = members.map((m) => ({ m, completeness: completeness(m.record), rank: sourceRank(m.record.provenance.source), index: m.index }));
  return keyed.sort(keepCompare).map((k) => k.m);
}

/** A cluster's sources (members in import order): each once, in review.json order, then by name. */
export function clusterSources(memberSources: readonly string[], sourceRank: (s: string) => number): string[] {
  return [...new Set(memberSources)].sort((x, y) => sourceRank(x) - sourceRank(y) || (x < y ? -1 : x > y ? 1 : 0));
}

export function mergeCluster(
  members: readonly { record: ImportedRecord; index: number }[],
  clusterId: string,
  sourceRank: (s: string) => number,
): UniqueRecord {
  const ordered = keepOrder(members, sourceRank);
  const kept = ordered[0]!.record;
  const fields: Partial<BibFields> = {};
  for (const f of SCALAR_FIELDS) {
    const donor = ordered.find((m) => m.record[f] !== undefined && m.record[f] !== '');
    if (donor) (fields as Record<string, unknown>)[f] = donor.record[f];
  }
  const authorsFrom = ordered.find((m) => m.record.authors.length)?.record.authors ?? [];
  const lists: Record<(typeof LIST_FIELDS)[number], string[]> = { issn: [], isbn: [], keywords: [] };
  for (const f of LIST_FIELDS) {
    const seen = new Set<string>();
    for (const m of ordered) for (const v of m.record[f]) if (!seen.has(v)) { seen.add(v); lists[f].push(v); }
  }
  const byInput = [...members].sort((x, y) => x.index - y.index);
  const sources = clusterSources(byInput.map((m) => m.record.provenance.source), sourceRank);
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: kept.id,
    clusterId,
    ...fields,
    authors: authorsFrom,
    ...lists,
    members: byInput.map((m) => ({
      id: m.record.id,
      source: m.record.provenance.source,
      file: m.record.provenance.file,
      index: m.record.provenance.index,
      ...(m.record.sourceRecordId !== undefined ? { sourceRecordId: m.record.sourceRecordId } : {}),
    })),
    sources,
    firstSource: sources[0]!,
  };
}
