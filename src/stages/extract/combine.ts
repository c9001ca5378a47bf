/**
 * From collected extraction rows (in collection order) to one row per included source (pure).
 * A later row by the same extractor supersedes an earlier one. Dual extraction: fields on which the
 * two extractors' latest rows differ (every field but free text) are listed as discrepancies; the first extractor's values
 * (review.json order) stand, with status "discrepant", until a corrected sheet makes them agree.
 */
import { EXTRACTION_SCHEMA_VERSION, type ExtractionConfig, type ExtractionDiscrepancy, type ExtractionRow } from '../../model/extraction.js';
import { formatValue } from './codebook.js';
import type { IncludedSource } from './plan.js';
import type { ExtractedRow } from './validate.js';

export interface ExtractionOutcome {
  rows: ExtractionRow[];
  discrepancies: ExtractionDiscrepancy[];
}

export function combineExtraction(codebook: ExtractionConfig, sources: readonly IncludedSource[], inOrder: readonly ExtractedRow[]): ExtractionOutcome {
  const latestAny = new Map<string, ExtractedRow>();
  const latest = new Map<string, ExtractedRow>();
  for (const r of inOrder) {
    latestAny.set(r.record_id, r);
    latest.set(`${r.record_id}\u0000${r.extractor}`, r);
  }
  const emptyValues = (): ExtractionRow['values'] => Object.fromEntries(codebook.fields.map((f) => [f.id, null]));
  const rows: ExtractionRow[] = [];
  const discrepancies: ExtractionDiscrepancy[] = [];
  for (const s of sources) {
    const base = { schemaVersion: EXTRACTION_SCHEMA_VERSION, record_id: s.record.id, codebook_version: codebook.version, route: s.route, source: s.source } as const;
    if (codebook.extractionsPerRecord === 1) {
      const r = latestAny.get(s.record.id);
      rows.push(r
        ? { ...base, extractors: [r.extractor], status: 'extracted', values: r.values, note: r.note }
        : { ...base, extractors: [], status: 'pending', values: emptyValues(), note: '' });
      continue;
    }
    const [ea, eb] = codebook.extractors as [string, string];
    const a = latest.get(`${s.record.id}\u0000${ea}`);
    const b = latest.get(`${s.record.id}\u0000${eb}`);
    if (!a || !b) {
      const one = a ?? b;
      rows.push({ ...base, extractors: one ? [one.extractor] : [], status: 'pending', values: one?.values ?? emptyValues(), note: one?.note ?? '' });
      continue;
    }
    let differs = false;
    for (const f of codebook.fields) {
      // Free text is worded differently even when extractors agree: compared by people, not here.
      if (f.type === 'text') continue;
      const va = formatValue(a.values[f.id]);
      const vb = formatValue(b.values[f.id]);
      if (va === vb) continue;
      differs = true;
      discrepancies.push({ record_id: s.record.id, field: f.id, extractor_a: ea, value_a: va, extractor_b: eb, value_b: vb });
    }
    rows.push({
      ...base, extractors: [ea, eb], status: differs ? 'discrepant' : 'extracted', values: a.values,
      note: [a.note, b.note].filter((n) => n !== '').join(' | '),
    });
  }
  return { rows, discrepancies };
}
