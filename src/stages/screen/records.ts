/** The screening set: unique records from the dedupe stage whose first source is a database or register. */
import { armOf, type ReviewConfig } from '../../model/config.js';
import type { UniqueRecord } from '../../model/unique.js';

/** The screening stage reads unique records with the shared, schema-checked reader. */
export { loadUniqueRecords, uniqueRecordsFile as uniqueRecordsPath } from '../shared/inputs.js';

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
