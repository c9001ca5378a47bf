/**
 * review.json problems as people can act on them: a path like `screening.allocation[0]`, and for a
 * misspelled key the nearest known one ("did you mean `screeners`?").
 */
import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export function describeIssues(schema: AnySchema, issues: readonly Issue[], prefix: readonly PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // The alternative that came closest explains the problem best.
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      lines.push(...describeIssues(schema, closest, path));
    } else if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        const place = path.length ? `${formatPath(path)}: ` : '';
        const suggestion = closestKey(key, known);
        const hint = suggestion ? `did you mean "${suggestion}"?` : known.length ? `known keys here: ${known.join(', ')}` : '';
        lines.push(`${place}unknown key "${key}"${hint ? `; ${hint}` : ''}`);
      }
    } else {
      lines.push(`${formatPath(path)}: ${issue.message}`);
    }
  }
  return lines;
}

/** `screening.allocation[0].share`; "(top)" for the file itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** The known key nearest to a misspelled one, when near enough to be a likely typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : distance(key.toLowerCase(), k.toLowerCase());
    if (!best || d < best.d) best = { key: k, d };
  }
  // One edit in three characters at most: "screner" → "screeners", not "title" → "files".
  return best && best.d <= Math.max(1, Math.floor(key.length / 3)) ? best.key : undefined;
}

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  valueType?: AnySchema;
  getter?: () => AnySchema;
}

function def(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

/** Wrappers (optional, default, …) around the schema that describes the value. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let guard = 0; guard < 20; guard++) {
    const d = def(s);
    const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined) ?? (d.type === 'lazy' ? d.getter?.() : undefined);
    if (!inner) return s;
    s = inner;
  }
  return s;
}

/** The property names an object at `path` may have (several alternatives: all of theirs). */
export function knownKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const walk = (s: AnySchema, rest: readonly PropertyKey[]): void => {
    const d = def(unwrap(s));
    if (d.type === 'union') {
      for (const o of d.options ?? []) walk(o, rest);
      return;
    }
    if (rest.length === 0) {
      if (d.type === 'object') for (const k of Object.keys(d.shape ?? {})) keys.add(k);
      return;
    }
    const [head, ...tail] = rest;
    if (d.type === 'object' && typeof head === 'string' && d.shape && Object.hasOwn(d.shape, head)) walk(d.shape[head] as AnySchema, tail);
    else if (d.type === 'array' && d.element) walk(d.element, tail);
    else if (d.type === 'record' && d.valueType) walk(d.valueType, tail);
  };
  walk(schema, path);
  return [...keys];
}
