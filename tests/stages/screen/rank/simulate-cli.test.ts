import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../../helpers/project.js';
import { syntheticReview } from './fixtures.js';
import { screenProject, uniqueRecord } from '../fixtures.js';

function labelledCsv(dir: string): string {
  const file = join(dir, 'labelled.csv');
  const rows = syntheticReview(80, 5).map((r) => [r.id, r.title, r.abstract, r.keywords, r.relevant ? 'I' : 'E'].join(','));
  writeFileSync(file, `pubmedID,title,abstracts,keywords,label1\n${rows.join('\n')}\n`);
  return file;
}

describe('review screen simulate (built CLI)', () => {
  it('prints the figures, --json on stdout and an SVG recall curve, the same for the same seed', () => {
    const dir = tempDir();
    const csv = labelledCsv(dir);
    const svg = join(dir, 'curve.svg');
    const run = runCli(['--json', 'screen', 'simulate', csv, '--label', 'label1', '--seed', '3', '--svg', svg]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.metrics.records).toBe(80);
    expect(json.metrics.relevant).toBe(16);
    expect(json.order).toHaveLength(80);
    expect(json.stop.report.settings).toEqual({ targetRecall: 0.95, confidence: 0.95, minScreened: 0 });
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
    const again = runCli(['--json', 'screen', 'simulate', csv, '--label', 'label1', '--seed', '3']);
    expect(JSON.parse(again.stdout).order).toEqual(json.order);
    const human = runCli(['screen', 'simulate', csv, '--label', 'label1']);
    expect(human.stderr).toMatch(/WSS@95 -?\d\.\d{3}\s+WSS@100/);
    expect(human.stderr).toMatch(/stopping rule \(target recall 0\.95/);
  });

  it('exits 1 naming the file for a data problem and 2 for wrong usage', () => {
    const dir = tempDir();
    const csv = labelledCsv(dir);
    const noColumn = runCli(['screen', 'simulate', csv, '--label', 'label7']);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toMatch(/labelled\.csv: no column "label7".*--label <column>/);
    expect(runCli(['screen', 'simulate', join(dir, 'missing.csv')]).code).toBe(1);
    expect(runCli(['screen', 'simulate', csv, '--label', 'label1', '--target', '1.5']).code).toBe(2);
    expect(runCli(['screen', 'simulate', csv, '--label', 'label1', '--seed', 'x']).code).toBe(2);
  });

  it('replays a project on its title/abstract decisions, leaving undecided records out and saying so', () => {
    const review = syntheticReview(40, 4);
    const records = review.map((r, i) => uniqueRecord(i, { title: r.title, abstract: r.abstract }));
    const paths = screenProject(records);
    const decided = records.slice(0, 36);
    const rows = decided.map((r, i) => `${r.id},${review[i]?.relevant ? 'include' : 'exclude'},agreement,,KBA;ON,${review[i]?.relevant ? 'include;include' : 'exclude;exclude'},`);
    mkdirSync(paths.stage('screen'), { recursive: true });
    writeFileSync(paths.stageFile('screen', 'decisions.csv'), `record_id,decision,route,reason,screeners,votes,allocation\n${rows.join('\n')}\n`);
    const run = runCli(['--json', 'screen', 'simulate', paths.root]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.metrics.records).toBe(36);
    expect(json.metrics.relevant).toBe(9);
    expect(json.undecided).toBe(4);
    expect(runCli(['screen', 'simulate', paths.root]).stderr).toMatch(/4 records without a title\/abstract decision were left out/);
    expect(runCli(['screen', 'simulate', paths.root, '--label', 'label1']).code).toBe(2);
  });
});
