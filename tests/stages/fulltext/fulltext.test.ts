import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/sheets/csv.js';
import { readWorkbook } from '../../../src/sheets/xlsx.js';
import { runFulltextCollect, runFulltextSheet } from '../../../src/stages/fulltext/index.js';
import { UserError } from '../../../src/project/errors.js';
import { tempDir } from '../../helpers/project.js';
import { fillSheet, makeProject } from './project.js';

const DECIDED = {
  r1: { retrieved: 'yes', decision: 'include', assessor: 'KBA' },
  r2: { retrieved: 'yes', decision: 'exclude', reason: 'wrong-population', assessor: 'KBA' },
  r4: { retrieved: 'no', assessor: 'KBA', note: 'library could not get it' },
  r6: { retrieved: 'yes', decision: 'include', assessor: 'KBA' },
  h1: { retrieved: 'yes', decision: 'include', assessor: 'ON' },
  h2: { decision: 'Exclude', reason: 'Language', assessor: 'ON' }, // label instead of id, capitalised: accepted
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

describe('full-text sheet', () => {
  it('lists every forwarded record and every other-methods record, bibliographic columns locked', async () => {
    const paths = makeProject();
    const result = await runFulltextSheet(paths);
    // forwarded: r1 r2 r4 r6 (r4 was also hand-searched but PubMed found it first); other methods: h1 h2 h3
    expect(result).toMatchObject({ records: 7, fromScreening: 4, fromOtherMethods: 3, sheets: ['stages/fulltext/sheet.xlsx'] });
    const wb = await readWorkbook(readFileSync(paths.stageFile('fulltext', 'sheet.xlsx')));
    const tab = wb.sheets.find((s) => s.name === 'Full text');
    expect(tab?.rows.map((r) => r.values.get('id'))).toEqual(['r1', 'r2', 'r4', 'r6', 'h1', 'h2', 'h3']);
    expect(tab?.rows.map((r) => r.values.get('route'))).toEqual(['databases', 'databases', 'databases', 'databases', 'hand search', 'hand search', 'hand search']);
    expect(tab?.header).toEqual(['id', 'route', 'authors', 'year', 'title', 'journal', 'doi', 'retrieved', 'decision', 'reason', 'assessor', 'note']);
    expect(wb.meta.get('kind')).toBe('review-fulltext-sheet');
    expect(wb.meta.get('sheetHash')).toMatch(/^[0-9a-f]{64}$/);
    expect(wb.sheets.find((s) => s.name === 'Reasons')?.rows.map((r) => r.values.get('reason (choose this)'))).toEqual(['wrong-population', 'no-outreach', 'language']);
    const again = await runFulltextSheet(paths);
    expect(again.records).toBe(7);
    expect(existsSync(join(paths.root, 'history', 'fulltext'))).toBe(false); // byte-identical rerun archives nothing
  });

  it('collects decisions with reasons, reports pending records, and rebuilds from decisions/fulltext/ alone', async () => {
    const paths = makeProject();
    await runFulltextSheet(paths);
    const returned = await fillSheet(paths.stageFile('fulltext', 'sheet.xlsx'), 'Full text', DECIDED, join(tempDir(), 'sheet-KBA.xlsx'));
    const result = await runFulltextCollect(paths, [returned]);
    expect(result).toMatchObject({ records: 7, included: 3, excluded: 2, notRetrieved: 1, pending: ['h3'], conflicts: 0 });
    expect(result.byReason).toEqual({ 'wrong-population': 1, 'no-outreach': 0, language: 1 });
    expect(readdirSync(join(paths.decisions, 'fulltext'))).toEqual(['0001-sheet-KBA.xlsx']);
    expect(readFileSync(join(paths.decisions, 'fulltext', '0001-sheet-KBA.xlsx')).equals(readFileSync(returned))).toBe(true);
    const csvText = readFileSync(paths.stageFile('fulltext', 'decisions.csv'), 'utf8');
    const rows = readCsv(csvText).rows.map((r) => Object.fromEntries(r.values));
    expect(rows.map((r) => [r.record_id, r.arm, r.source, r.retrieved, r.decision, r.reason])).toEqual([
      ['r1', 'databases', 'PubMed', 'yes', 'include', ''],
      ['r2', 'databases', 'PubMed', 'yes', 'exclude', 'wrong-population'],
      ['r4', 'databases', 'PubMed', 'no', 'exclude', ''],
      ['r6', 'databases', 'Scopus', 'yes', 'include', ''],
      ['h1', 'other', 'Hand search', 'yes', 'include', ''],
      ['h2', 'other', 'Experts', 'yes', 'exclude', 'language'],
      ['h3', 'other', 'Hand search', '', 'pending', ''],
    ]);
    // Rebuild: delete the output and re-run collect with no files.
    const rebuilt = await runFulltextCollect(paths);
    expect(rebuilt.collected).toEqual([]);
    expect(readFileSync(paths.stageFile('fulltext', 'decisions.csv'), 'utf8')).toBe(csvText);
    // Collecting the same file again is a no-op; a later corrected sheet supersedes.
    await runFulltextCollect(paths, [returned]);
    expect(readdirSync(join(paths.decisions, 'fulltext'))).toHaveLength(1);
    const corrected = await fillSheet(returned, 'Full text', { h3: { retrieved: 'yes', decision: 'exclude', reason: 'no-outreach', assessor: 'ON' } }, join(tempDir(), 'sheet-KBA-2.xlsx'));
    const after = await runFulltextCollect(paths, [corrected]);
    expect(after).toMatchObject({ included: 3, excluded: 3, pending: [] });
  });

  it('rejects every invalid row with sheet and row, and copies nothing', async () => {
    const paths = makeProject();
    await runFulltextSheet(paths);
    const bad = await fillSheet(paths.stageFile('fulltext', 'sheet.xlsx'), 'Full text', {
      r1: { retrieved: 'no', decision: 'include', assessor: 'KBA' }, // row 2: not retrieved but included
      r2: { retrieved: 'yes', decision: 'exclude', assessor: 'KBA' }, // row 3: no reason
      r4: { retrieved: 'yes', decision: 'exclude', reason: 'too boring', assessor: 'KBA' }, // row 4: unknown reason
      r6: { retrieved: 'yes', decision: 'exclude', reason: 'ta-only', assessor: 'KBA' }, // row 5: title/abstract-only reason
      h1: { retrieved: 'maybe', assessor: 'ON' }, // row 6
      h2: { decision: 'include' }, // row 7: no assessor
    }, join(tempDir(), 'bad.xlsx'), { appendRows: [{ id: 'zz9' }, { id: 'r1' }] });
    const problems = await problemsOf(runFulltextCollect(paths, [bad]));
    expect(problems).toEqual([
      expect.stringMatching(/bad\.xlsx row 2: record r1 is marked not retrieved but included/),
      expect.stringMatching(/row 3: record r2 is excluded without a reason/),
      expect.stringMatching(/row 4: reason "too boring" is not in the exclusion reasons list \(version r1\)/),
      expect.stringMatching(/row 5: reason "ta-only" is a title\/abstract reason/),
      expect.stringMatching(/row 6: retrieved "maybe" must be yes or no/),
      expect.stringMatching(/row 7: record h2 is decided but the assessor column is empty/),
      expect.stringMatching(/row 9: record zz9 is not on this sheet \(unknown id\)/),
      expect.stringMatching(/row 10: record r1 appears again \(first at row 2\)/),
    ]);
    expect(existsSync(join(paths.decisions, 'fulltext'))).toBe(false);
  });

  it('rejects a deleted row and a sheet from another sheet version', async () => {
    const paths = makeProject();
    await runFulltextSheet(paths);
    const deleted = await fillSheet(paths.stageFile('fulltext', 'sheet.xlsx'), 'Full text', {}, join(tempDir(), 'deleted.xlsx'), { deleteIds: ['r6'] });
    expect(await problemsOf(runFulltextCollect(paths, [deleted]))).toEqual([expect.stringMatching(/row 5: record r6 is missing \(the row was deleted\)/)]);
    const old = await fillSheet(paths.stageFile('fulltext', 'sheet.xlsx'), 'Full text', { r1: { decision: 'include', assessor: 'KBA' } }, join(tempDir(), 'old.xlsx'));
    // The reason list changes: a new sheet version; the old sheet is refused.
    const config = JSON.parse(readFileSync(paths.config, 'utf8'));
    config.exclusionReasons.version = 'r2';
    (await import('node:fs')).writeFileSync(paths.config, JSON.stringify(config));
    expect(await problemsOf(runFulltextCollect(paths, [old]))).toEqual([expect.stringMatching(/old\.xlsx: the sheet comes from another sheet version/)]);
  });

  it('dual assessment: two sheets, agreement on first decisions, conflicts stay pending until a corrected sheet agrees', async () => {
    const paths = makeProject({ fulltext: { assessors: ['KBA', 'ON'], reviewsPerRecord: 2 } });
    const sheets = await runFulltextSheet(paths);
    expect(sheets.sheets).toEqual(['stages/fulltext/sheets/KBA.xlsx', 'stages/fulltext/sheets/ON.xlsx']);
    const inc = { retrieved: 'yes', decision: 'include' };
    const exc = (reason: string) => ({ retrieved: 'yes', decision: 'exclude', reason });
    const kba = await fillSheet(paths.stageFile('fulltext', 'sheets/KBA.xlsx'), 'Full text',
      { r1: inc, r2: exc('wrong-population'), r4: inc, r6: inc, h1: inc, h2: exc('language') }, join(tempDir(), 'KBA.xlsx'));
    const on = await fillSheet(paths.stageFile('fulltext', 'sheets/ON.xlsx'), 'Full text',
      { r1: inc, r2: exc('no-outreach'), r4: exc('language'), r6: inc, h1: exc('no-outreach'), h2: exc('language') }, join(tempDir(), 'ON.xlsx'));
    const result = await runFulltextCollect(paths, [kba, on]);
    // agree on r1 r2 r6 h2 (r2 with different reasons); disagree on r4 and h1; h3 undecided
    expect(result).toMatchObject({ included: 2, excluded: 2, pending: ['r4', 'h1', 'h3'], conflicts: 2 });
    const agreementRows = readCsv(readFileSync(paths.stageFile('fulltext', 'agreement.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    // KBA: I E I I I E, ON: I E E I E E → po 4/6; pe = (4/6)(2/6) + (2/6)(4/6) = 16/36; kappa = (24/36 − 16/36)/(20/36) = 0.4
    // SE = sqrt((4/6)(2/6) / (6·(20/36)²)) = sqrt(0.12) = 0.34641 → 0.4 ± 0.67896 = [−0.279, 1.079→1];
    // AC1: π = (0.5, 0.5) → peG = 0.5 → (2/3 − 0.5)/0.5 = 0.3333; PABAK = 2·(2/3) − 1 = 0.3333.
    expect(agreementRows).toEqual([{ a: 'KBA', b: 'ON', records: '6', vote_pairs: '6', agreed: '4', percent_agreement: '66.6667', kappa: '0.4', kappa_ci_low: '-0.279', kappa_ci_high: '1', ac1: '0.3333', pabak: '0.3333', categories: 'include;exclude' }]);
    const conflicts = readCsv(readFileSync(paths.stageFile('fulltext', 'conflicts.csv'), 'utf8')).rows.map((r) => [r.values.get('record_id'), r.values.get('kind')]);
    expect(conflicts).toEqual([['r2', 'reason'], ['r4', 'decision'], ['h1', 'decision']]);
    const onAgain = await fillSheet(on, 'Full text', { r4: { ...inc, reason: '' }, h1: { ...inc, reason: '' } }, join(tempDir(), 'ON-after-discussion.xlsx'));
    const after = await runFulltextCollect(paths, [onAgain]);
    expect(after).toMatchObject({ included: 4, excluded: 2, pending: ['h3'], conflicts: 0 });
    // first-round agreement is unchanged by the discussion
    expect(readFileSync(paths.stageFile('fulltext', 'agreement.csv'), 'utf8')).toContain('KBA,ON,6,6,4,66.6667,0.4,');
  });
});
