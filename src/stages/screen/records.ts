/** The screening set: unique records from the dedupe stage whose first source is a database or register. */
import { armOf, type ReviewConfig } from '../../model/config.js';
import type { UniqueRecord } from '../../model/unique.js';
import { configInputs } from '../../project/config-parts.js';
import type { ProjectPaths } from '../../project/paths.js';
import { ARTIFACTS, artifactFile, readArtifact, uniqueRecordKeys } from '../shared/artifacts.js';
import { screenStage } from './stage.js';

export const loadUniqueRecords = (paths: ProjectPaths): UniqueRecord[] => readArtifact(paths, ARTIFACTS.uniqueRecords);

/** What a returned screening sheet is checked against: a unique record's id, DOI and first source. */
export type UniqueRecordKey = Pick<UniqueRecord, 'id' | 'doi' | 'firstSource'>;

/** Only the id, DOI and first source of every unique record (the artifact's slim view): all that collecting our own sheets needs. */
export const loadUniqueRecordKeys = (paths: ProjectPaths): UniqueRecordKey[] => readArtifact(paths, uniqueRecordKeys);

/** What every screen step's manifest entry starts from: the parts of review.json screening reads, and the unique records. */
export function screenInputs(paths: ProjectPaths): string[] {
  return [...configInputs(paths, screenStage.reads), artifactFile(paths, ARTIFACTS.uniqueRecords)];
}

export interface ScreeningSet<R extends { firstSource: string } = UniqueRecord> {
  /** Records screened on title/abstract, in unique.jsonl order. */
  screened: R[];
  /** Other-methods records (hand search etc.): they skip title/abstract screening and enter at full text. */
  skipped: R[];
}

/** Records whose first source is not declared in review.json are screened (the cautious choice). */
export function screeningSet<R extends { firstSource: string } = UniqueRecord>(config: ReviewConfig, records: readonly R[]): ScreeningSet<R> {
  const kinds = new Map(config.sources.map((s) => [s.name, s.kind] as const));
  const screened: R[] = [];
  const skipped: R[] = [];
  for (const r of records) {
    const kind = kinds.get(r.firstSource);
    if (kind && armOf(kind) === 'other') skipped.push(r);
    else screened.push(r);
  }
  return { screened, skipped };
}
