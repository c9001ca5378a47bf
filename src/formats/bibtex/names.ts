/**
 * BibTeX name lists: `and`-separated at brace depth 0; each name is "First Last", "von Last, First"
 * or "von Last, Jr, First"; a name wholly in braces ("{World Health Organization}") is corporate.
 */
import type { Author } from '../../model/record.js';
import { isCorporate, squash } from '../common/fields.js';
import { latexToUnicode } from './latex.js';

/**
 * Split on `sep` (a sticky regex starting with `\s+`, matched at each position) only where brace
 * depth is 0. Once it failed at a white-space character, it fails at the rest of that run too (the
 * same text follows): those positions are not tried, or a long run of spaces would be quadratic.
 */
function splitTopLevel(text: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let failedInSpaceRun = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const space = c === ' ' || c === '\t' || c === '\n' || c === '\r' || /\s/.test(c);
    if (c === '\\') { i++; failedInSpaceRun = false; continue; }
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && !(space && failedInSpaceRun)) {
      sep.lastIndex = i;
      const m = sep.exec(text);
      if (m && m.index === i) {
        parts.push(text.slice(start, i));
        start = i + m[0].length;
        i = start - 1;
        failedInSpaceRun = false;
        continue;
      }
      failedInSpaceRun = space;
      continue;
    }
    if (!space) failedInSpaceRun = false;
  }
  parts.push(text.slice(start));
  return parts;
}

/** True when the text is a single brace group: "{A and B}" yes, "{A} {B}" no. */
function isOneGroup(text: string): boolean {
  if (!text.startsWith('{')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/** Lower-case particles that belong to the family name in "First von Last" order. */
const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'du', 'dos', 'das', 'des', 'la', 'le', 'ten', 'ter', 'zu', 'vom', 'zum', 'zur', 'af', 'av']);

function clean(part: string): string {
  return squash(latexToUnicode(part));
}

export function parseBibtexName(raw: string): Author | undefined {
  const text = squash(raw);
  if (!text) return undefined;
  // "{Corporate Name}": one brace group around the whole name.
  if (isOneGroup(text)) {
    const family = clean(text);
    return family ? { family, literal: true } : undefined;
  }
  const commaParts = splitTopLevel(text, /,/y).map((p) => p.trim());
  if (commaParts.length >= 2) {
    const family = clean(commaParts[0] as string);
    const rest = commaParts.slice(1).map(clean).filter(Boolean);
    // "von Last, Jr, First" → given "First, Jr" (as Zotero writes it).
    const given = rest.length >= 2 ? `${rest[rest.length - 1]}, ${rest.slice(0, -1).join(', ')}` : rest[0];
    if (!family) return given ? { family: given } : undefined;
    return given ? { family, given } : { family };
  }
  const words = splitTopLevel(text, /\s+/y).filter(Boolean);
  if (words.length === 1) {
    const family = clean(words[0] as string);
    return family ? { family } : undefined;
  }
  const whole = clean(text);
  if (isCorporate(whole)) return { family: whole, literal: true };
  let familyStart = words.length - 1;
  while (familyStart > 1 && PARTICLES.has(words[familyStart - 1] as string)) familyStart--;
  if (familyStart === 1 && PARTICLES.has(words[0] as string)) familyStart = 0;
  const family = clean(words.slice(familyStart).join(' '));
  const given = clean(words.slice(0, familyStart).join(' '));
  return given ? { family, given } : { family };
}

/** Every author of an `author`/`editor` value; "and others" (et al.) is dropped. */
export function parseBibtexNames(value: string): Author[] {
  const authors: Author[] = [];
  for (const part of splitTopLevel(value, /\s+and\s+/iy)) {
    if (/^\s*others\s*$/i.test(part)) continue;
    const author = parseBibtexName(part);
    if (author) authors.push(author);
  }
  return authors;
}
