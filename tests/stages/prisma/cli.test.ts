import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/project.js';
import { rewriteFulltext, writeProject, type ProjectSpec } from './build-project.js';

/** Three databases with overlap, a website and an expert source, every kind of full-text outcome. */
export function demoSpec(): ProjectSpec {
  const spec: ProjectSpec = {
    sources: [
      { name: 'PubMed', kind: 'database' }, { name: 'Scopus', kind: 'database' }, { name: 'Web of Science', kind: 'database' },
      { name: 'Directorate websites', kind: 'website' }, { name: 'Expert tips', kind: 'expert' },
    ],
    records: [],
    screen: new Map(),
    fulltext: new Map(),
  };
  for (let i = 0; i < 30; i++) spec.records.push({ source: 'PubMed', cluster: `p${i}` });
  for (let i = 0; i < 20; i++) spec.records.push({ source: 'Scopus', cluster: i < 8 ? `p${i}` : `s${i}` });
  for (let i = 0; i < 10; i++) spec.records.push({ source: 'Web of Science', cluster: i < 3 ? `s${i + 8}` : `w${i}` });
  for (let i = 0; i < 5; i++) spec.records.push({ source: 'Directorate websites', cluster: i < 1 ? 'p20' : `d${i}` });
  for (let i = 0; i < 4; i++) spec.records.push({ source: 'Expert tips', cluster: `e${i}` });
  return spec;
}

function decideAll(spec: ProjectSpec, ids: { db: string[]; other: string[] }): void {
  ids.db.forEach((id, i) => {
    if (i % 3 === 0) { spec.screen.set(id, { decision: 'exclude', reason: i % 2 ? 'population' : '' }); return; }
    spec.screen.set(id, { decision: 'include' });
    spec.fulltext.set(id, i % 7 === 1 ? { retrieved: 'no', decision: 'exclude' } : i % 4 === 1 ? { retrieved: 'yes', decision: 'exclude', reason: i % 8 === 1 ? 'format' : 'no-outreach' } : { retrieved: 'yes', decision: 'include' });
  });
  ids.other.forEach((id, i) => spec.fulltext.set(id, i === 0 ? { retrieved: 'yes', decision: 'exclude', reason: 'population' } : { retrieved: 'yes', decision: 'include' }));
}

export function demoProject(): ReturnType<typeof writeProject> {
  const spec = demoSpec();
  const first = writeProject(spec);
  const dbIds = first.unique.filter((u) => ['PubMed', 'Scopus', 'Web of Science'].includes(u.firstSource)).map((u) => u.id);
  const otherIds = first.unique.filter((u) => !dbIds.includes(u.id)).map((u) => u.id);
  decideAll(spec, { db: dbIds, other: otherIds });
  return writeProject(spec, first.root);
}

describe('review prisma (CLI)', () => {
  it('writes flow.json/csv/md/svg, byte-identical on a re-run, and --explain lists a box', () => {
    const p = demoProject();
    const r = runCli(['-C', p.root, 'prisma', '--json']);
    expect(r.stderr).toContain('identities checked, all hold');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { flow: { databases: { identified: number; duplicates: number }; other: { duplicates: number } } };
    expect(summary.flow.databases.identified).toBe(60);
    expect(summary.flow.databases.duplicates).toBe(11);
    expect(summary.flow.other.duplicates).toBe(1);
    const dir = join(p.root, 'stages/prisma');
    const before = ['flow.json', 'flow.csv', 'flow.md', 'flow.svg'].map((f) => readFileSync(join(dir, f)));
    expect(runCli(['-C', p.root, 'prisma']).code).toBe(0);
    ['flow.json', 'flow.csv', 'flow.md', 'flow.svg'].forEach((f, i) => expect(readFileSync(join(dir, f)).equals(before[i]!)).toBe(true));
    const csv = readFileSync(join(dir, 'flow.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('data,node,box,description,boxtext,tooltips,url,n');
    expect(csv).toContain('database_specific_results,NA,box2,Records identified from each database,Databases,NA,NA,"PubMed, 30; Scopus, 20; Web of Science, 10"');
    expect(csv).toMatch(/\nduplicates,node8,box3,Duplicate records,Duplicate records,Duplicate records,duplicates.html,11\n/);
    const explain = runCli(['-C', p.root, 'prisma', '--explain', 'other.identified.Expert tips']);
    expect(explain.stdout.trim().split('\n')).toHaveLength(4);
    expect(runCli(['-C', p.root, 'prisma', '--explain', 'nonsense']).code).toBe(2);
  });

  it('a failed identity exits 1, names it with the numbers, and writes nothing', () => {
    const p = demoProject();
    const target = p.fulltextRows.find((row) => row.arm === 'databases' && row.decision === 'include')!;
    const rows = p.fulltextRows.map((row) => (row === target ? { ...row, decision: 'pending' as const } : row));
    rewriteFulltext(p.root, rows);
    const r = runCli(['-C', p.root, 'prisma']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/databases\.included: assessed − excluded = included does not hold: expected \d+, counted \d+/);
    expect(r.stderr).toContain(target.record_id);
    expect(existsSync(join(p.root, 'stages/prisma/flow.json'))).toBe(false);
  });
});
