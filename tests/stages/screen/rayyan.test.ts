import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/project/errors.js';
import { readCsv, writeCsv } from '../../../src/sheets/csv.js';
import { readAssignments } from '../../../src/stages/screen/assignments.js';
import { runScreenAssign, runScreenCollect, runScreenExportRayyan } from '../../../src/stages/screen/index.js';
import { parseRayyanNotes, readRayyanCsv, readRayyanRis } from '../../../src/stages/screen/rayyan.js';
import { EXPORTS } from '../../helpers/project.js';
import { screenProject, uniqueRecord } from './fixtures.js';

describe('Rayyan', () => {
  it('parses inclusion, labels and exclusion reasons from notes', () => {
    const notes = 'RAYYAN-INCLUSION: {"Kristin"=>"Excluded", "Ole Ness"=>"Maybe"} | RAYYAN-LABELS: youth,street | RAYYAN-EXCLUSION-REASONS: no-outreach,wrong population';
    expect(parseRayyanNotes(notes)).toEqual({
      inclusion: [{ name: 'Kristin', label: 'Excluded' }, { name: 'Ole Ness', label: 'Maybe' }],
      labels: ['youth', 'street'],
      reasons: ['no-outreach', 'wrong population'],
      userNotes: new Map(),
    });
  });

  it('parses each reviewer\'s USER-NOTES, commas, quotes and pipes inside notes included', () => {
    const notes = 'RAYYAN-INCLUSION: {"Kristin"=>"Excluded", "Ole Ness"=>"Maybe"} | USER-NOTES: {"Kristin"=>["adults only, 25+", "see \\"methods\\""], "Ole Ness"=>["check | full text"]}';
    const parsed = parseRayyanNotes(notes);
    expect(parsed.inclusion).toHaveLength(2);
    expect([...parsed.userNotes]).toEqual([['Kristin', ['adults only, 25+', 'see "methods"']], ['Ole Ness', ['check | full text']]]);
  });

  it('reads the real Rayyan CSV and RIS exports in the fixtures', () => {
    const csv = readRayyanCsv(readFileSync(join(EXPORTS, 'rayyan-csv', 'asreview+citation-file-formatting___baseline_rayyan.csv'), 'utf8'));
    expect(csv).toHaveLength(10);
    expect(csv.filter((e) => parseRayyanNotes(e.notes).inclusion.length)).toHaveLength(6);
    const ris = readRayyanRis(readFileSync(join(EXPORTS, 'ris', 'asreview+citation-file-formatting___baseline_rayyan.ris'), 'utf8'));
    expect(ris).toHaveLength(10);
    expect(ris[0]?.key).toBe('rayyan-42924189');
    expect(ris.map((e) => parseRayyanNotes(e.notes).inclusion[0]?.label).filter(Boolean)).toEqual(['Included', 'Included', 'Maybe', 'Maybe', 'Excluded', 'Excluded']);
    expect(readRayyanRis(readFileSync(join(EXPORTS, 'ris', 'asreview+asreview__ris_issue_992.txt'), 'utf8'))).toHaveLength(19);
  });

  it('exports the screening set with our ids as key/AN and collects Rayyan decisions by rayyanName or name', async () => {
    const evil = '=HYPERLINK("http://evil.example","x")';
    const paths = screenProject([uniqueRecord(0, { title: evil }), ...Array.from({ length: 9 }, (_, i) => uniqueRecord(i + 1))]);
    await runScreenAssign(paths);
    runScreenExportRayyan(paths);
    const ris = readFileSync(join(paths.outputs, 'rayyan', 'screening.ris'), 'utf8');
    expect(ris).toContain(`AN  - ${uniqueRecord(3).id}`);
    const csvText = readFileSync(join(paths.outputs, 'rayyan', 'screening.csv'), 'utf8');
    // A file for Rayyan's import carries values as they are: Rayyan evaluates nothing (no apostrophe).
    expect(csvText).toContain(`,"=HYPERLINK(""http://evil.example""`);
    // What Rayyan gives back: the same rows with decisions in notes; one record lost its key and matches by title + year.
    const assigned = readAssignments(paths, true);
    const onIds = new Set(assigned.filter((a) => a.screener === 'ON').map((a) => a.record_id));
    const table = readCsv(csvText);
    const rows = table.rows.map((r, i) => {
      const row = Object.fromEntries(r.values);
      const id = row.key as string;
      const votes = [`"Kristin"=>"${i % 2 ? 'Included' : 'Excluded'}"`];
      if (onIds.has(id)) votes.push('"Ole Ness"=>"Included"');
      row.notes = `RAYYAN-INCLUSION: {${votes.join(', ')}}${i % 2 ? '' : ' | RAYYAN-EXCLUSION-REASONS: No-Outreach'}${i === 0 ? ' | USER-NOTES: {"Kristin"=>["adults only"]}' : ''}`;
      if (i === 1) row.key = 'rayyan-123456';
      return row;
    });
    const file = join(paths.root, 'articles.csv');
    writeFileSync(file, writeCsv(table.header, rows));
    const summary = await runScreenCollect(paths, [file]);
    expect(summary.files[0]?.kind).toBe('rayyan-csv');
    const votes = readCsv(readFileSync(paths.stageFile('screen', 'votes.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    expect(votes.filter((v) => v.screener === 'KBA')).toHaveLength(10);
    expect(votes.filter((v) => v.screener === 'ON')).toHaveLength(onIds.size);
    expect(votes.every((v) => v.origin === 'rayyan')).toBe(true);
    expect(votes.find((v) => v.record_id === rows[0]!.key && v.screener === 'KBA')).toMatchObject({ decision: 'exclude', reason: 'no-outreach', note: 'adults only' });
    expect(votes.some((v) => v.record_id === uniqueRecord(1).id)).toBe(true); // matched by title + year
  });

  it('rejects a Rayyan export whose reviewer is not a screener, naming the fix', async () => {
    const paths = screenProject(Array.from({ length: 4 }, (_, i) => uniqueRecord(i)));
    await runScreenAssign(paths);
    const file = join(EXPORTS, 'rayyan-csv', 'asreview+citation-file-formatting___baseline_rayyan.csv');
    const error = await runScreenCollect(paths, [file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).details).toEqual([expect.stringMatching(/row \d+: Rayyan reviewer "Emily" is not a screener in review.json; add "rayyanName": "Emily"/)]);
  });
});
