/**
 * `review verify --reference <csv>`: does the project's included set (the "included" state of
 * stages/prisma/record-states.csv, joined to stages/dedupe/unique.jsonl) reproduce a published list of included sources?
 * Reads only; writes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import { readCsv } from '../../sheets/csv.js';
import { ARTIFACTS, readArtifact } from '../shared/artifacts.js';
import { includedRecordIds } from '../shared/record-states.js';
import { matchSources, type ProjectSource, type ReferenceSource, type VerifyResult } from './match.js';

export function readReference(file: string): ReferenceSource[] {
  if (!existsSync(file)) throw new UserError(`${file}: reference list not found`, 2);
  const table = readCsv(readFileSync(file, 'utf8'));
  const has = (c: string): boolean => table.header.includes(c);
  const missing = ['first_author', 'year'].filter((c) => !has(c));
  if (missing.length) throw new UserError(`${file}: missing column(s) ${missing.join(', ')}; expected first_author, year and optionally key, title, doi`);
  return table.rows.map((row) => {
    const get = (c: string): string => (row.values.get(c) ?? '').trim();
    // Reference lists rebuilt from citations write "2017a" or "2020 (L230) / 2019 (L350)": the first year counts.
    const written = get('year');
    const year = /(?<!\d)(\d{4})(?!\d)/.exec(written)?.[1] ?? '';
    if (written && !year) throw new UserError(`${file} line ${row.line}: year "${written}" has no four-digit year`);
    return { key: get('key') || `${get('first_author')}${written}`, firstAuthor: get('first_author'), year, title: get('title'), doi: get('doi'), line: row.line };
  });
}

export function projectIncluded(paths: ProjectPaths): ProjectSource[] {
  const records = new Map(readArtifact(paths, ARTIFACTS.uniqueRecords).map((r) => [r.id, r]));
  // The included set is PRISMA's "included" box (stages/prisma/record-states.csv), in full-text decision order.
  const included = includedRecordIds(paths);
  return readArtifact(paths, ARTIFACTS.fulltextDecisions)
    .filter((d) => included.has(d.record_id))
    .map((d) => {
      const r = records.get(d.record_id);
      if (!r) throw new UserError(`stages/fulltext/decisions.csv includes record ${d.record_id}, which is not in stages/dedupe/unique.jsonl: run \`review fulltext collect\` again`);
      return { recordId: r.id, firstAuthor: r.authors[0]?.family ?? '', year: r.year === undefined ? '' : String(r.year), title: r.title ?? '', doi: r.doi ?? '', route: d.arm };
    });
}

export function runVerify(paths: ProjectPaths, referenceFile: string, minSimilarity?: number): VerifyResult {
  return matchSources(readReference(referenceFile), projectIncluded(paths), minSimilarity);
}
