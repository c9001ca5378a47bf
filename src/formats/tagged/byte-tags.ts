/**
 * Tags of the tagged family read straight from UTF-8 bytes (RIS `TY  - `, MEDLINE `PMID- `): the
 * scanners run on every line of a file, so they look at bytes and cut out nothing but the tag.
 */

/** A tag line: the tag and where its value lies in the bytes (trailing white space already left out). */
export interface TagRange {
  tag: string;
  valueStart: number;
  valueEnd: number;
}

/**
 * End of the tag that starts at `start` (an upper-case letter, then upper-case letters or digits,
 * at most `maxLength` bytes), or `start` when no tag starts there.
 */
export function scanTagName(bytes: Uint8Array, start: number, end: number, maxLength: number): number {
  if (start >= end || !isUpper(bytes[start] as number)) return start;
  let i = start + 1;
  while (i < end && i < start + maxLength && isUpperOrDigit(bytes[i] as number)) i++;
  return i;
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isUpperOrDigit = (c: number): boolean => isUpper(c) || (c >= 48 && c <= 57);

const TAGS = new Map<number, string>();
const MAX_INTERNED_TAGS = 4096;

/**
 * bytes[start, end) — a tag of 1–4 bytes A–Z/0–9 — as one shared string: a large export repeats a
 * few dozen tags millions of times, and each kept copy would be a string of its own.
 */
export function internTag(bytes: Uint8Array, start: number, end: number): string {
  let key = 0;
  for (let i = start; i < end; i++) key = key * 64 + ((bytes[i] as number) - 47); // "0" → 1 … "Z" → 43
  let tag = TAGS.get(key);
  if (tag === undefined) {
    tag = String.fromCharCode(...bytes.subarray(start, end));
    if (TAGS.size < MAX_INTERNED_TAGS) TAGS.set(key, tag);
  }
  return tag;
}
