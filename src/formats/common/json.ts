/**
 * Shared by the JSON plug-ins: where each element of a JSON array starts, so records carry a real
 * line (JSON.parse gives values but no positions), and safe reading of parsed objects.
 */

/** 1-based lines of the objects directly inside the first array that starts at or after `from`. */
export function arrayElementLines(text: string, from = 0): number[] {
  const lines: number[] = [];
  const open = text.indexOf('[', from);
  if (open < 0) return lines;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < open; i = text.indexOf('\n', i + 1)) line++;
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (c === '{' && depth === 1) lines.push(line);
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) break;
    }
  }
  return lines;
}

/** A plain object from JSON.parse (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property only: `__proto__`, `constructor` and inherited keys read as undefined. */
export function ownValue(object: Record<string, unknown>, key: string): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') return undefined;
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** A string or number value as trimmed text; anything else undefined. */
export function ownText(object: Record<string, unknown>, key: string): string | undefined {
  const value = ownValue(object, key);
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The strings of an array value (non-strings skipped); a single string counts as a one-item list. */
export function ownTexts(object: Record<string, unknown>, key: string): string[] {
  const value = ownValue(object, key);
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** Every own key with a scalar or list value as a raw [key, text] pair (objects as JSON), in order. */
export function rawPairs(object: Record<string, unknown>): [string, string][] {
  const raw: [string, string][] = [];
  for (const key of Object.keys(object)) {
    const value = ownValue(object, key);
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    raw.push([key, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  return raw;
}

/** JSON.parse with the error turned into a position the user can find. */
export function parseJson(text: string): { value: unknown } | { error: string; line: number } {
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    const line = text.slice(0, offset).split('\n').length;
    return { error: message, line };
  }
}
