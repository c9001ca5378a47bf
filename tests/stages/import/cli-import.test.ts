import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, EXPORTS, runCli, snapshot, tempDir } from '../../helpers/project.js';

const PSYCINFO = join(EXPORTS, 'ris/ESHackathon+CiteSource__psycinfo_64.ris');
const MEDLINE = join(EXPORTS, 'medline/mjwestgate+synthesisr__PubMed_example.txt');
const WOS_UTF16 = join(EXPORTS, 'wos-tab/rafguns+wosfile__wos_tab_delimited_win_utf16.txt');

let project: string;
let scratch: string;
beforeEach(() => {
  project = join(tempDir(), 'p');
  scratch = tempDir('review-input-');
  expect(runCli(['init', project]).code).toBe(0);
});

function importFile(file: string, ...extra: string[]) {
  return runCli(['-C', project, 'import', file, '--source', 'PsycInfo', '--kind', 'database', ...extra]);
}

describe('review import (built CLI)', () => {
  it('imports a real export, copies it under exports/ and declares it in review.json', () => {
    const r = importFile(PSYCINFO, '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.totalRecords).toBe(64);
    expect(summary.files[0]).toMatchObject({ format: 'ris', records: 64, recordsWithoutTitle: 0 });
    const config = JSON.parse(readFileSync(join(project, 'review.json'), 'utf8'));
    expect(config.sources[0]).toMatchObject({ name: 'PsycInfo', kind: 'database', files: ['exports/PsycInfo/ESHackathon+CiteSource__psycinfo_64.ris'] });
    expect(readFileSync(join(project, 'exports/PsycInfo/ESHackathon+CiteSource__psycinfo_64.ris')).equals(readFileSync(PSYCINFO))).toBe(true);
    const lines = readFileSync(join(project, 'stages/import/records.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(64);
    const first = JSON.parse(lines[0]!);
    expect(first.provenance).toMatchObject({ source: 'PsycInfo', index: 0, line: 1, format: 'ris' });
    expect(first.raw.length).toBeGreaterThan(5);
  });

  it('refuses the same file twice for a source unless --replace, and re-runs byte-identically', () => {
    expect(importFile(PSYCINFO).code).toBe(0);
    const before = readFileSync(join(project, 'stages/import/records.jsonl'));
    const again = importFile(PSYCINFO);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already imported for source "PsycInfo".*--replace/);
    expect(importFile(PSYCINFO, '--replace').code).toBe(0);
    const rerun = runCli(['-C', project, 'import']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(readFileSync(join(project, 'stages/import/records.jsonl')).equals(before)).toBe(true);
  });

  it('detects the format from content, not the extension', () => {
    const disguised = join(scratch, 'pubmed-export.ris');
    writeFileSync(disguised, readFileSync(MEDLINE));
    const r = runCli(['-C', project, 'import', disguised, '--source', 'PubMed', '--kind', 'database', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ format: 'medline', records: 3 });
  });

  it('reads UTF-16LE with BOM', () => {
    const r = runCli(['-C', project, 'import', WOS_UTF16, '--source', 'WoS', '--kind', 'database', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ format: 'wos-tab', records: 50, encoding: 'utf-16le (BOM)' });
  });

  it('repairs a Latin-1 file with a warning naming the line', () => {
    const latin1 = join(scratch, 'latin1.ris');
    writeFileSync(latin1, iconv.encode('TY  - JOUR\nTI  - Oppsøkende tjenester for unge\nAU  - Bråten, Åse\nPY  - 2020\nER  - \n', 'latin1'));
    const r = importFile(latin1, '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout).files[0];
    expect(report.encoding).toBe('windows-1252');
    expect(report.warnings[0]).toMatchObject({ code: 'encoding-repaired', line: 2 });
    const rec = JSON.parse(readFileSync(join(project, 'stages/import/records.jsonl'), 'utf8').split('\n')[0]!);
    expect(rec.title).toBe('Oppsøkende tjenester for unge');
  });

  it('warns, naming the line, when a quoted CSV field holds a stray quote', () => {
    const stray = join(scratch, 'stray.csv');
    writeFileSync(stray, 'title,authors,year\n"A fine title,"Doe, J.",2020\n"Another",Roe,2021\n');
    const r = importFile(stray, '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout).files[0];
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'unbalanced-quotes', line: 2 })]);
  });

  it('keeps a truncated RIS (no final ER) with a warning naming the line', () => {
    const truncated = join(scratch, 'truncated.ris');
    writeFileSync(truncated, 'TY  - JOUR\nTI  - First\nER  - \n\nTY  - JOUR\nTI  - Second, cut off\nAU  - Doe, J.\n');
    const r = importFile(truncated, '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout).files[0];
    expect(report.records).toBe(2);
    expect(report.warnings.some((w: { code: string; line: number }) => w.code === 'missing-end' && w.line >= 5)).toBe(true);
  });
});

describe('review import refuses bad input and leaves the project unchanged', () => {
  const cases: [string, Buffer | string, RegExp][] = [
    ['empty.ris', Buffer.alloc(0), /empty\.ris.*empty \(0 bytes\)/],
    ['picture.ris', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]), /picture\.ris:1: the file is binary/],
    ['notes.txt', 'Dear colleague,\nplease find the papers we discussed below.\nBest wishes\n', /notes\.txt:1: unknown format/],
    ['broken.csv', 'title,authors,year\n"A fine title,Doe J.,2020\nAnother,Roe,2021\n', /broken\.csv:2: unbalanced quotes: a quoted field opened on line 2 never closes/],
  ];
  for (const [name, content, message] of cases) {
    it(name, () => {
      const file = join(scratch, name);
      writeFileSync(file, content);
      const before = snapshot(project);
      const r = importFile(file);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(project)).toEqual(before);
    });
  }

  it('a folder named instead of its files', () => {
    const folder = join(scratch, 'exports-from-scopus');
    mkdirSync(folder);
    const before = snapshot(project);
    const r = importFile(folder);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exports-from-scopus: is a folder, not an export; name the files in it/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(snapshot(project)).toEqual(before);
  });

  it('a declared file that is missing, or a folder, when review.json is imported again', () => {
    expect(importFile(PSYCINFO).code).toBe(0);
    const config = JSON.parse(readFileSync(join(project, 'review.json'), 'utf8'));
    mkdirSync(join(project, 'exports', 'PsycInfo', 'more'));
    for (const [declared, message] of [['exports/PsycInfo/gone.ris', /gone\.ris: declared for source "PsycInfo" in review\.json but not found/], ['exports/PsycInfo/more', /more: declared for source "PsycInfo" in review\.json but it is a folder/]] as const) {
      config.sources[0].files = [declared];
      writeFileSync(join(project, 'review.json'), `${JSON.stringify(config, null, 2)}\n`);
      const before = snapshot(project);
      const r = runCli(['-C', project, 'import']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(snapshot(project)).toEqual(before);
    }
  });

  it('a bad file among good ones imports nothing', () => {
    const bad = join(scratch, 'empty.ris');
    writeFileSync(bad, '');
    const before = snapshot(project);
    const r = runCli(['-C', project, 'import', PSYCINFO, bad, '--source', 'PsycInfo', '--kind', 'database']);
    expect(r.code).toBe(1);
    expect(snapshot(project)).toEqual(before);
    // The good file was being copied in the background: neither the copy, its folder nor the
    // staged records.jsonl may stay behind.
    expect(existsSync(join(project, 'exports', 'PsycInfo'))).toBe(false);
    expect(existsSync(join(project, 'stages', 'import'))).toBe(false);
  });

  it('a bad file after a good import leaves the earlier outputs and no temp files', () => {
    expect(importFile(PSYCINFO).code).toBe(0);
    const bad = join(scratch, 'notes.txt');
    writeFileSync(bad, 'Dear colleague,\nplease find the papers below.\n');
    const before = snapshot(project);
    const r = runCli(['-C', project, 'import', MEDLINE, bad, '--source', 'PubMed', '--kind', 'database']);
    expect(r.code).toBe(1);
    expect(snapshot(project)).toEqual(before);
    expect(readdirSync(join(project, 'stages', 'import')).sort()).toEqual(['manifest.json', 'records.jsonl', 'report.json']);
  });
});

describe('review import interrupted', () => {
  it('Ctrl-C leaves no temp file and review.json as it was', async () => {
    // Large enough for the import to be still running when the signal comes.
    const big = join(scratch, 'big.nbib');
    writeFileSync(big, readFileSync(MEDLINE, 'utf8').repeat(2000));
    const before = snapshot(project);
    const child = spawn(process.execPath, [BIN, '-C', project, '-q', 'import', big, '--source', 'PubMed', '--kind', 'database'], { stdio: 'ignore' });
    // Interrupt once the import has started writing (a temp file appears in exports/ or stages/).
    for (let i = 0; i < 200 && !hasStaged(project); i++) await new Promise((r) => setTimeout(r, 25));
    expect(hasStaged(project)).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(hasStaged(project)).toBe(false);
    expect(snapshot(project)).toEqual(before);
    // Nor the folders the run made for the copy and the stage's outputs.
    expect(existsSync(join(project, 'exports', 'PubMed'))).toBe(false);
    expect(existsSync(join(project, 'stages', 'import'))).toBe(false);
  });
});

function hasStaged(dir: string): boolean {
  return [...snapshot(dir).keys()].some((f) => f.endsWith('.staged'));
}
