/**
 * Who assesses which full text (pure). The full-text set is every record screening forwarded
 * (decision include) plus every record whose first source is an other-methods source: hand search
 * enters at full text, as in PRISMA 2020's second arm. A hand-search record that duplicates a
 * database record was merged by dedupe and belongs to the arm of its first source (review.json order).
 */
import type { ExclusionReason, ReviewConfig } from '../../model/config.js';
import type { ScreenDecision } from '../../model/screen.js';
import type { UniqueRecord } from '../../model/unique.js';
import { FulltextConfigSchema } from '../../model/fulltext.js';
import { UserError } from '../../project/errors.js';
import { sha256 } from '../../project/hash.js';
import { armOfRecord } from '../shared/inputs.js';

export const FULLTEXT_STAGE = 'fulltext';
export const FULLTEXT_SHEET_KIND = 'review-fulltext-sheet';

export interface FulltextItem {
  record: UniqueRecord;
  arm: 'databases' | 'other';
  /** How the record reached full text. */
  entry: 'screening' | 'other-methods';
}

export interface SheetPlan {
  /** '' for the single shared sheet, else the assessor id. */
  assessor: string;
  /** Path inside stages/fulltext/. */
  file: string;
  recordIds: string[];
  /** Ties a returned sheet to this plan: records, assessor and the reason list it offered. */
  hash: string;
}

export interface FulltextPlan {
  items: FulltextItem[];
  reasons: ExclusionReason[];
  reasonsVersion: string;
  reviewsPerRecord: 1 | 2;
  assessors: string[];
  sheets: SheetPlan[];
}

export function fulltextSet(config: ReviewConfig, records: readonly UniqueRecord[], screen: readonly ScreenDecision[]): FulltextItem[] {
  const known = new Set(records.map((r) => r.id));
  for (const d of screen) {
    if (!known.has(d.record_id)) {
      throw new UserError(`stages/screen/decisions.csv names record ${d.record_id}, which is not in stages/dedupe/unique.jsonl: screening is out of date; run \`review screen reconcile\` again`);
    }
  }
  const forwarded = new Set(screen.filter((d) => d.decision === 'include').map((d) => d.record_id));
  const items: FulltextItem[] = [];
  for (const record of records) {
    const arm = armOfRecord(config, record);
    if (arm === 'other') items.push({ record, arm, entry: 'other-methods' });
    else if (forwarded.has(record.id)) items.push({ record, arm, entry: 'screening' });
  }
  return items;
}

export function fulltextReasons(config: ReviewConfig): { version: string; reasons: ExclusionReason[] } {
  const list = config.exclusionReasons;
  const reasons = (list?.reasons ?? []).filter((r) => r.stages.includes('fulltext'));
  if (reasons.length === 0) {
    throw new UserError('review.json has no exclusion reasons for stage "fulltext": add them under exclusionReasons.reasons (each with stages ["fulltext"]) before making the full-text sheet');
  }
  const ids = new Set<string>();
  for (const r of reasons) {
    if (ids.has(r.id)) throw new UserError(`review.json: exclusion reason id "${r.id}" is listed twice`);
    ids.add(r.id);
  }
  return { version: list?.version ?? '1', reasons };
}

export function planFulltext(config: ReviewConfig, items: readonly FulltextItem[]): FulltextPlan {
  const settings = FulltextConfigSchema.parse(config.fulltext ?? {});
  const { version, reasons } = fulltextReasons(config);
  const ids = items.map((i) => i.record.id);
  const sheetHash = (assessor: string, recordIds: string[]): string =>
    sha256(JSON.stringify({ kind: FULLTEXT_SHEET_KIND, assessor, reasonsVersion: version, reasons: reasons.map((r) => r.id), recordIds }));
  let sheets: SheetPlan[];
  if (settings.reviewsPerRecord === 1) {
    sheets = [{ assessor: '', file: 'sheet.xlsx', recordIds: ids, hash: sheetHash('', ids) }];
  } else {
    // Round-robin pairs (k, k+1): with two assessors both see every record; with more, the load is even.
    const n = settings.assessors.length;
    const perAssessor = new Map<string, string[]>(settings.assessors.map((a) => [a, []]));
    ids.forEach((id, i) => {
      perAssessor.get(settings.assessors[i % n] as string)?.push(id);
      perAssessor.get(settings.assessors[(i + 1) % n] as string)?.push(id);
    });
    sheets = settings.assessors.map((a) => {
      const mine = perAssessor.get(a) ?? [];
      return { assessor: a, file: `sheets/${a}.xlsx`, recordIds: mine, hash: sheetHash(a, mine) };
    });
  }
  return { items: [...items], reasons, reasonsVersion: version, reviewsPerRecord: settings.reviewsPerRecord, assessors: settings.assessors, sheets };
}
