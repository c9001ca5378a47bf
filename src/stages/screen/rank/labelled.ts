/**
 * Reads a labelled CSV for `screen simulate`: one row per record, a title, an abstract, optional
 * keywords and a label column. Column names are matched case-insensitively: id (id, record_id, key,
 * pubmedID, pmid; else the row number), title, abstract (abstract, abstracts), keywords (keywords,
 * mesh). Cells holding exactly "NA" (R's missing value) count as empty.
 *
 * Labels: a column using I/E codes (Cohen et al. 2006) counts "I" as relevant and "E" or a numeric
 * exclusion code as irrelevant; otherwise 1/0, include(d)/exclude(d), yes/no, true/false, relevant/irrelevant.
 * Any other value is an error naming its row: a silently dropped label would change every figure.
 */
import { parse } from 'csv-parse/sync';
import { UserError } from '../../../project/errors.js';
import type { LabelledRecord } from './simulate.js';

const ID_COLUMNS = ['id', 'record_id', 'key', 'pubmedid', 'pmid'];
const ABSTRACT_COLUMNS = ['abstract', 'abstracts'];
const KEYWORD_COLUMNS = ['keywords', 'mesh'];
const LABEL_COLUMNS = ['label_included', 'included', 'label', 'relevant'];

const POSITIVE = new Set(['1', 'include', 'included', 'yes', 'y', 'true', 'relevant']);
const NEGATIVE = new Set(['0', 'exclude', 'excluded', 'no', 'n', 'false', 'irrelevant']);

export function parseLabelledCsv(text: string, file: string, labelColumn?: string): LabelledRecord[] {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new UserError(`${file}: not a readable CSV (${(e as Error).message}); save it as comma-separated UTF-8 with a header row`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const find = (names: readonly string[]): number => lower.findIndex((h) => names.includes(h));
  const titleAt = find(['title']);
  const abstractAt = find(ABSTRACT_COLUMNS);
  if (titleAt < 0 && abstractAt < 0) throw new UserError(`${file}: no title or abstract column (header: ${header.join(', ')}); name them "title" and "abstract"`);
  const labelAt = labelColumn === undefined ? find(LABEL_COLUMNS) : lower.indexOf(labelColumn.toLowerCase());
  if (labelAt < 0) {
    throw new UserError(labelColumn === undefined
      ? `${file}: no label column among ${LABEL_COLUMNS.join(', ')} (header: ${header.join(', ')}); name the column with --label <column>`
      : `${file}: no column "${labelColumn}" (header: ${header.join(', ')}); choose one with --label <column>`);
  }
  const idAt = find(ID_COLUMNS);
  const keywordsAt = find(KEYWORD_COLUMNS);
  const cell = (row: string[], at: number): string => {
    const v = at < 0 ? '' : (row[at] ?? '').trim();
    return v === 'NA' ? '' : v;
  };

  const body = rows.slice(1);
  const labelValues = body.map((row) => cell(row, labelAt));
  const cohenCodes = labelValues.some((v) => v === 'I' || v === 'E');
  const seen = new Set<string>();
  return body.map((row, i) => {
    const line = i + 2;
    const raw = labelValues[i] as string;
    const relevant = cohenCodes ? cohenLabel(raw) : plainLabel(raw);
    if (relevant === undefined) {
      throw new UserError(`${file} row ${line}: label "${raw}" in column ${header[labelAt]} is neither relevant nor irrelevant; expected ${cohenCodes ? 'I, E or a numeric exclusion code' : '1/0, include/exclude, yes/no or true/false'}`);
    }
    const id = idAt >= 0 ? cell(row, idAt) : `row-${line}`;
    if (!id) throw new UserError(`${file} row ${line}: empty id in column ${header[idAt]}; every record needs its own id`);
    if (seen.has(id)) throw new UserError(`${file} row ${line}: id ${id} appears on an earlier row too; every record needs its own id`);
    seen.add(id);
    return { id, title: cell(row, titleAt), abstract: cell(row, abstractAt), keywords: cell(row, keywordsAt), relevant };
  });
}

function cohenLabel(v: string): boolean | undefined {
  if (v === 'I') return true;
  if (v === 'E' || /^[0-9]{1,3}$/.test(v)) return false;
  return undefined;
}

function plainLabel(v: string): boolean | undefined {
  const l = v.toLowerCase();
  if (POSITIVE.has(l)) return true;
  if (NEGATIVE.has(l)) return false;
  return undefined;
}
