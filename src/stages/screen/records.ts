/** The screening set: unique records from the dedupe stage whose first source is a database or register. */
import { armOf, type ReviewConfig } from '../../model/config.js';
import type { UniqueRecord } from '../../model/unique.js';
import { configInputs } from '../../project/config-parts.js';
import type { ProjectPaths } from '../../project/paths.js';
import { ARTIFACTS, artifactFile, readArtifact } from '../shared/artifacts.js';
import { screenStage } from './stage.js';

export const loadUniqueRecords = (paths: ProjectPaths): UniqueRecord[] => readArtifact(paths, ARTIFACTS.uniqueRecords);

/** What every screen step's manifest entry starts from: the parts of review.json screening reads, and the unique records. */
export function screenInputs(paths: ProjectPaths): string[] {
  return [...configInputs(paths, screenStage.reads), artifactFile(paths, ARTIFACTS.uniqueRecords)];
}

export interface ScreeningSet {
  /** Records screened on title/abstract, in unique.jsonl order. */
  screened: UniqueRecord[];
  /** Other-methods records (hand search etc.): they skip title/abstract screening and enter at full text. */
  skipped: UniqueRecord[];
}

/** Records whose first source is not declared in review.json are screened (the cautious choice). */
export function screeningSet(config: ReviewConfig, records: readonly UniqueRecord[]): ScreeningSet {
  const kinds = new Map(config.sources.map((s) => [s.name, s.kind] as const));
  const screened: UniqueRecord[] = [];
  const skipped: UniqueRecord[] = [];
  for (const r of records) {
    const kind = kinds.get(r.firstSource);
    if (kind && armOf(kind) === 'other') skipped.push(r);
    else screened.push(r);
  }
  return { screened, skipped };
}
