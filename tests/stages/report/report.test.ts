import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectPaths } from '../../../src/project/paths.js';
import { readWorkbook } from '../../../src/sheets/xlsx.js';
import { runPrisma } from '../../../src/stages/prisma/index.js';
import { runReport } from '../../../src/stages/report/index.js';
import { writeProject, type ProjectSpec } from '../prisma/build-project.js';

/** Four included sources (two per route), one excluded; authors chosen to test sorting with diacritics. */
function reportProject(): ReturnType<typeof writeProject> {
  const spec: ProjectSpec = {
    sources: [{ name: 'Scopus', kind: 'database' }, { name: 'Expert tips', kind: 'expert' }],
    records: [
      { source: 'Scopus', cluster: 'a', bib: { title: 'Street work in Oslo', authors: [{ family: 'Øvrebø', given: 'K.' }], year: 2020, type: 'report' } },
      { source: 'Scopus', cluster: 'b', bib: { title: 'Detached youth work', authors: [{ family: 'Andersson', given: 'B.' }], year: 2013, type: 'article', doi: '10.1/x' } },
      { source: 'Scopus', cluster: 'c', bib: { title: 'Excluded one', authors: [{ family: 'Zed' }], year: 2019 } },
      { source: 'Expert tips', cluster: 'd', bib: { authors: [{ family: 'Åkerblom' }], year: 2024, type: 'thesis' } },
      { source: 'Expert tips', cluster: 'e', bib: { title: 'Outreach | mobile', authors: [{ family: 'andersson' }], year: 2010 } },
    ],
    screen: new Map([['r000000000000', { decision: 'include' as const }], ['r000000000001', { decision: 'include' as const }], ['r000000000002', { decision: 'include' as const }]]),
    fulltext: new Map([
      ['r000000000000', { retrieved: 'yes' as const, decision: 'include' as const }],
      ['r000000000001', { retrieved: 'yes' as const, decision: 'include' as const }],
      ['r000000000002', { retrieved: 'yes' as const, decision: 'exclude' as const, reason: 'format' }],
      ['r000000000003', { retrieved: 'yes' as const, decision: 'include' as const }],
      ['r000000000004', { retrieved: 'yes' as const, decision: 'include' as const }],
    ]),
  };
  const p = writeProject(spec);
  // The report's included set is PRISMA's "included" box: record-states.csv comes first.
  runPrisma(new ProjectPaths(p.root));
  return p;
}

function addExtraction(root: string): void {
  const config = JSON.parse(readFileSync(join(root, 'review.json'), 'utf8')) as Record<string, unknown>;
  config.extraction = {
    version: '1',
    fields: [
      { id: 'country', label: 'Country', type: 'country', multiple: true, role: 'country' },
      { id: 'publication_form', label: 'Publication form', type: 'single', values: ['peer-reviewed article', 'report', 'master thesis'], role: 'publication-form' },
    ],
  };
  writeFileSync(join(root, 'review.json'), JSON.stringify(config));
  mkdirSync(join(root, 'stages/extract/summary'), { recursive: true });
  const row = (id: string, route: string, country: unknown, form: unknown): string => `${JSON.stringify({ schemaVersion: 1, record_id: id, codebook_version: '1', route, source: 'x', extractors: ['A'], status: 'extracted', values: { country, publication_form: form }, note: '' })}\n`;
  writeFileSync(join(root, 'stages/extract/extraction.jsonl'),
    row('r000000000000', 'databases', ['Norway'], 'report') + row('r000000000001', 'databases', ['Sweden', 'Norway'], 'peer-reviewed article') + row('r000000000003', 'other', ['Norway'], 'master thesis'));
  writeFileSync(join(root, 'stages/extract/summary/summary.md'), '# Extraction summary\n\nWho: youth\n');
}

describe('review report', () => {
  it('lists included sources sorted by first author (diacritics folded), with the route split', async () => {
    const p = reportProject();
    const s = await runReport(new ProjectPaths(p.root));
    expect(s.included).toBe(4);
    expect(s.byRoute).toEqual({ databases: 2, 'hand search': 2 });
    const csv = readFileSync(join(p.root, 'stages/report/included-sources.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('first_author,authors,year,country,title,publication_type,route,source,doi,record_id');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['Åkerblom', 'andersson', 'Andersson', 'Øvrebø']);
    // Without extraction: country empty, publication type from the record type.
    expect(csv[3]).toBe('Andersson,"Andersson, B.",2013,,Detached youth work,journal article,databases,Scopus,10.1/x,r000000000001');
    const md = readFileSync(join(p.root, 'stages/report/included-sources.md'), 'utf8');
    expect(md).toContain('| 1 | Åkerblom | 2024 |  | *(title not known)* | thesis | hand search |');
    expect(md).toContain('Outreach \\| mobile');
    expect(readFileSync(join(p.root, 'stages/report/routes.csv'), 'utf8')).toBe('route,n\ndatabases,2\nhand search,2\ntotal,4\n');
    const wb = await readWorkbook(readFileSync(join(p.root, 'stages/report/included-sources.xlsx')));
    expect(wb.sheets.find((x) => x.name === 'Included sources')?.rows).toHaveLength(4);
  });

  it('takes country and publication form from the extraction and copies the 5W summaries', async () => {
    const p = reportProject();
    addExtraction(p.root);
    runPrisma(new ProjectPaths(p.root)); // review.json changed: record-states.csv is refreshed first
    const s = await runReport(new ProjectPaths(p.root));
    expect(s.extracted).toBe(3);
    const csv = readFileSync(join(p.root, 'stages/report/included-sources.csv'), 'utf8');
    expect(csv).toContain('Andersson,"Andersson, B.",2013,Sweden; Norway,Detached youth work,peer-reviewed article,databases');
    expect(readFileSync(join(p.root, 'stages/report/countries.csv'), 'utf8')).toBe('country,n\nNorway,3\n(not extracted),1\nSweden,1\n');
    expect(readFileSync(join(p.root, 'stages/report/5w/summary.md'), 'utf8')).toContain('Who: youth');
    expect(readFileSync(join(p.root, 'stages/report/countries.svg'), 'utf8')).toContain('Norway');
    // The bars add up to 5 for 4 sources: the subtitle says why.
    expect(readFileSync(join(p.root, 'stages/report/countries.svg'), 'utf8')).toContain('4 included sources; a source from several countries counts for each (5 country mentions)');
  });

  it('is byte-identical on a re-run', async () => {
    const p = reportProject();
    await runReport(new ProjectPaths(p.root));
    const names = ['included-sources.csv', 'included-sources.md', 'included-sources.xlsx', 'countries.svg', 'report.md'];
    const before = names.map((n) => readFileSync(join(p.root, 'stages/report', n)));
    const again = await runReport(new ProjectPaths(p.root));
    expect(again.changed).toEqual([]);
    names.forEach((n, i) => expect(readFileSync(join(p.root, 'stages/report', n)).equals(before[i]!)).toBe(true));
    expect(existsSync(join(p.root, 'stages/report/manifest.json'))).toBe(true);
  });

  it('refuses a record-states.csv older than the stage outputs, naming the changed file and `review prisma`', async () => {
    const p = reportProject();
    writeFileSync(join(p.root, 'stages/dedupe/unique.jsonl'), readFileSync(join(p.root, 'stages/dedupe/unique.jsonl'), 'utf8').split('\n').slice(1).join('\n'));
    await expect(runReport(new ProjectPaths(p.root))).rejects.toThrow(/record-states\.csv is out of date .*stages\/dedupe\/unique\.jsonl.*run `review prisma` first/);
  });

  it('without record-states.csv says to run `review prisma` first', async () => {
    const p = reportProject();
    rmSync(join(p.root, 'stages/prisma'), { recursive: true });
    await expect(runReport(new ProjectPaths(p.root))).rejects.toThrow('stages/prisma/record-states.csv not found: run `review prisma` first');
  });

  it('lists exactly the records in state "included", the PRISMA box', async () => {
    const p = reportProject();
    const states = readFileSync(join(p.root, 'stages/prisma/record-states.csv'), 'utf8');
    const included = states.split('\n').filter((l) => l.split(',')[3] === 'included').map((l) => l.split(',')[4]).sort();
    await runReport(new ProjectPaths(p.root));
    const csv = readFileSync(join(p.root, 'stages/report/included-sources.csv'), 'utf8').trim().split('\n').slice(1);
    expect(csv.map((l) => l.split(',').at(-1)).sort()).toEqual(included);
    expect(included).toHaveLength(4);
  });
});
