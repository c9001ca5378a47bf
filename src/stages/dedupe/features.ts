/**
 * The comparable view of one record, computed once: every field normalised, title tokens for
 * blocking and the cheap token filter. Pure: built from an ImportedRecord alone.
 */
import type { ImportedRecord } from '../../model/record.js';
import {
  type AuthorKey, type NormalisedPages, type TitleKind,
  erratumCitation, erratumNotices, foldText, normaliseAuthors, normaliseDoi, normaliseIssn, normaliseIssue, normaliseJournal, normalisePages, normaliseTitle, normaliseVolume,
} from './normalise.js';

export interface RecordFeatures {
  /** Position of the record in the input (the deterministic tie-breaker everywhere). */
  index: number;
  id: string;
  source: string;
  doi?: string;
  pmid?: string;
  title?: string;
  titleKind?: TitleKind;
  titleNumbers: string[];
  /** Distinct title words (length ≥ 2), sorted. */
  titleTokens: string[];
  authors: AuthorKey[];
  year?: number;
  journal: string[];
  issn: string[];
  volume?: string;
  issue?: string;
  pages?: NormalisedPages;
  /** An erratum's citation of the article it corrects (volume and first page), when its title gives one. */
  cites?: { volume: string; page: string };
  /** Where the record's own note says its erratum appeared (MEDLINE "[Erratum appears in …]"). */
  erratumAt?: { year: number; volume: string; issue: string; page: string }[];
  /** Distinct abstract words of the first 80 words, for a cheap similarity. */
  abstractTokens: string[];
  /** Embase's "(multiple letters)": one record for a letter and the replies printed with it. */
  letters?: true;
  /** A dissertation's abstract in Dissertation Abstracts International, or the thesis itself ("Ph.D." in the volume column). */
  dissertation?: 'abstract' | 'thesis';
  /** conference paper, journal article, or other: a conference paper and its journal version are different records. */
  venue: 'conference' | 'journal' | 'other';
}

const THESIS = /\b(?:ph\.?\s?d|doctoral|thesis|dissertation)\b/;
const MULTIPLE_LETTERS = /\(multiple letters\)/i;
const CONFERENCE_CONTAINER = /\b(?:proceedings|proc|conference|conf|symposium|workshop|congress|meeting)\b/;

export function recordFeatures(record: ImportedRecord, index: number): RecordFeatures {
  const title = normaliseTitle(record.title);
  const journalText = record.journal ?? record.journalAbbrev;
  const journal = normaliseJournal(journalText);
  const pages = normalisePages(record.pages);
  const doi = normaliseDoi(record.doi);
  const { volume, issue: volumeIssue, supplement } = normaliseVolume(record.volume);
  const issue = normaliseIssue(record.issue) ?? volumeIssue ?? supplement;
  const cites = title?.kind === 'erratum' ? erratumCitation(record.title) : undefined;
  const pmid = record.pmid?.replace(/\D/g, '') || undefined;
  const container = foldText(journalText ?? '');
  const venue = record.type === 'conference' || (record.type !== 'article' && CONFERENCE_CONTAINER.test(container))
    ? 'conference'
    : record.type === 'article' || record.type === 'review' ? 'journal' : 'other';
  const features: RecordFeatures = {
    index,
    id: record.id,
    source: record.provenance.source,
    titleNumbers: title?.numbers ?? [],
    titleTokens: title ? uniqueSorted(title.text.split(' ').filter((w) => w.length >= 2)) : [],
    authors: normaliseAuthors(record.authors),
    journal,
    issn: uniqueSorted(record.issn.map(normaliseIssn).filter((x): x is string => !!x)),
    abstractTokens: record.abstract ? uniqueSorted(foldText(record.abstract.slice(0, 800)).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3).slice(0, 80)) : [],
    venue,
  };
  if (doi) features.doi = doi;
  if (pmid) features.pmid = pmid;
  if (title) features.title = title.text;
  if (title?.kind) features.titleKind = title.kind;
  if (record.year !== undefined) features.year = record.year;
  if (volume) features.volume = volume;
  if (issue) features.issue = issue;
  if (pages) features.pages = pages;
  if (cites) features.cites = cites;
  if (record.title && MULTIPLE_LETTERS.test(record.title)) features.letters = true;
  if (/\bdissertation abstracts\b/.test(container)) features.dissertation = 'abstract';
  else if (record.type === 'thesis' || THESIS.test(foldText(`${container} ${record.volume ?? ''}`))) features.dissertation = 'thesis';
  const erratumAt = erratumNotices(record.title);
  if (erratumAt.length) features.erratumAt = erratumAt;
  return features;
}

export function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** |A ∩ B| for two sorted distinct lists. */
export function intersectionSize(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) { n++; i++; j++; } else if (x < y) i++; else j++;
  }
  return n;
}
