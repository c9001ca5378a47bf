import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReference } from '../../../src/stages/verify/index.js';
import { matchSources, titleSimilarity, type ProjectSource, type ReferenceSource } from '../../../src/stages/verify/match.js';
import { runCli, SHARED, tempDir } from '../../helpers/project.js';
import { writeProject, type ProjectSpec } from '../prisma/build-project.js';

const ref = (line: number, firstAuthor: string, year: string, title = '', doi = ''): ReferenceSource => ({ key: `${firstAuthor}${year}`, firstAuthor, year, title, doi, line });
const src = (recordId: string, firstAuthor: string, year: string, title = '', doi = ''): ProjectSource => ({ recordId, firstAuthor, year, title, doi, route: 'databases' });

describe('matching included sources to a reference list', () => {
  it('matches by DOI (any form), by fuzzy title, then by author and year; reports missing and extra', () => {
    const reference = [
      ref(2, 'Abdel-Baki', '2019', 'Improving mental health services for homeless youth', 'https://doi.org/10.1111/EIP.12814'),
      ref(3, 'Almqvist', '2018', 'Social Work Practices for Young People with Complex Needs: An Integrative Review'),
      ref(4, 'Afsahi', '2022'),
      ref(5, 'Nobody', '2020', 'A source the project does not have'),
    ];
    const project = [
      src('r1', 'Abdel Baki', '2019', 'Different title text entirely', '10.1111/eip.12814'),
      src('r2', 'Almqvist', '2017', 'Social work practices for young people with complex needs - an integrative review.'),
      src('r3', 'Afsahi', '2022', 'Whatever it was called'),
      src('r4', 'Extra', '2021', 'Not in the reference'),
    ];
    const result = matchSources(reference, project);
    expect(result.matched.map((m) => [m.reference.line, m.source.recordId, m.how])).toEqual([[2, 'r1', 'doi'], [3, 'r2', 'title'], [4, 'r3', 'author-year']]);
    expect(result.missing.map((m) => m.line)).toEqual([5]);
    expect(result.extra.map((e) => e.recordId)).toEqual(['r4']);
  });

  it('does not match similar titles below the threshold or years far apart, and matches one-to-one', () => {
    expect(titleSimilarity('Outreach work with youth', 'Outreach work with adults')).toBeLessThan(0.88);
    const r = matchSources([ref(2, 'A', '2010', 'Detached youth work in Sweden')], [src('x', 'A', '2015', 'Detached youth work in Sweden')]);
    expect(r.matched).toEqual([]);
    const twice = matchSources([ref(2, 'A', '2010', 'Street work'), ref(3, 'A', '2010', 'Street work')], [src('x', 'A', '2010', 'Street work')]);
    expect(twice.matched).toHaveLength(1);
    expect(twice.missing.map((m) => m.line)).toEqual([3]);
  });

  it('reads the KORUS reference list: 72 rows, titles only where the report gave one', () => {
    const rows = readReference(join(SHARED, 'data', 'korus-included-sources.csv'));
    expect(rows).toHaveLength(72);
    expect(rows[0]).toMatchObject({ key: 'AbdelBaki2019', firstAuthor: 'Abdel-Baki', year: '2019', doi: '10.1111/eip.12814' });
    expect(rows.filter((r) => r.title === '').length).toBeGreaterThan(0);
  });
});

describe('review verify (CLI)', () => {
  it('exits 1 naming what is missing, 0 when everything is found, and --json counts', () => {
    const spec: ProjectSpec = {
      sources: [{ name: 'Scopus', kind: 'database' }],
      records: [
        { source: 'Scopus', cluster: 'a', bib: { title: 'Youth outreach in Oslo', authors: [{ family: 'Ness' }], year: 2020 } },
        { source: 'Scopus', cluster: 'b', bib: { title: 'Street work', authors: [{ family: 'Solhaug' }], year: 2021, doi: '10.9/abc' } },
      ],
      screen: new Map([['r000000000000', { decision: 'include' as const }], ['r000000000001', { decision: 'include' as const }]]),
      fulltext: new Map([['r000000000000', { retrieved: 'yes' as const, decision: 'include' as const }], ['r000000000001', { retrieved: 'yes' as const, decision: 'include' as const }]]),
    };
    const p = writeProject(spec);
    expect(runCli(['-C', p.root, 'verify', '--reference', join(SHARED, 'data', 'korus-included-sources.csv')]).stderr).toContain('run `review prisma` first');
    expect(runCli(['-C', p.root, 'prisma']).code).toBe(0);
    const dir = tempDir('review-verify-');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'key,first_author,year,title,doi\nNess2020,Ness,2020,Youth outreach in Oslo.,\nSolhaug2021,Solhaug,2021,,10.9/ABC\n');
    const ok = runCli(['-C', p.root, 'verify', '--reference', good, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).counts).toEqual({ matched: 2, missing: 0, extra: 0 });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'key,first_author,year,title,doi\nNess2020,Ness,2020,Youth outreach in Oslo,\nGone2019,Gone,2019,Lost report,\n');
    const r = runCli(['-C', p.root, 'verify', '--reference', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing  Gone2019 (Gone 2019: Lost report) [line 3]');
    expect(r.stderr).toContain('extra    r000000000001');
  });
});

describe('reference years', () => {
  it('reads "2017a" as 2017, an ambiguous "2020 / 2019" as its first year, and rejects a year that is not one', () => {
    const dir = tempDir('review-verify-');
    const file = join(dir, 'r.csv');
    writeFileSync(file, 'first_author,year\nGrymonprez,2017a\n');
    expect(readReference(file)[0]).toMatchObject({ key: 'Grymonprez2017a', year: '2017' });
    writeFileSync(file, 'first_author,year\nKatznelson,2020 (L230) / 2019 (L350)\n');
    expect(readReference(file)[0]?.year).toBe('2020');
    writeFileSync(file, 'first_author,year\nGrymonprez,soon\n');
    expect(() => readReference(file)).toThrow(/line 2: year "soon"/);
  });
});
