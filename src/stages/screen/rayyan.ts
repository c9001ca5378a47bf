/**
 * Rayyan interoperability: the screening set as Rayyan-ready RIS and CSV, and votes read back from a
 * Rayyan export, whose `notes` (CSV) or N1 (RIS) carry
 * `RAYYAN-INCLUSION: {"Name"=>"Included", …} | RAYYAN-LABELS: … | RAYYAN-EXCLUSION-REASONS: …`.
 */
import type { UniqueRecord } from '../../model/unique.js';
import { readCsv, writeCsv } from '../../sheets/csv.js';
import { risTags, writeRis } from '../../formats/ris/write.js';
import { tokenize } from '../../formats/tagged/tokenizer.js';
import type { ScreeningPlan } from './plan.js';
import type { Decision, DraftVote } from './validate.js';
import { authorName } from '../shared/authors.js';
import { count } from '../shared/plural.js';

export const RAYYAN_CSV_COLUMNS = ['key', 'title', 'year', 'month', 'day', 'journal', 'issn', 'volume', 'issue', 'pages', 'authors', 'url', 'language', 'publisher', 'location', 'abstract', 'notes', 'doi', 'keywords', 'pubmed_id', 'pmc_id'] as const;

/**
 * The CSV Rayyan imports: values exactly as they are, no formula neutralisation (Rayyan reads values
 * and evaluates nothing, so an apostrophe would become part of a title such as "-omics approaches").
 */
export function rayyanCsv(records: readonly UniqueRecord[]): string {
  return writeCsv(RAYYAN_CSV_COLUMNS, records.map((r) => ({
    key: r.id, title: r.title, year: r.year, journal: r.journal, issn: r.issn.join(', '), volume: r.volume, issue: r.issue, pages: r.pages,
    authors: r.authors.map(authorName).join(' and '), url: r.url, language: r.language,
    publisher: r.publisher, abstract: r.abstract, doi: r.doi, keywords: r.keywords.join('; '), pubmed_id: r.pmid,
  })), { neutralize: false });
}

/** RIS with our record id in AN (Rayyan keeps it as the key); written by the RIS format plug-in. */
export function rayyanRis(records: readonly UniqueRecord[]): string {
  return writeRis(records.map((r) => risTags(r, r.id)));
}

export interface RayyanEntry {
  /** Line (CSV) or record start line (RIS). */
  row: number;
  key: string;
  title: string;
  year: string;
  doi: string;
  notes: string;
}

export function isRayyanCsv(header: readonly string[]): boolean {
  return header.includes('key') && header.includes('notes') && header.includes('title');
}

export function isRayyanRis(text: string): boolean {
  return /^\s*TY {2}- /.test(text) && /RAYYAN-INCLUSION|AN {2}- rayyan-/.test(text.slice(0, 200_000));
}

export function readRayyanCsv(text: string): RayyanEntry[] {
  return readCsv(text).rows.map((r) => ({
    row: r.line, key: r.values.get('key') ?? '', title: r.values.get('title') ?? '', year: r.values.get('year') ?? '', doi: r.values.get('doi') ?? '', notes: r.values.get('notes') ?? '',
  }));
}

export function readRayyanRis(text: string): RayyanEntry[] {
  const out: RayyanEntry[] = [];
  let cur: RayyanEntry | undefined;
  let lastTag: string | undefined;
  for (const l of tokenize(text, /^([A-Z][A-Z0-9])  -(?: (.*))?$/)) {
    if (l.tag === 'TY') {
      cur = { row: l.line, key: '', title: '', year: '', doi: '', notes: '' };
      out.push(cur);
    }
    if (!cur) continue;
    if (l.tag === undefined) {
      if (lastTag === 'N1' && l.value.trim()) cur.notes += ` ${l.value.trim()}`;
      continue;
    }
    lastTag = l.tag;
    if (l.tag === 'AN' && !cur.key) cur.key = l.value.trim();
    else if ((l.tag === 'TI' || l.tag === 'T1') && !cur.title) cur.title = l.value.trim();
    else if ((l.tag === 'PY' || l.tag === 'Y1') && !cur.year) cur.year = l.value.trim().slice(0, 4);
    else if (l.tag === 'DO' && !cur.doi) cur.doi = l.value.trim();
    else if (l.tag === 'N1' && /RAYYAN-/.test(l.value)) cur.notes = l.value.trim();
    else if (l.tag === 'ER') cur = undefined;
  }
  return out;
}

export interface RayyanNotes {
  inclusion: { name: string; label: string }[];
  labels: string[];
  reasons: string[];
  /** Each reviewer's own notes (`USER-NOTES: {"A"=>["…", "…"]}`), by reviewer name. */
  userNotes: Map<string, string[]>;
}

export function parseRayyanNotes(notes: string): RayyanNotes {
  const out: RayyanNotes = { inclusion: [], labels: [], reasons: [], userNotes: new Map() };
  for (const part of notes.split(/\s*\|\s*(?=[A-Z-]+:)/)) {
    const m = /^\s*(RAYYAN-INCLUSION|RAYYAN-LABELS|RAYYAN-EXCLUSION-REASONS|USER-NOTES):\s*(.*)$/s.exec(part);
    if (!m) continue;
    const body = (m[2] ?? '').trim();
    if (m[1] === 'USER-NOTES') {
      for (const v of body.matchAll(/"((?:[^"\\]|\\.)*)"\s*=>\s*\[((?:[^\]"]|"(?:[^"\\]|\\.)*")*)\]/g)) {
        const texts = [...(v[2] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((t) => unescapeRuby(t[1] ?? '').trim()).filter(Boolean);
        if (texts.length) out.userNotes.set(unescapeRuby(v[1] ?? ''), texts);
      }
    } else if (m[1] === 'RAYYAN-INCLUSION') {
      for (const v of body.matchAll(/"((?:[^"\\]|\\.)*)"\s*=>\s*"([^"]*)"/g)) out.inclusion.push({ name: (v[1] ?? '').replace(/\\(.)/g, '$1'), label: v[2] ?? '' });
    } else {
      const list = body.split(',').map((s) => s.trim()).filter(Boolean);
      if (m[1] === 'RAYYAN-LABELS') out.labels = list;
      else out.reasons = list;
    }
  }
  return out;
}

const RAYYAN_DECISIONS: Record<string, Decision> = { included: 'include', excluded: 'exclude', maybe: 'maybe' };

export interface RayyanVotes {
  votes: DraftVote[];
  problems: string[];
  warnings: string[];
  /** Votes by a screener our allocation did not give the record to (kept: Rayyan has no allocation). */
  external: number;
}

/**
 * Votes from Rayyan entries, every one kept as cast. Records match by key first (our id in key/AN,
 * or Rayyan's own key `rayyan-<id>` that the import kept from a Rayyan export), then DOI, then
 * normalised title + year; reviewer names map to screeners by rayyanName, else name. Unknown
 * reviewers are errors (fix review.json); unmatched records and reasons outside the list are
 * warnings. A vote by a screener the allocation did not assign to the record is stored (Rayyan
 * lets everyone screen anything) and counted as external; reconcile marks such decisions.
 */
export function rayyanVotes(
  label: string,
  entries: readonly RayyanEntry[],
  plan: ScreeningPlan,
  records: readonly UniqueRecord[],
  assignedPairs: ReadonlySet<string>,
): RayyanVotes {
  const byKey = uniqueIndex(records, (r) => [r.id, r.sourceRecordId, ...r.members.map((m) => m.sourceRecordId)]);
  const byDoi = uniqueIndex(records, (r) => [normaliseDoi(r.doi ?? '')]);
  const byTitleYear = new Map<string, string[]>();
  for (const r of records) {
    const k = titleYearKey(r.title ?? '', String(r.year ?? ''));
    byTitleYear.set(k, [...(byTitleYear.get(k) ?? []), r.id]);
  }
  const screenerOf = new Map<string, string>();
  for (const s of plan.screeners) {
    screenerOf.set(s.name.trim().toLowerCase(), s.id);
    if (s.rayyanName) screenerOf.set(s.rayyanName.trim().toLowerCase(), s.id);
  }
  const out: RayyanVotes = { votes: [], problems: [], warnings: [], external: 0 };
  const unknownNames = new Set<string>();
  for (const e of entries) {
    const notes = parseRayyanNotes(e.notes);
    if (notes.inclusion.length === 0) continue;
    // Reviewer names are a review.json problem, reported whether or not the record matches.
    for (const v of notes.inclusion) {
      if (screenerOf.has(v.name.trim().toLowerCase()) || unknownNames.has(v.name)) continue;
      out.problems.push(`${label} row ${e.row}: Rayyan reviewer "${v.name}" is not a screener in review.json; add "rayyanName": "${v.name}" to that screener under "screeners"`);
      unknownNames.add(v.name);
    }
    const key = e.key.trim();
    let id: string | undefined = byKey.get(key) ?? byDoi.get(normaliseDoi(e.doi));
    if (!id) {
      const candidates = byTitleYear.get(titleYearKey(e.title, e.year)) ?? [];
      if (candidates.length === 1) id = candidates[0];
      else {
        out.warnings.push(`${label} row ${e.row}: no record matches ${key ? `key ${key}, ` : ''}${e.doi ? `DOI ${e.doi}, ` : ''}title+year "${e.title.slice(0, 60)}" (${e.year})${candidates.length > 1 ? ` (${count(candidates.length, 'record')} match)` : ''}; its votes are not stored`);
        continue;
      }
    }
    if (!id) continue;
    const reasons = notes.reasons.map((r) => plan.reasons.find((p) => p.toLowerCase() === r.toLowerCase()));
    notes.reasons.forEach((r, i) => {
      if (!reasons[i]) out.warnings.push(`${label} row ${e.row}: Rayyan exclusion reason "${r}" is not in review.json's title/abstract reasons; not stored`);
    });
    const reason = reasons.find((r): r is string => r !== undefined) ?? '';
    for (const v of notes.inclusion) {
      const screener = screenerOf.get(v.name.trim().toLowerCase());
      const decision = RAYYAN_DECISIONS[v.label.trim().toLowerCase()];
      if (!screener) continue;
      if (!decision) {
        out.problems.push(`${label} row ${e.row}: Rayyan decision "${v.label}" by ${v.name} is not Included, Excluded or Maybe; export again from Rayyan`);
        continue;
      }
      if (!assignedPairs.has(`${id}\u0000${screener}`)) out.external++;
      // The reviewer's own notes travel with the vote; Rayyan labels are shared by the whole team.
      const note = [...(notes.userNotes.get(v.name) ?? []), ...(notes.labels.length ? [`Rayyan labels: ${notes.labels.join(', ')}`] : [])].join(' | ');
      out.votes.push({ record_id: id, screener, decision, reason: decision === 'exclude' ? reason : '', note, row: e.row });
    }
  }
  return out;
}

/** key → record id for keys that name exactly one record (an ambiguous key matches nothing). */
function uniqueIndex(records: readonly UniqueRecord[], keys: (r: UniqueRecord) => (string | undefined)[]): Map<string, string> {
  const out = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const r of records) {
    for (const k of new Set(keys(r))) {
      if (!k || ambiguous.has(k)) continue;
      const seen = out.get(k);
      if (seen === undefined) out.set(k, r.id);
      else if (seen !== r.id) {
        out.delete(k);
        ambiguous.add(k);
      }
    }
  }
  return out;
}

function normaliseDoi(doi: string): string {
  const d = doi.trim().toLowerCase();
  const at = d.indexOf('10.');
  return at < 0 ? '' : d.slice(at);
}

function unescapeRuby(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

function titleYearKey(title: string, year: string): string {
  return `${title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '')}|${year.trim().slice(0, 4)}`;
}
