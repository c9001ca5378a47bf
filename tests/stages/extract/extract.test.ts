import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtractionConfigSchema } from '../../../src/model/extraction.js';
import { ReviewConfigSchema } from '../../../src/model/config.js';
import { UserError } from '../../../src/project/errors.js';
import type { ProjectPaths } from '../../../src/project/paths.js';
import { readCsv } from '../../../src/sheets/csv.js';
import { readWorkbook } from '../../../src/sheets/xlsx.js';
import { runExtractCollect, runExtractSheet, runExtractSummary } from '../../../src/stages/extract/index.js';
import { runFulltextCollect, runFulltextSheet } from '../../../src/stages/fulltext/index.js';
import { REPO, tempDir } from '../../helpers/project.js';
import { fillSheet, makeProject } from '../fulltext/project.js';

/** Screening decisions → full-text sheet → decisions with reasons: r1, r6 (databases) and h1 (hand search) included. */
async function projectWithIncludes(overrides: Record<string, unknown> = {}): Promise<ProjectPaths> {
  const paths = makeProject(overrides);
  await runFulltextSheet(paths);
  const filled = await fillSheet(paths.stageFile('fulltext', 'sheet.xlsx'), 'Full text', {
    r1: { retrieved: 'yes', decision: 'include', assessor: 'KBA' },
    r2: { retrieved: 'yes', decision: 'exclude', reason: 'wrong-population', assessor: 'KBA' },
    r4: { retrieved: 'no', assessor: 'KBA' },
    r6: { retrieved: 'yes', decision: 'include', assessor: 'KBA' },
    h1: { retrieved: 'yes', decision: 'include', assessor: 'KBA' },
    h2: { retrieved: 'yes', decision: 'exclude', reason: 'language', assessor: 'KBA' },
    h3: { retrieved: 'yes', decision: 'exclude', reason: 'no-outreach', assessor: 'KBA' },
  }, join(tempDir(), 'fulltext.xlsx'));
  await runFulltextCollect(paths, [filled]);
  return paths;
}

const EXTRACTED = {
  r1: { country: 'Norway', publication_form: 'peer-reviewed article', design: 'qualitative', who: 'groups of children and young people; professionals', age_min: 12, data_year: 2019, extractor: 'KBA' },
  r6: { country: 'NO; sweden', publication_form: 'Report', design: 'evaluation', who: 'services', purpose: '=reach NEET youth', extractor: 'KBA' },
  h1: { country: 'Canada', publication_form: "master's thesis", design: 'qualitative', who: 'professionals', age_min: '15,5', extractor: 'KBA' },
};

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error.details;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('extraction end to end', () => {
  it('screening decisions → full text → extraction sheet → collected extraction → summary, counts as computed by hand', async () => {
    const paths = await projectWithIncludes();
    const sheet = await runExtractSheet(paths);
    expect(sheet).toEqual({ sheets: ['stages/extract/sheet.xlsx'], sources: 3, codebookVersion: 'cb1' });
    const wb = await readWorkbook(readFileSync(paths.stageFile('extract', 'sheet.xlsx')));
    const tab = wb.sheets.find((s) => s.name === 'Extraction');
    expect(tab?.header.slice(0, 8)).toEqual(['id', 'first_author', 'year', 'title', 'journal', 'doi', 'route', 'country']);
    expect(tab?.rows.map((r) => [r.values.get('id'), r.values.get('first_author'), r.values.get('route')])).toEqual([
      ['r1', 'AuthorR1, A.', 'databases'], ['r6', 'AuthorR6, A.', 'databases'], ['h1', 'AuthorH1, A.', 'hand search'],
    ]);
    expect(wb.meta.get('codebookVersion')).toBe('cb1');
    const codebookTab = wb.sheets.find((s) => s.name === 'Codebook');
    expect(codebookTab?.rows.find((r) => r.values.get('column') === 'who')?.values.get('how to fill in')).toContain('separated by "; "');

    const filled = await fillSheet(paths.stageFile('extract', 'sheet.xlsx'), 'Extraction', EXTRACTED, join(tempDir(), 'extraction.xlsx'));
    const collected = await runExtractCollect(paths, [filled]);
    expect(collected).toMatchObject({ sources: 3, extracted: 3, discrepant: 0, pending: [] });
    const lines = readFileSync(paths.stageFile('extract', 'extraction.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.record_id, l.codebook_version, l.route, l.values.country, l.values.who, l.values.age_min])).toEqual([
      ['r1', 'cb1', 'databases', ['Norway'], ['groups of children and young people', 'professionals'], 12],
      ['r6', 'cb1', 'databases', ['Norway', 'Sweden'], ['services'], null],
      ['h1', 'cb1', 'other', ['Canada'], ['professionals'], 15.5],
    ]);
    const csv = readFileSync(paths.stageFile('extract', 'extraction.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('record_id,codebook_version,route,source,extractors,status,country,publication_form,design,who,age_min,data_year,purpose,note');
    expect(csv).toContain("'=reach NEET youth"); // formula injection neutralised in CSV
    expect(readCsv(csv).rows[1]?.values.get('country')).toBe('Norway; Sweden');

    const summary = await runExtractSummary(paths);
    expect(summary.sources).toBe(3);
    const counts = readCsv(readFileSync(paths.stageFile('extract', 'summary/counts.csv'), 'utf8')).rows.map((r) => [r.values.get('field'), r.values.get('value'), r.values.get('n')]);
    // countries: Norway r1 r6, Canada h1, Sweden r6 (count desc, then name)
    expect(counts.filter((c) => c[0] === 'country')).toEqual([['country', 'Norway', '2'], ['country', 'Canada', '1'], ['country', 'Sweden', '1'], ['country', '(empty)', '0']]);
    expect(counts.filter((c) => c[0] === 'publication_form (group)')).toEqual([
      ['publication_form (group)', 'peer-reviewed', '1'], ['publication_form (group)', 'grey literature', '2'], ['publication_form (group)', '(empty)', '0'],
    ]);
    expect(counts.filter((c) => c[0] === 'who').map((c) => c[2])).toEqual(['1', '2', '1', '0']);
    const byRoute = readCsv(readFileSync(paths.stageFile('extract', 'summary/by-route.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    expect(byRoute.find((r) => r.field === 'design' && r.value === 'qualitative')).toEqual({ field: 'design', value: 'qualitative', databases: '1', 'hand search': '1', total: '2' });
    expect(byRoute.find((r) => r.field === 'who' && r.value === 'professionals')).toEqual({ field: 'who', value: 'professionals', databases: '1', 'hand search': '1', total: '2' });
    const byForm = readCsv(readFileSync(paths.stageFile('extract', 'summary/by-publication-form.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    expect(byForm.find((r) => r.field === 'country' && r.value === 'Norway')).toMatchObject({ 'peer-reviewed': '1', 'grey literature': '1', total: '2' });
    const md = readFileSync(paths.stageFile('extract', 'summary/summary.md'), 'utf8');
    expect(md).toContain('3 extracted sources (codebook version cb1): 2 from databases, 1 from hand search.');
    expect(md).toContain('| qualitative | 1 | 1 | 2 | 66.7 | 1 | 1 | 0 |');
    const svg = readFileSync(paths.stageFile('extract', 'summary/countries.svg'), 'utf8');
    expect([...svg.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1])).toEqual(['Norway', 'Canada', 'Sweden']);
    expect(svg).toContain('3 sources; a source from several countries counts for each (4 country mentions)');
    await runExtractSummary(paths);
    expect(readFileSync(paths.stageFile('extract', 'summary/countries.svg'), 'utf8')).toBe(svg); // deterministic bytes

    // Full rebuild from decisions/ alone gives the same extraction.
    const jsonl = readFileSync(paths.stageFile('extract', 'extraction.jsonl'), 'utf8');
    await runExtractCollect(paths);
    expect(readFileSync(paths.stageFile('extract', 'extraction.jsonl'), 'utf8')).toBe(jsonl);
  });

  it('a partly filled sheet leaves untouched sources pending', async () => {
    const paths = await projectWithIncludes();
    await runExtractSheet(paths);
    const filled = await fillSheet(paths.stageFile('extract', 'sheet.xlsx'), 'Extraction', { r1: EXTRACTED.r1 }, join(tempDir(), 'partial.xlsx'));
    expect(await runExtractCollect(paths, [filled])).toMatchObject({ extracted: 1, pending: ['r6', 'h1'] });
  });
});

describe('extraction validation', () => {
  it('reports every cell problem with row and column, and a row for a source that is not included', async () => {
    const paths = await projectWithIncludes();
    await runExtractSheet(paths);
    const bad = await fillSheet(paths.stageFile('extract', 'sheet.xlsx'), 'Extraction', {
      r1: { ...EXTRACTED.r1, design: 'ethnography', who: 'professionals; aliens' }, // outside the codebook ×2
      r6: { ...EXTRACTED.r6, country: '', age_min: 'twelve', data_year: 19 }, // required empty, wrong type ×2
      h1: { ...EXTRACTED.h1, age_min: 99, publication_form: 'report; thesis' }, // out of range, several values in a single choice
    }, join(tempDir(), 'bad.xlsx'), { appendRows: [{ id: 'r2', country: 'Norway' }] });
    const problems = await problemsOf(runExtractCollect(paths, [bad]));
    expect(problems).toEqual([
      expect.stringMatching(/bad\.xlsx row 2, column design \(J\): "ethnography" is not in the codebook; allowed: qualitative \| quantitative \| evaluation/),
      expect.stringMatching(/row 2, column who \(K\): "aliens" is not in the codebook/),
      expect.stringMatching(/row 3, column country \(H\): required field is empty/),
      expect.stringMatching(/row 3, column age_min \(L\): wrong type: expected a number, got "twelve"/),
      expect.stringMatching(/row 3, column data_year \(M\): wrong type: expected a four-digit year, got "19"/),
      expect.stringMatching(/row 4, column publication_form \(I\): only one value allowed/),
      expect.stringMatching(/row 4, column age_min \(L\): 99 is above the largest allowed value 40/),
      expect.stringMatching(/row 5, column id \(A\): row for r2, a source that is not included/),
    ]);
  });

  it('rejects a sheet made with another codebook version, and a changed codebook without a version bump', async () => {
    const paths = await projectWithIncludes();
    await runExtractSheet(paths);
    const filled = await fillSheet(paths.stageFile('extract', 'sheet.xlsx'), 'Extraction', { r1: EXTRACTED.r1 }, join(tempDir(), 'v1.xlsx'));
    const config = JSON.parse(readFileSync(paths.config, 'utf8'));
    config.extraction.fields[2].values.push('mixed methods');
    writeFileSync(paths.config, JSON.stringify(config));
    expect(await problemsOf(runExtractCollect(paths, [filled]))).toEqual([expect.stringMatching(/v1\.xlsx: the codebook's fields changed since this sheet was made but its version is still "cb1"/)]);
    config.extraction.version = 'cb2';
    writeFileSync(paths.config, JSON.stringify(config));
    expect(await problemsOf(runExtractCollect(paths, [filled]))).toEqual([expect.stringMatching(/v1\.xlsx: codebook version mismatch: the sheet was made with codebook version "cb1", review.json has version "cb2"/)]);
  });

  it('dual extraction reports per-field discrepancies (not free text) and marks the source discrepant', async () => {
    const paths = await projectWithIncludes({ extraction: { ...JSON.parse(JSON.stringify((await import('../fulltext/project.js')).CODEBOOK)), extractors: ['KBA', 'ON'], extractionsPerRecord: 2 } });
    const sheets = await runExtractSheet(paths);
    expect(sheets.sheets).toEqual(['stages/extract/sheets/KBA.xlsx', 'stages/extract/sheets/ON.xlsx']);
    const strip = (o: Record<string, string | number>) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'extractor'));
    const kba = await fillSheet(paths.stageFile('extract', 'sheets/KBA.xlsx'), 'Extraction', { r1: strip(EXTRACTED.r1), h1: strip(EXTRACTED.h1) }, join(tempDir(), 'KBA.xlsx'));
    const on = await fillSheet(paths.stageFile('extract', 'sheets/ON.xlsx'), 'Extraction', {
      r1: { ...strip(EXTRACTED.r1), who: 'professionals; groups of children and young people', purpose: 'other words' }, // same set, other order; text differs
      h1: { ...strip(EXTRACTED.h1), design: 'evaluation', country: 'Canada; United States' },
    }, join(tempDir(), 'ON.xlsx'));
    const result = await runExtractCollect(paths, [kba, on]);
    expect(result).toMatchObject({ extracted: 1, discrepant: 1, pending: ['r6'], discrepancies: 2 });
    const rows = readCsv(readFileSync(paths.stageFile('extract', 'discrepancies.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    expect(rows).toEqual([
      { record_id: 'h1', field: 'country', extractor_a: 'KBA', value_a: 'Canada', extractor_b: 'ON', value_b: 'Canada; United States' },
      { record_id: 'h1', field: 'design', extractor_a: 'KBA', value_a: 'qualitative', extractor_b: 'ON', value_b: 'evaluation' },
    ]);
  });
});

describe('korus-outreach protocol pieces', () => {
  const dir = join(REPO, 'data', 'examples', 'korus-outreach', 'protocol');
  const reasons = JSON.parse(readFileSync(join(dir, 'exclusion-reasons.json'), 'utf8'));
  const codebook = JSON.parse(readFileSync(join(dir, 'extraction-codebook.json'), 'utf8'));

  it('are valid review.json parts', () => {
    const parsed = ReviewConfigSchema.parse({ schemaVersion: 1, exclusionReasons: reasons, extraction: codebook });
    expect(parsed.exclusionReasons?.reasons.length).toBe(18);
    expect(ExtractionConfigSchema.parse(codebook).fields.length).toBe(33);
  });

  it('carry the 5W values of protocol §5.1, the three pillars and the protocol\'s named reasons', () => {
    const field = (id: string) => codebook.fields.find((f: { id: string }) => f.id === id);
    expect(field('when').values).toEqual(expect.arrayContaining(['early intervention', 'crisis', 'transition phases', 'long-term follow-up']));
    expect(field('where').values).toEqual(['street spaces', 'schools', 'digital arenas', 'home', 'leisure arenas', 'urban areas', 'rural areas']);
    expect(field('why').values).toEqual(['needs', 'events', 'problem understandings', 'political priorities']);
    expect(field('who').originals.guardians).toBe('foresatte');
    expect(field('pillars').values).toEqual(['establish contact', 'initiate social change', 'social support']);
    expect(field('outcome_levels').values).toEqual(['individual', 'relational or group', 'community', 'system']);
    const ids = reasons.reasons.map((r: { id: string }) => r.id);
    for (const id of ['wrong-population', 'no-outreach-effort', 'indirect-outreach', 'stationary-service', 'exclusively-digital-or-campaign', 'outreach-only-mentioned', 'non-transferable-context', 'outside-2010-2025', 'language', 'publication-type-international', 'publication-type-scandinavian']) {
      expect(ids).toContain(id);
    }
  });
});
