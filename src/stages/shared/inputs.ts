/**
 * How the stages name a record's PRISMA arm. The files stages read from each other are declared,
 * with their one reader, in artifacts.ts.
 */
import { armOf, type ReviewConfig } from '../../model/config.js';
import type { UniqueRecord } from '../../model/unique.js';

/** PRISMA arm of a record: databases/registers or other methods. Undeclared sources count as databases (they were screened). */
export function armOfRecord(config: ReviewConfig, record: UniqueRecord): 'databases' | 'other' {
  const kind = config.sources.find((s) => s.name === record.firstSource)?.kind;
  return kind ? armOf(kind) : 'databases';
}

/** "databases" / "hand search": how the sheets name an arm for people. */
export function routeLabel(arm: 'databases' | 'other'): string {
  return arm === 'databases' ? 'databases' : 'hand search';
}
