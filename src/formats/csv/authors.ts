/**
 * Author cells of delimited exports come in every convention: "Last, F. and Last2, G." (BibTeX,
 * Rayyan), "Last, F.; Last2, G." (Scopus, Covidence, Zotero), "Liu R., Adler D.G." (Embase, old
 * Scopus), "Smith J, Doe A." (PubMed), "C Kun‐Rodrigues, J Salmona, ..." (Publish or Perish).
 */
import type { Author } from '../../model/record.js';
import { parseInvertedName, parseNaturalName, parseTrailingInitialsName, squash } from '../common/fields.js';

export interface AuthorList {
  authors: Author[];
  /** The list ended in "..." / "…": the export cut it, more authors exist. */
  truncated: boolean;
}

/** How names are separated; `auto` guesses from the cell. */
export type AuthorSeparator = 'auto' | 'and' | 'semicolon' | 'comma';

const ELLIPSIS = /^(?:\.{3,}|…)$/;
const GIVEN_INITIALS = /^(?:[A-Z\u00C0-\u024F][a-z\u00DF-\u024F]{0,2}\.?[\s-]*){1,4}$/u;

export function parseAuthorList(value: string, separator: AuthorSeparator = 'auto'): AuthorList {
  const cell = squash(value);
  if (!cell) return { authors: [], truncated: false };
  const pieces = splitNames(cell, separator === 'auto' ? guessSeparator(cell) : separator);
  let truncated = false;
  const authors: Author[] = [];
  for (const piece of pieces) {
    if (ELLIPSIS.test(piece)) {
      truncated = true;
      continue;
    }
    const author = parseAuthorName(piece);
    if (author) authors.push(author);
  }
  return { authors, truncated };
}

/** One name: inverted when it has a comma, else family-then-initials ("Adler D.G."), else natural order. */
export function parseAuthorName(name: string): Author | undefined {
  // A trailing "(1)" or "(e-mail)"; the condition is checked outside the regex, which stays linear.
  const v = name.replace(/\s*\(([^()]*)\)\s*$/, (whole, inner: string) => (/^\d+$/.test(inner) || inner.includes('@') ? '' : whole)).trim();
  if (!v) return undefined;
  if (v.includes(',')) return parseInvertedName(v);
  return parseTrailingInitialsName(v) ?? parseNaturalName(v);
}

function guessSeparator(cell: string): Exclude<AuthorSeparator, 'auto'> {
  if (/\s(?:and|AND)\s/.test(cell)) return 'and';
  if (cell.includes(';')) return 'semicolon';
  return 'comma';
}

function splitNames(cell: string, separator: Exclude<AuthorSeparator, 'auto'>): string[] {
  if (separator === 'and') return clean(cell.split(/\s+and\s+/i));
  if (separator === 'semicolon') return clean(cell.split(';'));
  // PubMed ends its undotted list with a full stop ("Smith J, Doe A."): not part of the last initials.
  const undotted = cell.indexOf('.') === cell.length - 1;
  const pieces = clean((undotted ? cell.slice(0, -1) : cell).split(','));
  return pairInvertedNames(pieces) ?? pieces;
}

/**
 * A comma-only list is either "Last, F., Last2, G." (pairs) or "F. Last, G. Last2" (one name per
 * piece). A piece pair is read as family + given when the family part is one word (or the given part
 * is only initials) and the family part is not itself "Adler D.G.", so "Liu R., Adler D.G." and
 * "C Kun‐Rodrigues, J Salmona" stay one name per piece.
 */
function pairInvertedNames(pieces: string[]): string[] | undefined {
  const named = pieces.filter((p) => !ELLIPSIS.test(p));
  if (named.length < 2 || named.length % 2 !== 0) return undefined;
  const names: string[] = [];
  for (let i = 0; i < named.length; i += 2) {
    const family = named[i] as string;
    const given = named[i + 1] as string;
    const familyLike = !family.includes(' ') || GIVEN_INITIALS.test(given);
    if (!familyLike || parseTrailingInitialsName(family)) return undefined;
    names.push(`${family}, ${given}`);
  }
  if (named.length < pieces.length) names.push('...');
  return names;
}

function clean(pieces: string[]): string[] {
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}
