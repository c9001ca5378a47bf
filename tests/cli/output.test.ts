import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/cli/dedupe.js';
import { listErrorMessage } from '../../src/sheets/xlsx.js';
import type { DedupeSummary } from '../../src/stages/dedupe/index.js';
import { REPO, runCli, tempDir } from '../helpers/project.js';

describe('listings go to stdout, usage errors exit 2', () => {
  it('`review formats` lists on stdout (so `| grep` works); --json prints only JSON there', () => {
    const r = runCli(['formats']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ris +RIS$/m);
    expect(r.stderr).toBe('');
    const json = runCli(['formats', '--json']);
    expect(JSON.parse(json.stdout).some((f: { id: string }) => f.id === 'ris')).toBe(true);
  });

  it('`review status` lists on stdout', () => {
    const dir = join(tempDir(), 'p');
    expect(runCli(['init', dir]).code).toBe(0);
    const r = runCli(['-C', dir, 'status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^import +not-run$/m);
    expect(r.stderr).toBe('');
  });

  it('bare `review` (and a bare command group) print help on stderr and exit 2; asked-for help exits 0', () => {
    for (const args of [[], ['screen'], ['fulltext']]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Usage: review/);
      expect(r.stdout).toBe('');
    }
    for (const args of [['--help'], ['help'], ['help', 'screen'], ['screen', '--help']]) expect(runCli(args).code, args.join(' ')).toBe(0);
  });
});

describe('wording', () => {
  it('dedupe lines up the per-source counts however long a name, and counts in the singular', () => {
    const source = (name: string, records: number) => ({ source: name, records, duplicates_removed: 0, within_source_duplicates: 0, only_in_source: records });
    const summary = {
      records: 3, unique: 3, duplicatesRemoved: 1, clusters: 1, candidatePairs: 0, reviewQueue: 1, refusedLinks: 0,
      decisions: { applied: 1, files: ['a.xlsx'], problems: [], stale: [], conflicts: [] },
      sources: [source('Psychology and Behavioral Sciences Collection', 2), source('PubMed', 1)],
      overlap: [], changed: [], fieldDecisions: [],
    } as unknown as DedupeSummary;
    const text = formatSummary(summary);
    expect(text).toContain('1 duplicate removed in 1 cluster');
    expect(text).toContain('1 uncertain pair to review');
    expect(text).toContain('1 reviewer decision applied from 1 file');
    const lines = text.split('\n').filter((l) => l.includes('found only here'));
    // The counts are right-aligned: the comma after each sits in the same column.
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((l) => l.indexOf(',')))).toHaveProperty('size', 1);
    expect(lines[1]).toMatch(/^ {2}PubMed: +1 record,/);
  });

  it('a drop-down error message keeps whole values within Excel\'s 255 characters', () => {
    const reasons = ['Wrong population or age', 'No concrete outreach effort', 'Indirect outreach', 'Stationary service, no outreach component', 'Exclusively digital or campaign-based', 'Outreach only mentioned', 'Excluded publication type (conference abstract, poster, unpublished)', 'Not about children or young people', 'Duplicate publication'];
    const message = listErrorMessage(reasons);
    expect(message.length).toBeLessThanOrEqual(255);
    const shown = message.replace(/^Choose one of: /, '').replace(/, … \(\d+ more in the drop-down list\)$/, '').split(', ');
    // Every value shown is whole (values may contain ", " themselves, so compare joined prefixes).
    expect(reasons.join(', ').startsWith(shown.join(', '))).toBe(true);
    expect(reasons.some((r) => r === shown.slice(-1)[0] || r.endsWith(shown.slice(-1)[0]!))).toBe(true);
    expect(message).toMatch(/\(\d+ more in the drop-down list\)$/);
    expect(listErrorMessage(['include', 'exclude'])).toBe('Choose one of: include, exclude');
  });

  it('no message puts a computed count before a plural noun (count() says "1 record")', () => {
    const nouns = 'rows|countries|sources|records|pairs|fields|conflicts|decisions|files|warnings|studies|identities|reports|clusters|duplicates|votes|reasons|screeners';
    const pattern = new RegExp(String.raw`\$\{[^}]+\} (?:(?:included|extracted|more|uncertain|distinct|reviewer) )?(?:${nouns})\b`);
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          walk(path);
        }
        else if (path.endsWith('.ts')) {
          readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
            if (pattern.test(line) && !/^\s*(\/\/|\*)/.test(line)) offenders.push(`${relative(REPO, path)}:${i + 1}`);
          });
        }
      }
    };
    for (const name of readdirSync(join(REPO, 'src'))) walk(join(REPO, 'src', name));
    expect(offenders).toEqual([]);
  });
});
