/**
 * The codebook as validators (pure): one zod schema per field that turns a sheet cell's text into
 * a typed value or says, in words a person can act on, why it cannot.
 */
import { z } from 'zod';
import { canonicalCountry } from '../../model/countries.js';
import { MULTI_SEPARATOR, type CodebookField, type ExtractionConfig } from '../../model/extraction.js';
import { sha256 } from '../../project/hash.js';

export type CellValue = string | number | string[] | null;

/** Hash of what decides whether a cell is valid (ids, types, values, required, ranges), not of labels or descriptions. */
export function codebookHash(codebook: ExtractionConfig): string {
  return sha256(JSON.stringify(codebook.fields.map((f) => [f.id, f.type, f.values, f.multiple, f.required, f.min ?? null, f.max ?? null])));
}

export function isChoice(field: CodebookField): boolean {
  return field.type === 'single' || field.type === 'multiple' || field.type === 'country';
}

export function allowsSeveral(field: CodebookField): boolean {
  return field.type === 'multiple' || (field.type === 'country' && field.multiple);
}

export function cellSchema(field: CodebookField): z.ZodType<CellValue, string> {
  const byLower = new Map(field.values.map((v) => [v.toLowerCase(), v]));
  return z.string().transform((raw, ctx): CellValue => {
    const fail = (message: string): CellValue => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const text = raw.trim();
    if (text === '') return field.required ? fail('required field is empty') : null;
    switch (field.type) {
      case 'text':
        return text;
      case 'number': {
        if (!/^-?\d+([.,]\d+)?$/.test(text)) return fail(`wrong type: expected a number, got "${text}"`);
        return inRange(Number(text.replace(',', '.')), fail);
      }
      case 'year': {
        if (!/^\d{4}$/.test(text)) return fail(`wrong type: expected a four-digit year, got "${text}"`);
        return inRange(Number(text), fail);
      }
      case 'single': {
        if (text.includes(';')) return fail(`only one value allowed, got "${text}"`);
        return byLower.get(text.toLowerCase()) ?? fail(`"${text}" is not in the codebook; allowed: ${field.values.join(' | ')}`);
      }
      case 'multiple':
      case 'country': {
        const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
        if (parts.length > 1 && !allowsSeveral(field)) return fail(`only one country allowed, got "${text}"`);
        const chosen = new Set<string>();
        for (const p of parts) {
          const value = field.type === 'country' ? canonicalCountry(p) : byLower.get(p.toLowerCase());
          if (value === undefined) {
            return fail(field.type === 'country'
              ? `"${p}" is not a country name (English short name or ISO code, e.g. Norway or NO)`
              : `"${p}" is not in the codebook; allowed: ${field.values.join(' | ')} (several separated by "${MULTI_SEPARATOR}")`);
          }
          chosen.add(value);
        }
        // Codebook order (countries alphabetical) so equal choices compare and print equal.
        const ordered = field.type === 'country' ? [...chosen].sort() : field.values.filter((v) => chosen.has(v));
        return field.type === 'country' && !field.multiple ? (ordered[0] as string) : ordered;
      }
    }
  });

  function inRange(n: number, fail: (m: string) => CellValue): CellValue {
    const min = field.min ?? (field.type === 'year' ? 1900 : undefined);
    const max = field.max ?? (field.type === 'year' ? 2100 : undefined);
    if (min !== undefined && n < min) return fail(`${n} is below the smallest allowed value ${min}`);
    if (max !== undefined && n > max) return fail(`${n} is above the largest allowed value ${max}`);
    return n;
  }
}

/** A value as one cell of text: multiple choices joined with "; ". */
export function formatValue(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(MULTI_SEPARATOR);
  return String(value);
}

/** The values of a field as a list for counting (empty → []). */
export function valuesOf(value: CellValue | undefined): string[] {
  if (value === null || value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [String(value)];
}
