import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/project/errors.js';
import { readCsv, writeCsv } from '../../../src/sheets/csv.js';
import { readAssignments } from '../../../src/stages/screen/assignments.js';
import { formatInvariants, runScreenAssign, runScreenCollect, runScreenExportRayyan, runScreenReconcile } from '../../../src/stages/screen/index.js';
import { oneLine } from '../../../src/formats/ris/write.js';
import { parseRayyanNotes, RAYYAN_CSV_COLUMNS, readRayyanCsv, readRayyanRis } from '../../../src/stages/screen/rayyan.js';
import { EXPORTS } from '../../helpers/project.js';
import { screenProject, uniqueRecord } from './fixtures.js';

describe('Rayyan', () => {
  it('writes each RIS value on one line, in linear time', () => {
    const old = (v: string): string => v.replace(/\s*[\r\n]+\s*/g, ' ');
    for (const v of ['a\nb', 'a \r\n  b', 'a\n \n b', 'a\n\n', '\n a', 'no break', ' a \t\n\u00a0b ', '']) expect(oneLine(v)).toBe(old(v));
    // 300,000 spaces and no line break: the regex this replaces took tens of seconds here.
    const hostile = `${' '.repeat(300_000)}x`;
    const started = performance.now();
    expect(oneLine(hostile)).toBe(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });

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

  it('migrating a Rayyan project keeps every vote as cast: outside the allocation, a skipped record, matched by Rayyan key', async () => {
    // Records imported from a Rayyan export keep Rayyan's key (rayyan-<id>) as sourceRecordId; the
    // export we collect has changed titles, so only the key can match them.
    const records = Array.from({ length: 8 }, (_, i) => uniqueRecord(i, {
      members: [{ id: uniqueRecord(i).id, source: 'PsycInfo', file: 'exports/rayyan.csv', index: i, sourceRecordId: `rayyan-${9000 + i}` }],
      ...(i === 7 ? { doi: '10.1000/BY-DOI' } : {}),
    }));
    const paths = screenProject(records);
    await runScreenAssign(paths);
    const assigned = readAssignments(paths, true);
    const isAssigned = (id: string, s: string): boolean => assigned.some((a) => a.record_id === id && a.screener === s);
    // In Rayyan Kristin (KBA) and S. Solhaug (SS) screened whatever they liked: SS is in the pool and
    // was allocated only some of these records. SS skipped record 5. They disagree on record 2.
    const rows = records.map((r, i) => {
      const votes = [`"Kristin"=>"${i === 2 ? 'Included' : 'Excluded'}"`];
      if (i !== 5) votes.push('"S. Solhaug"=>"Excluded"');
      return {
        key: i === 7 ? 'rayyan-unknown' : `rayyan-${9000 + i}`, title: `Retitled in Rayyan ${i}`, year: String(r.year), doi: i === 7 ? 'https://doi.org/10.1000/by-doi' : '',
        notes: `RAYYAN-INCLUSION: {${votes.join(', ')}}`,
      };
    });
    const file = join(paths.root, 'articles.csv');
    writeFileSync(file, writeCsv(RAYYAN_CSV_COLUMNS, rows));
    const outside = records.filter((r) => !isAssigned(r.id, 'SS')).length - (isAssigned(records[5]!.id, 'SS') ? 0 : 1);
    expect(outside).toBeGreaterThan(0);
    const collected = await runScreenCollect(paths, [file]);
    expect(collected.warnings).toEqual([`articles.csv: ${outside} votes by screeners the allocation did not assign to the record kept as cast (external allocation); \`review screen reconcile\` counts them and marks those decisions`]);
    const votes = readCsv(readFileSync(paths.stageFile('screen', 'votes.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    // every vote as cast: 8 by Kristin, 7 by SS; record 7 matched by DOI (its key is unknown and its title changed)
    expect(votes.filter((v) => v.screener === 'KBA').map((v) => v.record_id)).toEqual(records.map((r) => r.id));
    expect(votes.filter((v) => v.screener === 'SS').map((v) => v.record_id)).toEqual(records.filter((_, i) => i !== 5).map((r) => r.id));

    const summary = await runScreenReconcile(paths);
    const decisions = readCsv(readFileSync(paths.stageFile('screen', 'decisions.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    // 7 records have two votes and are decided; external marks those where SS was not allocated
    expect(decisions.map((d) => d.record_id)).toEqual(records.filter((_, i) => i !== 5).map((r) => r.id));
    for (const d of decisions) expect(d.allocation).toBe(isAssigned(d.record_id!, 'SS') ? 'assigned' : 'external');
    expect(summary.counts).toMatchObject({ pending: 1, conflicts: 1, externalAllocation: decisions.filter((d) => d.allocation === 'external').length });
    expect(decisions.find((d) => d.record_id === records[2]!.id)).toMatchObject({ screeners: 'KBA;SS', votes: 'include;exclude', route: 'forwarded' });
    // the skipped record is listed with the screeners who can finish it (the allocation's other screener)
    const pending = readCsv(readFileSync(paths.stageFile('screen', 'pending.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    const other = assigned.find((a) => a.record_id === records[5]!.id && a.screener !== 'KBA')!.screener;
    expect(pending).toEqual([{ record_id: records[5]!.id, votes_needed: '1', voted: 'KBA', waiting_for: other, allocation: 'assigned' }]);
    // agreement uses every pair of votes, external ones included
    expect(summary.agreement.find((a) => a.scope === 'overall')).toMatchObject({ records: 7, vote_pairs: 7, agreed: 6 });
    // the invariants report names the external allocation instead of failing
    const reassigned = await runScreenAssign(paths);
    expect(reassigned.invariants).toMatchObject({ ok: true, violations: [], externalAllocation: { votes: outside, records: outside } });
    expect(formatInvariants(reassigned.invariants)).toContain(`external allocation: ${outside} returned votes on ${outside} records came from screeners not assigned to them`);
  });
});

describe('Rayyan migration on the real export', () => {
  it('imports the Rayyan CSV, then collects its decisions by Rayyan key: every vote kept, outside the allocation too', async () => {
    const { runAll } = await import('../../../src/stages/run/index.js');
    const { STAGES } = await import('../../../src/stages/graph.js');
    const { ProjectPaths } = await import('../../../src/project/paths.js');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    const { tempDir } = await import('../../helpers/project.js');
    const root = tempDir('review-rayyan-migrate-');
    const real = join(EXPORTS, 'rayyan-csv', 'asreview+citation-file-formatting___baseline_rayyan.csv');
    for (const d of ['exports', 'decisions/screen', 'stages']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync(real, join(root, 'exports', 'rayyan.csv'));
    // The decisions come back with titles and DOIs changed: only Rayyan's key can match them.
    const table = readCsv(readFileSync(real, 'utf8'));
    const rows = table.rows.map((r) => ({ ...Object.fromEntries(r.values), title: `retitled ${r.line}`, doi: '' }));
    writeFileSync(join(root, 'decisions', 'screen', '0001_rayyan-articles.csv'), writeCsv(table.header, rows));
    writeFileSync(join(root, 'review.json'), JSON.stringify({
      schemaVersion: 1, title: 'Rayyan migration',
      sources: [{ name: 'Embase', kind: 'database', files: ['exports/rayyan.csv'] }],
      screeners: [{ id: 'EM', name: 'Emily Example', rayyanName: 'Emily' }, { id: 'BO', name: 'Bo Other' }],
      screening: { reviewsPerRecord: 1, seed: 'rayyan', allocation: [{ screener: 'EM', share: 0.5 }, { screener: 'BO', share: 0.5 }], stratifyBy: 'none', labels: ['include', 'exclude', 'maybe'], reasons: [] },
      exclusionReasons: { reasons: [{ id: 'wrong-population', label: 'Wrong population', stages: ['screen', 'fulltext'] }] },
    }, null, 2));
    const paths = new ProjectPaths(root);
    const run = await runAll(paths, STAGES);
    expect(run.steps.filter((s) => s.stage === 'screen').map((s) => s.status)).toEqual(['done', 'done', 'done']);
    const votes = readCsv(readFileSync(paths.stageFile('screen', 'votes.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    // the export has 6 decisions by Emily; EM was allocated about half of the 10 records, yet all 6 count
    expect(votes.every((v) => v.screener === 'EM' && v.origin === 'rayyan')).toBe(true);
    expect(votes.map((v) => v.decision).sort()).toEqual(['exclude', 'exclude', 'include', 'include', 'maybe', 'maybe']);
    expect(votes).toHaveLength(6);
    const decisions = readCsv(readFileSync(paths.stageFile('screen', 'decisions.csv'), 'utf8')).rows.map((r) => Object.fromEntries(r.values));
    expect(decisions).toHaveLength(6);
    const assigned = readAssignments(paths, true);
    const external = decisions.filter((d) => !assigned.some((a) => a.record_id === d.record_id && a.screener === 'EM'));
    expect(external.length).toBeGreaterThan(0);
    expect(external.every((d) => d.allocation === 'external')).toBe(true);
    expect(decisions.filter((d) => d.allocation === 'assigned')).toHaveLength(6 - external.length);
  });
});
