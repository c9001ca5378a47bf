import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXPORTS, runCli, snapshot, tempDir } from '../helpers/project.js';

const PSYCINFO = join(EXPORTS, 'ris/ESHackathon+CiteSource__psycinfo_64.ris');

let project: string;
beforeEach(() => {
  project = join(tempDir(), 'p');
  expect(runCli(['init', project]).code).toBe(0);
});

const review = (...args: string[]) => runCli(['-C', project, ...args]);
const config = () => JSON.parse(readFileSync(join(project, 'review.json'), 'utf8'));

describe('review import: --source', () => {
  it('an undeclared source is declared with --kind, which the message says', () => {
    const r = review('import', PSYCINFO, '--source', 'PsycInfo');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('review import <file> --source "PsycInfo" --kind database');
    expect(r.stderr).not.toMatch(/source add/);
  });

  it.each(['../../x', '..', 'a/b', 'a\\b', ' ', 'line\nbreak'])('refuses --source %j before anything is saved', (name) => {
    const before = snapshot(project);
    const r = review('import', PSYCINFO, '--source', name, '--kind', 'database');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--source .*(source name|empty)/);
    expect(snapshot(project)).toEqual(before);
    // Every later command still reads the project.
    expect(review('status').code).toBe(0);
  });
});

describe('review.json: files outside the project', () => {
  it.each(['../outside.ris', '/etc/passwd', 'exports/../../outside.ris'])('refuses %s, naming the entry', (file) => {
    const c = config();
    c.sources = [{ name: 'PsycInfo', kind: 'database', files: [file] }];
    writeFileSync(join(project, 'review.json'), JSON.stringify(c));
    const r = review('import');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sources[0].files[0]: must be a relative path inside the project folder');
    expect(existsSync(join(project, 'stages/import/records.jsonl'))).toBe(false);
  });
});

describe('review import: --format', () => {
  it('refuses a forced format that reads no titles from content that looks like another format', () => {
    const before = snapshot(project);
    const r = review('import', PSYCINFO, '--source', 'PsycInfo', '--kind', 'database', '--format', 'medline');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/read as PubMed MEDLINE.*\(--format medline\) it gives 64 records without a title, but the content looks like RIS.*--format ris.*--format auto/);
    expect(snapshot(project)).toEqual(before);
  });

  it('refuses a forced format that reads titles but warns on more lines than it reads records', () => {
    const scopusRis = join(EXPORTS, 'ris', 'asreview+asreview__scopus.ris');
    const before = snapshot(project);
    const r = review('import', scopusRis, '--source', 'Scopus', '--kind', 'database', '--format', 'medline');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/\(--format medline\) it gives 6 records and \d+ warnings, but the content looks like RIS/);
    expect(snapshot(project)).toEqual(before);
  });

  it('a bad format id is wrong usage (exit 2) and lists the valid ids', () => {
    const r = review('import', PSYCINFO, '--source', 'PsycInfo', '--kind', 'database', '--format', 'endnote');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format endnote: no such format; use auto .* or one of: .*\bmedline\b.*\bris\b/);
  });

  it('--format auto clears a forced format, with files or for a declared source', () => {
    expect(review('import', PSYCINFO, '--source', 'PsycInfo', '--kind', 'database', '--format', 'ris').code).toBe(0);
    expect(config().sources[0].format).toBe('ris');
    const r = review('import', '--source', 'PsycInfo', '--format', 'auto', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(config().sources[0].format).toBeUndefined();
    expect(JSON.parse(r.stdout).totalRecords).toBe(64);
    expect(review('import', '--format', 'ris').code).toBe(2);
  });
});
