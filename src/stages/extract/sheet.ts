/**
 * The extraction sheet: one row per included source, its known bibliographic fields locked, one
 * column per codebook field (drop-downs for single choice), a Codebook tab with every field's
 * allowed values and the multi-select convention, and an Instructions tab.
 */
import { COUNTRY_NAMES } from '../../model/countries.js';
import { MULTI_SEPARATOR, type CodebookField, type ExtractionConfig } from '../../model/extraction.js';
import type { CellValue, SheetColumn, WorkbookSpec } from '../../sheets/xlsx.js';
import { firstAuthorName } from '../shared/authors.js';
import { routeLabel } from '../shared/inputs.js';
import { codebookHash } from './codebook.js';
import { EXTRACT_SHEET_KIND, type ExtractSheetPlan, type IncludedSource } from './plan.js';
import { count } from '../shared/plural.js';

export const EXTRACT_SHEET_NAME = 'Extraction';
export const LEAD_COLUMNS = ['id', 'first_author', 'year', 'title', 'journal', 'doi', 'route'] as const;

function fieldColumn(field: CodebookField): SheetColumn {
  const required = field.required ? ' (required)' : '';
  const base = { key: field.id, header: field.id, note: `${field.label}${required}. ${howToFill(field)}`.slice(0, 250) };
  switch (field.type) {
    case 'single':
      return { ...base, width: Math.min(Math.max(14, ...field.values.map((v) => v.length + 3)), 30), list: field.values, wrap: true };
    case 'country':
      return field.multiple ? { ...base, width: 18, wrap: true } : { ...base, width: 18, list: COUNTRY_NAMES };
    case 'multiple':
      return { ...base, width: 30, wrap: true };
    case 'number':
    case 'year':
      return { ...base, width: 10 };
    case 'text':
      return { ...base, width: 40, wrap: true };
  }
}

export function howToFill(field: CodebookField): string {
  switch (field.type) {
    case 'text': return 'Free text.';
    case 'number': return `A number${range(field)}.`;
    case 'year': return `A four-digit year${range(field)}.`;
    case 'single': return 'One value from the drop-down.';
    case 'multiple': return `One or more values from the list, separated by "${MULTI_SEPARATOR}" (semicolon and space), e.g. "${field.values.slice(0, 2).join(MULTI_SEPARATOR)}".`;
    case 'country': return field.multiple
      ? `One or more country names in English (or ISO codes), separated by "${MULTI_SEPARATOR}", e.g. "Norway${MULTI_SEPARATOR}Sweden".`
      : 'One country from the drop-down (English name).';
  }
}

function range(field: CodebookField): string {
  if (field.min !== undefined && field.max !== undefined) return ` from ${field.min} to ${field.max}`;
  if (field.min !== undefined) return ` of at least ${field.min}`;
  if (field.max !== undefined) return ` of at most ${field.max}`;
  return '';
}

function allowedText(field: CodebookField): string {
  if (field.type === 'country') return 'any country (English short name, e.g. Norway, Sweden, United Kingdom; or ISO code NO, SE, GB)';
  if (!field.values.length) return '';
  const originals = field.originals ?? {};
  return field.values.map((v) => (originals[v] ? `${v} (${originals[v]})` : v)).join('\n');
}

export function extractionWorkbook(codebook: ExtractionConfig, sources: readonly IncludedSource[], sheet: ExtractSheetPlan): WorkbookSpec {
  const columns: SheetColumn[] = [
    { key: 'id', header: 'id', width: 15, locked: true, note: 'Record id: do not edit' },
    { key: 'first_author', header: 'first_author', width: 18, wrap: true, locked: true },
    { key: 'year', header: 'year', width: 7, locked: true },
    { key: 'title', header: 'title', width: 44, wrap: true, locked: true },
    { key: 'journal', header: 'journal', width: 20, wrap: true, locked: true },
    { key: 'doi', header: 'doi', width: 20, wrap: true, locked: true },
    { key: 'route', header: 'route', width: 12, locked: true, note: 'databases or hand search (other methods)' },
    ...codebook.fields.map(fieldColumn),
    sheet.extractor
      ? { key: 'extractor', header: 'extractor', width: 11, locked: true }
      : { key: 'extractor', header: 'extractor', width: 11, ...(codebook.extractors.length ? { list: codebook.extractors, listWarnOnly: true } : {}), note: 'Your initials or id' },
    { key: 'note', header: 'note', width: 30, wrap: true },
  ];
  const rows = sources.map((s): Record<string, CellValue> => ({
    id: s.record.id, first_author: firstAuthorName(s.record.authors), year: s.record.year, title: s.record.title ?? '', journal: s.record.journal ?? '',
    doi: s.record.doi ?? '', route: routeLabel(s.route), extractor: sheet.extractor || undefined,
  }));
  return {
    sheets: [
      { name: EXTRACT_SHEET_NAME, columns, rows, protect: true },
      {
        name: 'Codebook',
        columns: [
          { key: 'field', header: 'column', width: 20, locked: true },
          { key: 'label', header: 'meaning', width: 30, wrap: true, locked: true },
          { key: 'group', header: 'protocol section', width: 22, wrap: true, locked: true },
          { key: 'type', header: 'type', width: 10, locked: true },
          { key: 'required', header: 'required', width: 9, locked: true },
          { key: 'how', header: 'how to fill in', width: 36, wrap: true, locked: true },
          { key: 'allowed', header: 'allowed values', width: 34, wrap: true, locked: true },
          { key: 'description', header: 'description', width: 44, wrap: true, locked: true },
        ],
        rows: codebook.fields.map((f) => ({
          field: f.id, label: f.originals?.label ? `${f.label} (${f.originals.label})` : f.label, group: f.group ?? '', type: f.type,
          required: f.required ? 'yes' : 'no', how: howToFill(f), allowed: allowedText(f), description: f.description,
        })),
        protect: true,
      },
      { name: 'Instructions', columns: [], rows: [], textLines: instructions(codebook, sources.length, sheet) },
    ],
    meta: {
      kind: EXTRACT_SHEET_KIND,
      codebookVersion: codebook.version,
      codebookHash: codebookHash(codebook),
      extractor: sheet.extractor,
      records: String(sources.length),
    },
  };
}

function instructions(codebook: ExtractionConfig, n: number, sheet: ExtractSheetPlan): string[] {
  return [
    `Data extraction${sheet.extractor ? ` for ${sheet.extractor}` : ''}: ${count(n, 'included source')}, codebook version ${codebook.version}`,
    'One row per included source. The first columns (id to route) are filled in and locked; fill in one column per codebook field.',
    'The Codebook tab lists every column: what it means, its type, whether it is required, and its allowed values.',
    `Multiple choice: type one or more allowed values separated by "${MULTI_SEPARATOR}" (a semicolon and a space), e.g. "street spaces${MULTI_SEPARATOR}schools". Spelling must match the list (upper/lower case does not matter); the order does not matter.`,
    'Single choice: pick from the drop-down. Numbers and years: digits only. Leave a cell empty when the source does not say; required fields must be filled.',
    sheet.extractor ? `Your extractor id (${sheet.extractor}) is filled in.` : 'Put your initials or extractor id in the extractor column.',
    'Do not edit the id column and do not add rows. You may return the sheet partly done: rows with no field filled in stay pending.',
    `Codebook version ${codebook.version}: a sheet made with another codebook version is rejected when collected.`,
  ];
}
