/**
 * BibTeX (.bib) from Web of Science, Scopus, EBSCOhost, Zotero, Google Scholar and hand-kept files.
 * A small tolerant parser of our own (bibtex/parser.ts): the npm parsers tried either drop an entry
 * whose key holds a space (Scopus), throw on one malformed entry, or give no line numbers.
 */
import { mapEntry } from './bibtex/map-entry.js';
import { parseBibtexEntries } from './bibtex/parser.js';
import type { FormatPlugin, ParseResult } from './types.js';

/**
 * A BibTeX entry as it opens at a line start: `@type{key,` or `@type(key,`. The key is required: a
 * word after "@" followed by a parenthesis ("@home (care),") is prose or a table cell, and @string,
 * @preamble and @comment (which have no key) never make a file BibTeX on their own. Scopus and WoS
 * keys may hold or start with a space (`@article{ WOS:000…,`). Every part is a character class that
 * the next cannot match, so a line is matched in one pass (no backtracking on untrusted text).
 */
const ENTRY_START = /^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*[^\s,={}()"#][^\r\n,={}()"#]*,/gm;
const KNOWN_TYPES = new Set([
  'article', 'inproceedings', 'conference', 'incollection', 'inbook', 'book', 'booklet', 'phdthesis', 'mastersthesis',
  'thesis', 'techreport', 'report', 'misc', 'online', 'electronic', 'proceedings', 'unpublished', 'manual',
]);
const NO_KEY_TYPES = new Set(['string', 'preamble', 'comment']);

export function sniffBibtex(text: string): number {
  let best = 0;
  for (const entry of entryStarts(text)) {
    if (KNOWN_TYPES.has(entry.type)) return 0.9;
    best = 0.6;
  }
  return best;
}

/** Where the first entry with a key starts: the registry counts other formats' evidence only before it. */
export function bibtexContentStart(text: string): number | undefined {
  for (const entry of entryStarts(text)) return entry.at;
  return undefined;
}

/** Entries with a key (@string, @preamble and @comment left out), in file order. */
function* entryStarts(text: string): Generator<{ type: string; at: number }> {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const head = bom ? text.slice(1) : text;
  const pattern = new RegExp(ENTRY_START.source, ENTRY_START.flags);
  for (let m = pattern.exec(head); m; m = pattern.exec(head)) {
    const type = (m[1] as string).toLowerCase();
    if (!NO_KEY_TYPES.has(type)) yield { type, at: m.index + bom };
  }
}

export function parseBibtex(text: string): ParseResult {
  const { entries, warnings } = parseBibtexEntries(text);
  return { records: entries.map(mapEntry), warnings };
}

export const bibtex: FormatPlugin = {
  id: 'bibtex',
  label: 'BibTeX',
  sniff: sniffBibtex,
  contentStart: bibtexContentStart,
  parse: parseBibtex,
};
