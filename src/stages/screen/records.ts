/** The screening set: unique records from the dedupe stage whose first source is a database or register. */
import { armOf, type ReviewConfig } from '../../model/config.js';
import type { UniqueRecord } from '../../model/unique.js';

/** The screening stage reads unique records with the shared, schema-checked reader. */
export { loadUniqueRecordKeys, loadUniqueRecords, uniqueRecordsFile as uniqueRecordsPath, type UniqueRecordKey } from '../shared/inputs.js';

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
