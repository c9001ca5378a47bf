/** Which sources are extracted and by whom (pure): every full-text include, with its bibliographic record. */
import type { ExtractionConfig } from '../../model/extraction.js';
import type { FulltextDecision } from '../../model/fulltext.js';
import type { UniqueRecord } from '../../model/unique.js';
import { UserError } from '../../project/errors.js';

export const EXTRACT_STAGE = 'extract';
export const EXTRACT_SHEET_KIND = 'review-extraction-sheet';

export interface IncludedSource {
  record: UniqueRecord;
  route: 'databases' | 'other';
  source: string;
}

export interface ExtractSheetPlan {
  /** '' for the single shared sheet, else the extractor id. */
  extractor: string;
  /** Path inside stages/extract/. */
  file: string;
}

export function includedSources(records: readonly UniqueRecord[], decisions: readonly FulltextDecision[]): IncludedSource[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const out: IncludedSource[] = [];
  for (const d of decisions) {
    if (d.decision !== 'include') continue;
    const record = byId.get(d.record_id);
    if (!record) throw new UserError(`stages/fulltext/decisions.csv includes record ${d.record_id}, which is not in stages/dedupe/unique.jsonl: run \`review fulltext collect\` again`);
    out.push({ record, route: d.arm, source: d.source });
  }
  return out;
}

export function requireCodebook(codebook: ExtractionConfig | undefined): ExtractionConfig {
  if (!codebook) throw new UserError('review.json has no extraction codebook: add `extraction: {version, fields: [...]}` (see schemas/review.schema.json)');
  return codebook;
}

export function extractSheets(codebook: ExtractionConfig): ExtractSheetPlan[] {
  return codebook.extractionsPerRecord === 2
    ? codebook.extractors.map((e) => ({ extractor: e, file: `sheets/${e}.xlsx` }))
    : [{ extractor: '', file: 'sheet.xlsx' }];
}
