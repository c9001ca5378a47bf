/**
 * BibTeX (.bib) from Web of Science, Scopus, EBSCOhost, Zotero, Google Scholar and hand-kept files.
 * A small tolerant parser of our own (bibtex/parser.ts): the npm parsers tried either drop an entry
 * whose key holds a space (Scopus), throw on one malformed entry, or give no line numbers.
 */
import { mapEntry } from './bibtex/map-entry.js';
import { parseBibtexEntries } from './bibtex/parser.js';
import type { FormatPlugin, ParseResult } from './types.js';

const KNOWN_ENTRY = /^[ \t]*@[ \t]*(article|inproceedings|conference|incollection|inbook|book|booklet|phdthesis|mastersthesis|thesis|techreport|report|misc|online|electronic|proceedings|unpublished|manual|string|preamble|comment)[ \t]*[{(]/im;
const ANY_ENTRY = /^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(][^,\n=]*,/m;

export function sniffBibtex(text: string): number {
  const head = text.replace(/^\uFEFF/, '');
  if (KNOWN_ENTRY.test(head)) return 0.9;
  if (ANY_ENTRY.test(head)) return 0.6;
  return 0;
}

export function parseBibtex(text: string): ParseResult {
  const { entries, warnings } = parseBibtexEntries(text);
  return { records: entries.map(mapEntry), warnings };
}

export const bibtex: FormatPlugin = {
  id: 'bibtex',
  label: 'BibTeX',
  sniff: sniffBibtex,
  parse: parseBibtex,
};
