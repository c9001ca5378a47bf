/**
 * Counts and cross-tabulations of the extracted sources (pure): every choice and country field
 * counted overall, by route (databases vs hand search) and by publication-form group
 * (e.g. peer-reviewed vs grey literature). A source with several values counts once per value,
 * so the values of a multiple-choice field can add up to more than the number of sources.
 */
import type { CodebookField, ExtractionConfig, ExtractionRow } from '../../model/extraction.js';
import { isChoice, valuesOf } from './codebook.js';
import { count } from '../shared/plural.js';

export const NOT_STATED = '(empty)';

export interface CountRow {
  field: string;
  value: string;
  n: number;
  percent: number;
}

export interface CrossRow {
  field: string;
  value: string;
  counts: Record<string, number>;
  total: number;
}

export interface ExtractionSummary {
  sources: number;
  byRoute: Record<string, number>;
  counts: CountRow[];
  crossByRoute: CrossRow[];
  /** Column names of crossByForm: the publication-form field's groups (or values). */
  formGroups: string[];
  formField: string | undefined;
  crossByForm: CrossRow[];
  countries: { country: string; n: number }[];
}

export const ROUTES = ['databases', 'hand search'] as const;

export function summarise(codebook: ExtractionConfig, rows: readonly ExtractionRow[]): ExtractionSummary {
  const done = rows.filter((r) => r.status !== 'pending');
  const route = (r: ExtractionRow): string => (r.route === 'databases' ? 'databases' : 'hand search');
  const formField = codebook.fields.find((f) => f.role === 'publication-form' && f.type === 'single');
  const formGroupOf = (r: ExtractionRow): string => {
    const value = valuesOf(r.values[formField?.id ?? ''])[0];
    if (value === undefined) return NOT_STATED;
    const group = Object.entries(formField?.groups ?? {}).find(([, members]) => members.includes(value))?.[0];
    return group ?? value;
  };
  const formGroups = formField ? [...(formField.groups ? Object.keys(formField.groups) : formField.values), NOT_STATED] : [];
  const counts: CountRow[] = [];
  const crossByRoute: CrossRow[] = [];
  const crossByForm: CrossRow[] = [];
  const fields = codebook.fields.filter(isChoice);
  for (const field of fields) {
    for (const value of orderedValues(field, done)) {
      const has = (r: ExtractionRow): boolean => (value === NOT_STATED ? valuesOf(r.values[field.id]).length === 0 : valuesOf(r.values[field.id]).includes(value));
      const matching = done.filter(has);
      counts.push({ field: field.id, value, n: matching.length, percent: percent(matching.length, done.length) });
      crossByRoute.push({ field: field.id, value, counts: tally(ROUTES, matching.map(route)), total: matching.length });
      if (formField) crossByForm.push({ field: field.id, value, counts: tally(formGroups, matching.map(formGroupOf)), total: matching.length });
    }
  }
  if (formField?.groups) {
    for (const g of formGroups) {
      const n = done.filter((r) => formGroupOf(r) === g).length;
      counts.push({ field: `${formField.id} (group)`, value: g, n, percent: percent(n, done.length) });
    }
  }
  const countryField = codebook.fields.find((f) => f.role === 'country') ?? codebook.fields.find((f) => f.type === 'country');
  const countries = countryField
    ? counts.filter((c) => c.field === countryField.id && c.value !== NOT_STATED && c.n > 0).map((c) => ({ country: c.value, n: c.n }))
    : [];
  return {
    sources: done.length,
    byRoute: tally(ROUTES, done.map(route)),
    counts, crossByRoute, formGroups, formField: formField?.id, crossByForm, countries,
  };
}

/** Codebook order for choice fields (every value, even when 0); countries by count, then name. Empty last. */
function orderedValues(field: CodebookField, rows: readonly ExtractionRow[]): string[] {
  let values = field.values;
  if (field.type === 'country') {
    const n = new Map<string, number>();
    for (const r of rows) for (const v of valuesOf(r.values[field.id])) n.set(v, (n.get(v) ?? 0) + 1);
    values = [...n.keys()].sort((a, b) => (n.get(b) ?? 0) - (n.get(a) ?? 0) || a.localeCompare(b, 'en'));
  }
  return [...values, NOT_STATED];
}

function tally(keys: readonly string[], items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}

function percent(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n / of) * 1000) / 10;
}

// ----------------------------------------------------------------------------------------------
// Text renderings

export function countsCsvRows(s: ExtractionSummary): Record<string, unknown>[] {
  return s.counts.map((c) => ({ field: c.field, value: c.value, n: c.n, percent: c.percent.toFixed(1) }));
}

export function crossCsvRows(rows: readonly CrossRow[], columns: readonly string[]): Record<string, unknown>[] {
  return rows.map((r) => ({ field: r.field, value: r.value, ...Object.fromEntries(columns.map((c) => [c, r.counts[c] ?? 0])), total: r.total }));
}

export function summaryMarkdown(codebook: ExtractionConfig, s: ExtractionSummary): string {
  const lines: string[] = [];
  const labels = new Map(codebook.fields.map((f) => [f.id, f.label]));
  lines.push('# Extraction summary', '');
  lines.push(`${count(s.sources, 'extracted source')} (codebook version ${codebook.version}): ${s.byRoute.databases ?? 0} from databases, ${s.byRoute['hand search'] ?? 0} from hand search.`);
  lines.push('A source with several values of a field is counted once for each; "(empty)" = not filled in.', '');
  const table = (head: string[], body: string[][]): void => {
    lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const b of body) lines.push(`| ${b.map(escapeMd).join(' | ')} |`);
    lines.push('');
  };
  if (s.formField) {
    lines.push('## Publication form', '');
    table(['group', 'n', '%'], s.counts.filter((c) => c.field === `${s.formField} (group)`).map((c) => [c.value, String(c.n), c.percent.toFixed(1)]));
  }
  const fields = [...new Set(s.crossByRoute.map((r) => r.field))];
  for (const field of fields) {
    lines.push(`## ${labels.get(field) ?? field} (\`${field}\`)`, '');
    const head = ['value', ...ROUTES, 'total', '%', ...(s.formField ? s.formGroups : [])];
    const body = s.crossByRoute.filter((r) => r.field === field).map((r) => {
      const pct = s.counts.find((c) => c.field === field && c.value === r.value)?.percent ?? 0;
      const form = s.crossByForm.find((c) => c.field === field && c.value === r.value);
      return [r.value, ...ROUTES.map((k) => String(r.counts[k] ?? 0)), String(r.total), pct.toFixed(1), ...(form ? s.formGroups.map((g) => String(form.counts[g] ?? 0)) : [])];
    });
    table(head, body);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function escapeMd(text: string): string {
  return text.replace(/\|/g, '\\|');
}
