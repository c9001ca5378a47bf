/**
 * Rayyan CSV: key "rayyan-<id>", authors joined with " and ", and cells that still carry flattened
 * RIS tags from the Embase import (cut off with a warning). `notes` stays raw only: the screening
 * stage reads the RAYYAN-INCLUSION decisions from it.
 */
import { authors, type ColumnTable, doi, keywords, pages, pmid, rawOnly, standardNumbers, text, url, withoutLeakedTags, year } from './columns.js';
import { defineCsvProfile, hasColumns } from './profile.js';

const COLUMNS: ColumnTable = [
  ['key', text('sourceRecordId')],
  ['title', withoutLeakedTags(text('title'), 'title')],
  ['year', year],
  ['journal', text('journal')],
  ['issn', standardNumbers],
  ['volume', text('volume')],
  ['issue', text('issue')],
  ['pages', pages],
  ['authors', authors('and')],
  ['url', withoutLeakedTags(url, 'url')],
  ['language', text('language')],
  ['publisher', text('publisher')],
  ['abstract', text('abstract')],
  ['notes', rawOnly],
  ['doi', withoutLeakedTags(doi, 'doi')],
  ['keywords', keywords()],
  ['pubmed_id', pmid],
];

export const rayyanCsv = defineCsvProfile({
  id: 'rayyan-csv',
  label: 'Rayyan CSV',
  confidence: 0.9,
  matches: hasColumns('key', 'title', 'authors', 'notes', 'pubmed_id'),
  columns: COLUMNS,
});
