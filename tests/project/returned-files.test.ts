/**
 * The one intake of returned files (src/project/returned-files.ts): the five decisions/ folders
 * are listed, ordered and named the same way, whichever stage reads them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UserError } from '../../src/project/errors.js';
import { ProjectPaths } from '../../src/project/paths.js';
import { readDecisionFiles } from '../../src/stages/dedupe/index.js';
import { copyName, copyReturned, listReturned, RETURNED, unreadableReturned, type ReturnedKind } from '../../src/project/returned-files.js';
import { tempDir } from '../helpers/project.js';

function project(): ProjectPaths {
  const root = tempDir('review-returned-');
  return new ProjectPaths(root);
}

function put(paths: ProjectPaths, folder: string, names: readonly string[]): void {
  mkdirSync(join(paths.decisions, folder), { recursive: true });
  names.forEach((name, i) => writeFileSync(join(paths.decisions, folder, name), `file ${i}`));
}

describe('returned files: one intake for the five decisions/ folders', () => {
  it('lists every folder in collection order (by hand first, by name; then copies by number), skipping hidden and lock files and sub-folders', () => {
    for (const kind of Object.keys(RETURNED) as ReturnedKind[]) {
      const paths = project();
      const ext = RETURNED[kind].extensions === 'by content' ? '.xlsx' : RETURNED[kind].extensions[0];
      put(paths, RETURNED[kind].folder, [`0002-b${ext}`, `zeta${ext}`, `0001_a${ext}`, `alpha${ext}`, `~$alpha${ext}`, `.hidden${ext}`]);
      mkdirSync(join(paths.decisions, RETURNED[kind].folder, `0003-folder${ext}`));
      expect(listReturned(paths, kind).map((f) => f.slice(f.lastIndexOf('/') + 1)), kind).toEqual([`alpha${ext}`, `zeta${ext}`, `0001_a${ext}`, `0002-b${ext}`]);
    }
  });

  it('dedupe reads its review sheets in that order too: a numbered copy comes after the sheets put there by hand', async () => {
    const paths = project();
    put(paths, 'dedupe', ['0001-review-pairs.xlsx', 'review-pairs.xlsx']);
    // Neither is a workbook: the problems name them in the order they were read.
    const error = await readDecisionFiles(paths).then(() => undefined, (e: unknown) => e as UserError);
    expect(error?.details.map((d) => d.slice(0, d.indexOf(':')))).toEqual(['decisions/dedupe/review-pairs.xlsx', 'decisions/dedupe/0001-review-pairs.xlsx']);
  });

  it('refuses spreadsheets of a kind the folder does not read, naming file and fix; a folder read by content has none', () => {
    const paths = project();
    put(paths, 'fulltext', ['KBA.ods', 'notes.txt', 'KBA.xlsx']);
    expect(unreadableReturned(paths, 'fulltext')).toEqual([expect.stringMatching(/^decisions\/fulltext\/KBA\.ods: a \.ods file, which is not read here \(only \.xlsx\); save it as \.xlsx/)]);
    put(paths, 'screen-resolutions', ['r.tsv', 'r.csv']);
    expect(unreadableReturned(paths, 'screenResolutions')).toEqual([expect.stringMatching(/^decisions\/screen-resolutions\/r\.tsv: a \.tsv file/)]);
    put(paths, 'screen', ['rayyan.ris', 'KBA.ods']);
    expect(unreadableReturned(paths, 'screen')).toEqual([]);
  });

  it('names copies NNNN-<name> after the highest number in the folder (either separator), once per content', () => {
    const paths = project();
    put(paths, 'extract', ['0007_old.xlsx']);
    const dir = tempDir('review-returned-src-');
    const a = join(dir, 'Åse sheet (final).xlsx');
    const b = join(dir, 'b.xlsx');
    writeFileSync(a, 'A');
    writeFileSync(b, 'B');
    const copies = copyReturned(paths, 'extract', [a, b, a]).map((f) => paths.rel(f));
    expect(copies).toEqual(['decisions/extract/0008-Åse_sheet_final_.xlsx', 'decisions/extract/0009-b.xlsx', 'decisions/extract/0008-Åse_sheet_final_.xlsx']);
    expect(copyReturned(paths, 'extract', [b]).map((f) => paths.rel(f))).toEqual(['decisions/extract/0009-b.xlsx']);
    expect(readdirSync(join(paths.decisions, 'extract')).sort()).toEqual(['0007_old.xlsx', '0008-Åse_sheet_final_.xlsx', '0009-b.xlsx']);
    expect(readFileSync(join(paths.decisions, 'extract', '0008-Åse_sheet_final_.xlsx'), 'utf8')).toBe('A');
    expect(copyName(12, '/x/y/KBA.xlsx')).toBe('0012-KBA.xlsx');
  });
});
