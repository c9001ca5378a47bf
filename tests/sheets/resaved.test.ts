/**
 * Sheets made by `review`, filled in and re-saved by other programs (tests/fixtures/sheets/, made by
 * scripts/make-resaved-sheets.ts), are collected by every stage that reads returned sheets. The
 * projects are rebuilt with the generator's own builders, so the fixtures match them exactly.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureFile, RESAVED_BY, SHEET_PROJECTS } from '../../scripts/make-resaved-sheets.js';
import type { ProjectPaths } from '../../src/project/paths.js';
import { runDedupe } from '../../src/stages/dedupe/index.js';
import { runExtractCollect } from '../../src/stages/extract/index.js';
import { runFulltextCollect } from '../../src/stages/fulltext/index.js';
import { readVotes, runScreenCollect } from '../../src/stages/screen/collect.js';
import { readWorkbook } from '../../src/sheets/xlsx.js';

const made: ProjectPaths[] = [];
afterEach(() => {
  for (const p of made.splice(0)) rmSync(p.root, { recursive: true, force: true });
});

async function project(kind: keyof typeof SHEET_PROJECTS): Promise<ProjectPaths> {
  const p = await SHEET_PROJECTS[kind]();
  made.push(p.paths);
  return p.paths;
}
project.made = made;

/**
 * openpyxl (and so pandas) stores a typed "=reach NEET youth" as a formula without a result: it is read
 * back as the text typed, never evaluated. LibreOffice evaluates it on load (#VALUE!) and keeps the
 * formula in lower case; a pandas-like read of openpyxl's file drops it (no cached value to read).
 */
const PURPOSE_AS_SAVED: Record<(typeof RESAVED_BY)[number], string | null> = {
  openpyxl: '=reach NEET youth',
  pandas: null,
  libreoffice: '=reach neet youth',
  ods: '=reach neet youth',
};

describe.each(RESAVED_BY)('a sheet re-saved by %s', (by) => {
  it('is collected by review screen collect', async () => {
    const made = await SHEET_PROJECTS.screen();
    const paths = made.paths;
    project.made.push(paths);
    // Rows are in the allocation's order: each vote must carry its record's row in the sheet as made.
    const rowOf = new Map((await readWorkbook(readFileSync(made.sheet))).sheets[0]!.rows.map((r) => [r.values.get('id'), r.row]));
    const summary = await runScreenCollect(paths, [fixtureFile('screen', by)]);
    expect(summary.files[0]).toMatchObject({ screener: 'KBA', votes: 4, newVotes: 4 });
    const votes = readVotes(paths).map((v) => [v.record_id, v.decision, v.reason, v.note, v.row]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(votes).toEqual([
      ['s1', 'include', '', '', rowOf.get('s1')],
      ['s2', 'exclude', 'wrong-population', '', rowOf.get('s2')],
      ['s3', 'maybe', '', 'ages 16–25?', rowOf.get('s3')],
      ['s5', 'exclude', '', '', rowOf.get('s5')],
    ]);
  });

  it('is applied by review dedupe from decisions/dedupe/', async () => {
    const paths = await project('dedupe');
    const before = await runDedupe(paths);
    expect(before.reviewQueue).toBe(1);
    mkdirSync(join(paths.decisions, 'dedupe'), { recursive: true });
    copyFileSync(fixtureFile('dedupe', by), join(paths.decisions, 'dedupe', 'pairs.xlsx'));
    const after = await runDedupe(paths);
    expect(after.decisions).toMatchObject({ applied: 1, stale: [], problems: [] });
    expect(after).toMatchObject({ reviewQueue: 0, unique: before.unique - 1 });
  });

  it('is collected by review fulltext collect', async () => {
    const paths = await project('fulltext');
    const result = await runFulltextCollect(paths, [fixtureFile('fulltext', by)]);
    expect(result).toMatchObject({ records: 5, included: 2, excluded: 1, notRetrieved: 1, pending: ['f4'], byReason: { 'no-outreach': 1 } });
  });

  it('is collected by review extract collect', async () => {
    const paths = await project('extract');
    const result = await runExtractCollect(paths, [fixtureFile('extract', by)]);
    expect(result).toMatchObject({ sources: 3, extracted: 3, pending: [] });
    const rows = readFileSync(paths.stageFile('extract', 'extraction.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.record_id, r.values.country, r.values.publication_form, r.values.age_min, r.values.purpose ?? null])).toEqual([
      ['f1', ['Norway'], 'peer-reviewed article', 12, null],
      ['f2', ['Norway', 'Sweden'], 'report', null, PURPOSE_AS_SAVED[by]],
      ['h1', ['Canada'], 'report', 15.5, null],
    ]);
  });
});
