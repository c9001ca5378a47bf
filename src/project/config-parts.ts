/**
 * The parts of review.json a stage can depend on. A stage's manifest hashes only the parts it reads
 * (its declaration's `reads`), so adding a codebook field leaves import, dedupe and screening up to
 * date, while changing a screener's share makes screening stale. A part is hashed as its JSON value
 * with keys sorted and `$comment`s left out: reordering keys or editing a comment changes nothing a
 * stage makes.
 *
 * Every top-level key of review.json is a part by its name; a derived part selects less than a key
 * (screening reads only the ids of the exclusion reasons tagged for `screen`). A new part is one
 * line in DERIVED, or nothing at all for a new top-level key.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ReviewConfig } from '../model/config.js';
import { sha256 } from './hash.js';
import type { ProjectPaths } from './paths.js';

type Json = Record<string, unknown>;

const reasonsTagged = (config: Json, stage: string): unknown[] => {
  const list = config.exclusionReasons as { reasons?: unknown } | undefined;
  const reasons = Array.isArray(list?.reasons) ? (list.reasons as unknown[]) : [];
  return reasons.filter((r) => {
    const stages = (r as { stages?: unknown } | null)?.stages;
    // The schema's default: a reason without `stages` is a full-text reason.
    return Array.isArray(stages) ? stages.includes(stage) : stage === 'fulltext';
  });
};

/** Parts narrower than a top-level key: id → what it selects from review.json as written. */
const DERIVED = {
  /** The ids title/abstract sheets offer as exclusion reasons. */
  'exclusionReasons.screen': (c: Json) => reasonsTagged(c, 'screen').map((r) => (r as { id?: unknown }).id),
  /** The full-text reasons (ids, labels, wording) and the list's version. */
  'exclusionReasons.fulltext': (c: Json) => ({ version: (c.exclusionReasons as Json | undefined)?.version, reasons: reasonsTagged(c, 'fulltext') }),
} satisfies Record<string, (config: Json) => unknown>;

/** A part of review.json: a top-level key (typed from the model, so a new key is a part at once) or a derived part. */
export type ConfigPart = Exclude<keyof ReviewConfig, '$comment' | '$schema' | 'schemaVersion'> | keyof typeof DERIVED;

/** How a part is named among a manifest's inputs: "review.json#screening". */
export const CONFIG_PART_PREFIX = 'review.json#';

/**
 * The manifest inputs standing for these parts of the project's review.json: pass them among a
 * stage's inputs instead of the whole file (paths.config). They are not files: the manifest hashes
 * the part's value, and `review status` compares that hash with the part in today's review.json.
 */
export function configInputs(paths: ProjectPaths, parts: readonly ConfigPart[]): string[] {
  return parts.map((part) => paths.abs(`${CONFIG_PART_PREFIX}${part}`));
}

/** The part a project-relative manifest input names, or undefined for a file. */
export function configPartOf(rel: string): string | undefined {
  return rel.startsWith(CONFIG_PART_PREFIX) ? rel.slice(CONFIG_PART_PREFIX.length) : undefined;
}

/** review.json as written (not its defaults: a part is what the user wrote), or undefined if missing or not JSON. */
export function readConfigJson(paths: ProjectPaths): Json | undefined {
  if (!existsSync(paths.config)) return undefined;
  try {
    const json = JSON.parse(readFileSync(paths.config, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** sha256 of a part's value in review.json (an absent key hashes as null). */
export function configPartHash(config: Json, part: string): string {
  const select = (DERIVED as Record<string, (c: Json) => unknown>)[part];
  const value = select ? select(config) : Object.hasOwn(config, part) ? config[part] : undefined;
  return sha256(canonicalJson(value));
}

/** JSON with object keys sorted and `$comment` left out, so only content a stage can use counts. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).filter((k) => k !== '$comment' && (value as Json)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Json)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
