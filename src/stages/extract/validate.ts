/**
 * Strict validation of one returned extraction sheet against the codebook (pure). Every problem
 * names the sheet, row and column (header and letter); a sheet with any problem yields no rows.
 */
import type { ExtractionConfig } from '../../model/extraction.js';
import { columnLetter } from '../../sheets/xlsx.js';
import { cellSchema, codebookHash, type CellValue } from './codebook.js';
import { EXTRACT_SHEET_KIND } from './plan.js';
import { EXTRACT_SHEET_NAME } from './sheet.js';

export interface ReturnedExtractSheet {
  label: string;
  meta: ReadonlyMap<string, string>;
  header: readonly string[] | undefined;
  rows: readonly { row: number; values: ReadonlyMap<string, string> }[];
}

export interface ExtractedRow {
  record_id: string;
  extractor: string;
  values: Record<string, CellValue>;
  note: string;
  row: number;
}

export interface ExtractValidation {
  extractor: string;
  rows: ExtractedRow[];
  problems: string[];
  /** Rows with no field filled in yet. */
  empty: number;
}

export function validateExtractSheet(sheet: ReturnedExtractSheet, codebook: ExtractionConfig, included: ReadonlySet<string>): ExtractValidation {
  const extractor = sheet.meta.get('extractor') ?? '';
  const where = (row?: number, column?: string): string => {
    const index = column === undefined ? -1 : (sheet.header ?? []).indexOf(column);
    return `${sheet.label}${row ? ` row ${row}` : ''}${column ? `, column ${column}${index >= 0 ? ` (${columnLetter(index + 1)})` : ''}` : ''}`;
  };
  const fail = (why: string): ExtractValidation => ({ extractor, rows: [], problems: [`${where()}: ${why}`], empty: 0 });
  if (sheet.meta.get('kind') !== EXTRACT_SHEET_KIND) return fail('this is not an extraction sheet made by `review extract sheet`; return the sheet from stages/extract/');
  const version = sheet.meta.get('codebookVersion') ?? '';
  if (version !== codebook.version) {
    return fail(`codebook version mismatch: the sheet was made with codebook version "${version}", review.json has version "${codebook.version}"; run \`review extract sheet\` and copy the values into the new sheet`);
  }
  if ((sheet.meta.get('codebookHash') ?? '') !== codebookHash(codebook)) {
    return fail(`the codebook's fields changed since this sheet was made but its version is still "${codebook.version}": bump extraction.version in review.json, run \`review extract sheet\` and copy the values over`);
  }
  if (codebook.extractionsPerRecord === 2 && !codebook.extractors.includes(extractor)) {
    return fail(`extractor "${extractor}" is not in review.json extraction.extractors (${codebook.extractors.join(', ')}); return a sheet from stages/extract/sheets/`);
  }
  if (!sheet.header) return fail(`the "${EXTRACT_SHEET_NAME}" tab is missing; do not rename or delete tabs`);
  const missing = ['id', ...codebook.fields.map((f) => f.id)].filter((c) => !sheet.header?.includes(c));
  if (missing.length) return fail(`column(s) ${missing.join(', ')} missing; do not rename or delete columns`);
  const schemas = codebook.fields.map((f) => [f, cellSchema(f)] as const);
  const problems: string[] = [];
  const rows: ExtractedRow[] = [];
  const firstRow = new Map<string, number>();
  let empty = 0;
  for (const r of sheet.rows) {
    const get = (c: string): string => (r.values.get(c) ?? '').trim();
    const id = get('id');
    if (id === '') {
      problems.push(`${where(r.row, 'id')}: the id cell is empty but the row has content; restore the id (do not add rows)`);
      continue;
    }
    const earlier = firstRow.get(id);
    if (earlier !== undefined) {
      problems.push(`${where(r.row, 'id')}: source ${id} appears again (first at row ${earlier}); keep one row per source`);
      continue;
    }
    firstRow.set(id, r.row);
    if (!included.has(id)) {
      problems.push(`${where(r.row, 'id')}: row for ${id}, a source that is not included (stages/fulltext/decisions.csv); delete the row, or include the source at full text first`);
      continue;
    }
    if (codebook.fields.every((f) => get(f.id) === '')) {
      empty++;
      continue;
    }
    const values: Record<string, CellValue> = {};
    let ok = true;
    for (const [field, schema] of schemas) {
      const parsed = schema.safeParse(r.values.get(field.id) ?? '');
      if (parsed.success) values[field.id] = parsed.data;
      else {
        ok = false;
        for (const issue of parsed.error.issues) problems.push(`${where(r.row, field.id)}: ${issue.message}`);
      }
    }
    const rowExtractor = extractor || get('extractor');
    if (rowExtractor === '') {
      problems.push(`${where(r.row, 'extractor')}: the extractor column is empty; put your initials or id there`);
      ok = false;
    }
    if (ok) rows.push({ record_id: id, extractor: rowExtractor, values, note: get('note'), row: r.row });
  }
  return { extractor, rows: problems.length ? [] : rows, problems, empty };
}
