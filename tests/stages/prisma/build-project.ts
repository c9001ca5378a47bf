/**
 * Writes a review project's stage outputs directly from a compact description, following the
 * src/model contracts (records.jsonl, unique.jsonl, screen and full-text decisions.csv), so the
 * prisma/report/run/verify tests do not depend on the stages that normally produce them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { armOf, type ReviewConfig, type SourceKind } from '../../../src/model/config.js';
import { FULLTEXT_DECISION_COLUMNS, type FulltextDecision } from '../../../src/model/fulltext.js';
import type { BibFields } from '../../../src/model/record.js';
import { SCREEN_DECISION_COLUMNS, type ScreenDecision } from '../../../src/model/screen.js';
import type { UniqueRecord } from '../../../src/model/unique.js';
import { writeCsv } from '../../../src/sheets/csv.js';
import { tempDir } from '../../helpers/project.js';

export interface SourceSpec {
  name: string;
  kind: SourceKind;
}

export interface RecordSpec {
  source: string;
  /** Records with the same cluster key are duplicates of each other. */
  cluster: string;
  bib?: Partial<BibFields>;
}

export interface ProjectSpec {
  sources: SourceSpec[];
  records: RecordSpec[];
  /** unique id → title/abstract decision (database arm); missing ids get no row. */
  screen: Map<string, { decision: 'include' | 'exclude'; reason?: string }>;
  /** unique id → full-text row values. */
  fulltext: Map<string, { retrieved: 'yes' | 'no' | ''; decision: 'include' | 'exclude' | 'pending'; reason?: string }>;
  reasons?: { id: string; label: string; stages: ('screen' | 'fulltext')[] }[];
}

export interface BuiltProject {
  root: string;
  config: ReviewConfig;
  importedIds: string[];
  unique: UniqueRecord[];
  screenRows: ScreenDecision[];
  fulltextRows: FulltextDecision[];
}

export const DEFAULT_REASONS = [
  { id: 'population', label: 'Wrong population', stages: ['screen', 'fulltext'] as ('screen' | 'fulltext')[] },
  { id: 'no-outreach', label: 'No outreach component', stages: ['fulltext'] as ('screen' | 'fulltext')[] },
  { id: 'format', label: 'Wrong publication format', stages: ['fulltext'] as ('screen' | 'fulltext')[] },
];

export function importedId(i: number): string {
  return `r${i.toString(16).padStart(12, '0')}`;
}

/** Unique records from the record specs: one per cluster, first source in review.json order. */
export function uniqueRecordsOf(spec: Pick<ProjectSpec, 'sources' | 'records'>): UniqueRecord[] {
  const order = new Map(spec.sources.map((s, i) => [s.name, i]));
  const clusters = new Map<string, number[]>();
  spec.records.forEach((r, i) => clusters.set(r.cluster, [...(clusters.get(r.cluster) ?? []), i]));
  const out: UniqueRecord[] = [];
  for (const [key, members] of clusters) {
    const first = members[0] ?? 0;
    const sources = [...new Set(members.map((i) => spec.records[i]?.source ?? ''))].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99));
    const bib = spec.records[first]?.bib ?? {};
    out.push({
      authors: [], issn: [], isbn: [], keywords: [],
      ...bib,
      schemaVersion: 1,
      id: importedId(first),
      clusterId: `c-${key}`,
      members: members.map((i) => ({ id: importedId(i), source: spec.records[i]?.source ?? '', file: `exports/${spec.records[i]?.source}.ris`, index: i })),
      sources,
      firstSource: sources[0] ?? '',
    } as UniqueRecord);
  }
  return out;
}

export interface MaterializedProject {
  config: ReviewConfig;
  records: Record<string, unknown>[];
  importedIds: string[];
  imported: { id: string; source: string }[];
  unique: UniqueRecord[];
  screenRows: ScreenDecision[];
  fulltextRows: FulltextDecision[];
}

/** The stage outputs a spec describes, in memory. */
export function materialize(spec: ProjectSpec): MaterializedProject {
  const reasons = spec.reasons ?? DEFAULT_REASONS;
  const config = {
    schemaVersion: 1,
    title: 'Test review',
    sources: spec.sources.map((s) => ({ name: s.name, kind: s.kind, files: [`exports/${s.name}.ris`] })),
    screeners: [],
    exclusionReasons: { version: '1', reasons },
  } as unknown as ReviewConfig;
  const importedIds = spec.records.map((_, i) => importedId(i));
  const records = spec.records.map((r, i) => ({
    schemaVersion: 1,
    id: importedId(i),
    authors: [], issn: [], isbn: [], keywords: [],
    ...r.bib,
    provenance: { source: r.source, file: `exports/${r.source}.ris`, fileSha256: '0'.repeat(64), format: 'ris', index: i, line: i + 1 },
    raw: [],
  }));
  const unique = uniqueRecordsOf(spec);
  const kinds = new Map(spec.sources.map((s) => [s.name, s.kind]));
  const armOfUnique = (u: UniqueRecord): 'databases' | 'other' => armOf(kinds.get(u.firstSource) ?? 'database');
  const screenRows: ScreenDecision[] = unique.flatMap((u) => {
    const d = spec.screen.get(u.id);
    return d ? [{ record_id: u.id, decision: d.decision, route: 'agreement' as const, reason: d.reason ?? '', screeners: 'A;B', votes: `${d.decision};${d.decision}` }] : [];
  });
  const fulltextRows: FulltextDecision[] = unique.flatMap((u) => {
    const d = spec.fulltext.get(u.id);
    return d ? [{ record_id: u.id, arm: armOfUnique(u), source: u.firstSource, retrieved: d.retrieved, decision: d.decision, reason: d.reason ?? '', assessor: 'A', note: '' }] : [];
  });
  return { config, records, importedIds, imported: spec.records.map((r, i) => ({ id: importedId(i), source: r.source })), unique, screenRows, fulltextRows };
}

export function writeProject(spec: ProjectSpec, root = tempDir('review-prisma-')): BuiltProject {
  const m = materialize(spec);
  for (const dir of ['exports', 'decisions', 'stages/import', 'stages/dedupe', 'stages/screen', 'stages/fulltext']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'review.json'), `${JSON.stringify(m.config, null, 2)}\n`);
  writeFileSync(join(root, 'stages/import/records.jsonl'), m.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeFileSync(join(root, 'stages/dedupe/unique.jsonl'), m.unique.map((u) => `${JSON.stringify(u)}\n`).join(''));
  writeFileSync(join(root, 'stages/screen/decisions.csv'), writeCsv(SCREEN_DECISION_COLUMNS, m.screenRows));
  writeFileSync(join(root, 'stages/fulltext/decisions.csv'), writeCsv(FULLTEXT_DECISION_COLUMNS, m.fulltextRows));
  return { root, config: m.config, importedIds: m.importedIds, unique: m.unique, screenRows: m.screenRows, fulltextRows: m.fulltextRows };
}

/**
 * A complete, consistent project: every database-arm record screened, every forwarded and
 * other-methods record decided at full text. `pick` draws the choices (tests pass fast-check values).
 */
export function completeSpec(sources: SourceSpec[], records: RecordSpec[], pick: (uniqueIndex: number, what: 'screen' | 'ft' | 'reason') => number): ProjectSpec {
  const spec: ProjectSpec = { sources, records, screen: new Map(), fulltext: new Map() };
  const kinds = new Map(sources.map((s) => [s.name, s.kind]));
  const screenReasons = ['', ...DEFAULT_REASONS.filter((r) => r.stages.includes('screen')).map((r) => r.id)];
  const ftReasons = DEFAULT_REASONS.map((r) => r.id);
  uniqueRecordsOf(spec).forEach((u, i) => {
    const arm = armOf(kinds.get(u.firstSource) ?? 'database');
    if (arm === 'databases') {
      const include = pick(i, 'screen') % 3 !== 0;
      spec.screen.set(u.id, include ? { decision: 'include' } : { decision: 'exclude', reason: screenReasons[pick(i, 'reason') % screenReasons.length] ?? '' });
      if (!include) return;
    }
    const ft = pick(i, 'ft') % 5;
    if (ft === 0) spec.fulltext.set(u.id, { retrieved: 'no', decision: 'exclude' });
    else if (ft <= 2) spec.fulltext.set(u.id, { retrieved: 'yes', decision: 'exclude', reason: ftReasons[pick(i, 'reason') % ftReasons.length] ?? '' });
    else spec.fulltext.set(u.id, { retrieved: 'yes', decision: 'include' });
  });
  return spec;
}

/** Rewrite one stage file's rows (for tests that break an identity on purpose). */
export function rewriteFulltext(root: string, rows: FulltextDecision[]): void {
  writeFileSync(join(root, 'stages/fulltext/decisions.csv'), writeCsv(FULLTEXT_DECISION_COLUMNS, rows));
}

export function rewriteScreen(root: string, rows: ScreenDecision[]): void {
  writeFileSync(join(root, 'stages/screen/decisions.csv'), writeCsv(SCREEN_DECISION_COLUMNS, rows));
}
