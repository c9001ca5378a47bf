/**
 * A small review project built from the model contracts (unique.jsonl, screen decisions.csv), so
 * the full-text and extraction tests do not depend on the dedupe and screening stages.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREEN_DECISION_COLUMNS, type ScreenDecision } from '../../../src/model/screen.js';
import type { UniqueRecord } from '../../../src/model/unique.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { writeCsv } from '../../../src/sheets/csv.js';
import { tempDir } from '../../helpers/project.js';

export const REASONS = {
  version: 'r1',
  reasons: [
    { id: 'wrong-population', label: 'Wrong population or age', stages: ['screen', 'fulltext'], description: 'adults only' },
    { id: 'no-outreach', label: 'No outreach component', stages: ['screen', 'fulltext'] },
    { id: 'language', label: 'Language', stages: ['fulltext'] },
    { id: 'ta-only', label: 'Title/abstract only reason', stages: ['screen'] },
  ],
};

export const CODEBOOK = {
  version: 'cb1',
  fields: [
    { id: 'country', label: 'Country', type: 'country', multiple: true, required: true, role: 'country' },
    {
      id: 'publication_form', label: 'Publication form', type: 'single', required: true, role: 'publication-form',
      values: ['peer-reviewed article', "master's thesis", 'report'],
      groups: { 'peer-reviewed': ['peer-reviewed article'], 'grey literature': ["master's thesis", 'report'] },
    },
    { id: 'design', label: 'Design', type: 'single', values: ['qualitative', 'quantitative', 'evaluation'], role: 'design' },
    { id: 'who', label: '5W Who', type: 'multiple', required: true, role: '5w', values: ['groups of children and young people', 'professionals', 'services'] },
    { id: 'age_min', label: 'Youngest age', type: 'number', min: 0, max: 40 },
    { id: 'data_year', label: 'Year of data collection', type: 'year' },
    { id: 'purpose', label: 'Purpose', type: 'text' },
  ],
};

function record(id: string, firstSource: string, sources: string[], extra: Partial<UniqueRecord> = {}): UniqueRecord {
  return {
    schemaVersion: 1, id, clusterId: `c-${id}`, firstSource, sources,
    members: sources.map((s, i) => ({ id: `${id}-${i}`, source: s, file: `exports/${s}.ris`, index: i })),
    title: `Outreach study ${id}`, authors: [{ family: `Author${id.toUpperCase()}`, given: 'A.' }], year: 2015,
    journal: 'Journal of Youth Work', doi: `10.1000/${id}`, issn: [], isbn: [], keywords: [], ...extra,
  };
}

/** Databases r1–r6 (r4 also found by hand search: it stays in the databases arm), other methods h1–h3. */
export const RECORDS: UniqueRecord[] = [
  record('r1', 'PubMed', ['PubMed']),
  record('r2', 'PubMed', ['PubMed', 'Scopus']),
  record('r3', 'Scopus', ['Scopus']),
  record('r4', 'PubMed', ['PubMed', 'Hand search']),
  record('r5', 'Scopus', ['Scopus']),
  record('r6', 'Scopus', ['Scopus'], { title: '=HYPERLINK("http://x","y") street work' }),
  record('h1', 'Hand search', ['Hand search'], { journal: undefined, doi: undefined }),
  record('h2', 'Experts', ['Experts']),
  record('h3', 'Hand search', ['Hand search', 'Experts']),
];

export const SCREEN: ScreenDecision[] = [
  { record_id: 'r1', decision: 'include', route: 'agreement', reason: '', screeners: 'A;B', votes: 'include;include' },
  { record_id: 'r2', decision: 'include', route: 'forwarded', reason: '', screeners: 'A;B', votes: 'include;maybe' },
  { record_id: 'r3', decision: 'exclude', route: 'agreement', reason: '', screeners: 'A;B', votes: 'exclude;exclude' },
  { record_id: 'r4', decision: 'include', route: 'agreement', reason: '', screeners: 'A;C', votes: 'include;include' },
  { record_id: 'r5', decision: 'exclude', route: 'resolution', reason: 'wrong-population', screeners: 'A;C', votes: 'include;exclude' },
  { record_id: 'r6', decision: 'include', route: 'resolution', reason: '', screeners: 'A;B', votes: 'include;exclude' },
];

export function makeProject(overrides: Record<string, unknown> = {}): ProjectPaths {
  const root = tempDir('review-fulltext-');
  const config = {
    schemaVersion: 1,
    title: 'Test review',
    sources: [
      { name: 'PubMed', kind: 'database' },
      { name: 'Scopus', kind: 'database' },
      { name: 'Hand search', kind: 'citation-searching' },
      { name: 'Experts', kind: 'expert' },
    ],
    exclusionReasons: REASONS,
    extraction: CODEBOOK,
    ...overrides,
  };
  writeFileSync(join(root, 'review.json'), `${JSON.stringify(config, null, 2)}\n`);
  mkdirSync(join(root, 'stages', 'dedupe'), { recursive: true });
  mkdirSync(join(root, 'stages', 'screen'), { recursive: true });
  writeFileSync(join(root, 'stages', 'dedupe', 'unique.jsonl'), `${RECORDS.map((r) => JSON.stringify(r)).join('\n')}\n`);
  writeFileSync(join(root, 'stages', 'screen', 'decisions.csv'), writeCsv(SCREEN_DECISION_COLUMNS, SCREEN));
  return new ProjectPaths(root);
}

/**
 * Fill in a generated sheet as a person would in Excel: set cells by record id and column header,
 * optionally drop or add rows, and save under a new name (the returned path).
 */
export async function fillSheet(
  file: string,
  tab: string,
  edits: Record<string, Record<string, string | number>>,
  out: string,
  opts: { deleteIds?: string[]; appendRows?: Record<string, string>[]; meta?: Record<string, string> } = {},
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(tab);
  if (!ws) throw new Error(`no tab ${tab}`);
  const header: string[] = [];
  ws.getRow(1).eachCell((c, col) => { header[col - 1] = String(c.value); });
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i + 1;
  };
  const rowsById = new Map<string, number>();
  ws.eachRow((row, n) => { if (n > 1) rowsById.set(String(row.getCell(1).value), n); });
  for (const [id, cells] of Object.entries(edits)) {
    const n = rowsById.get(id);
    if (n === undefined) throw new Error(`no row for ${id}`);
    for (const [name, value] of Object.entries(cells)) ws.getRow(n).getCell(col(name)).value = value;
  }
  for (const id of opts.deleteIds ?? []) {
    const n = rowsById.get(id);
    if (n !== undefined) ws.spliceRows(n, 1);
  }
  for (const extra of opts.appendRows ?? []) {
    const row = ws.addRow([]);
    for (const [name, value] of Object.entries(extra)) row.getCell(col(name)).value = value;
  }
  if (opts.meta) {
    const meta = wb.getWorksheet('_meta');
    meta?.eachRow((row, n) => {
      const key = String(row.getCell(1).value);
      if (n > 1 && key in (opts.meta ?? {})) row.getCell(2).value = opts.meta?.[key] ?? '';
    });
  }
  writeFileSync(out, Buffer.from(await wb.xlsx.writeBuffer()));
  return out;
}
