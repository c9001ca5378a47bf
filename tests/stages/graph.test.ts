/**
 * The stage graph and the artifacts (issue #15): declarations checked against each other, one reader
 * with one error wording for every artifact, slim views, and the parts of review.json a manifest hashes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPartHash } from '../../src/project/config-parts.js';
import { ProjectPaths } from '../../src/project/paths.js';
import { graphProblems, runOrder, STAGES } from '../../src/stages/graph.js';
import { RUN_ORDER, STAGE_NAMES } from '../../src/stages/stage-names.js';
import { ARTIFACTS, artifactOutput, importedRecordRefs, importedRecordsWithoutRaw, readArtifact, readArtifactIfAny } from '../../src/stages/shared/artifacts.js';
import { defineStage, stagesNeeded } from '../../src/stages/shared/stage.js';
import { runCli, tempDir } from '../helpers/project.js';

function project(): ProjectPaths {
  const root = tempDir('review-graph-');
  mkdirSync(join(root, 'stages', 'import'), { recursive: true });
  mkdirSync(join(root, 'stages', 'screen'), { recursive: true });
  return new ProjectPaths(root);
}

const record = (id: string) => ({
  schemaVersion: 1, id, title: `Title ${id}`, authors: [{ family: 'Berg', given: 'Kari' }], year: 2020,
  provenance: { source: 'PsycInfo', file: 'exports/a.ris', fileSha256: 'ab'.repeat(32), format: 'ris', index: 0, line: 1 },
  raw: [['TI', `Title ${id}`]],
});

describe('the stage graph', () => {
  it('holds: every artifact written by the stage it names, in its folder, and needed only after it is written', () => {
    expect(graphProblems()).toEqual([]);
    expect(STAGES.map((s) => s.name)).toEqual(['import', 'dedupe', 'screen', 'fulltext', 'extract', 'prisma', 'report']);
  });

  it('names a stage that needs a later stage’s artifact, and an artifact written by another stage than declared', () => {
    const early = defineStage({ name: 'early', about: '', needs: [ARTIFACTS.uniqueRecords], writes: [ARTIFACTS.importedRecords], reads: [], steps: [] });
    const dedupe = defineStage({ name: 'dedupe', about: '', needs: [], writes: [ARTIFACTS.uniqueRecords], reads: [], steps: [] });
    expect(graphProblems([early, dedupe], [ARTIFACTS.importedRecords, ARTIFACTS.uniqueRecords])).toEqual([
      'stages/import/records.jsonl: declared as written by import, written by early',
      'early needs stages/dedupe/unique.jsonl, written by dedupe, which does not come before it',
    ]);
  });

  it('a stage is blocked in a run only by what it cannot do without, and stale when anything it needs is', () => {
    const report = STAGES.find((s) => s.name === 'report');
    if (!report) throw new Error('report is in the graph');
    expect(stagesNeeded(report, { requiredOnly: true })).toEqual(['dedupe', 'fulltext', 'prisma']);
    expect(stagesNeeded(report)).toEqual(['dedupe', 'fulltext', 'prisma', 'screen', 'extract']);
  });

  it('a step calls its entry point through a typed import: a misnamed one fails the build (npm run typecheck)', () => {
    const renamed = defineStage({
      name: 'dedupe', about: '', needs: [], writes: [], reads: [],
      // @ts-expect-error runDedup is not an export of the dedupe stage
      steps: [{ name: 'dedupe', run: async ({ paths }) => (await import('../../src/stages/dedupe/index.js')).runDedup(paths) }],
    });
    expect(renamed.steps).toHaveLength(1);
    // A part of review.json that does not exist is refused the same way.
    // @ts-expect-error 'codebook' is no part of review.json
    expect(defineStage({ name: 'x', about: '', needs: [], writes: [], reads: ['codebook'], steps: [] }).reads).toEqual(['codebook']);
  });

  it('the CLI lists the stage commands in the graph’s order', () => {
    const help = runCli(['--help']).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    expect(commands.filter((c) => STAGES.some((s) => s.name === c))).toEqual(STAGES.map((s) => s.name));
  });

  it('the CLI’s start-up lists (no zod loaded) are the graph’s names and run order', () => {
    expect(STAGE_NAMES).toEqual(STAGES.map((s) => s.name));
    expect(RUN_ORDER).toBe(runOrder());
  });

  it('`review run --help` gives the order of the graph’s steps', () => {
    const help = runCli(['run', '--help']).stdout.replace(/\s+/g, ' ');
    const order = /Order \(the stage graph, src\/stages\/graph\.ts\): (.*?)\. A step/.exec(help)?.[1];
    expect(order).toBe(STAGES.map((s) => {
      const sub = s.steps.map((t) => t.name.replace(`${s.name} `, '')).filter((n) => n !== s.name);
      return sub.length ? `${s.name} (${sub.join(', ')})` : s.name;
    }).join(', '));
  });
});

describe('reading an artifact', () => {
  it('checks every row against the model, naming file, line and the command that makes it again', () => {
    const paths = project();
    writeFileSync(paths.abs(ARTIFACTS.importedRecords.path), `${JSON.stringify(record('r1'))}\n${JSON.stringify({ ...record('r2'), id: 7 })}\n`);
    expect(() => readArtifact(paths, ARTIFACTS.importedRecords)).toThrow('stages/import/records.jsonl:2: not a valid imported record (id: ');
    expect(() => readArtifact(paths, ARTIFACTS.importedRecords)).toThrow('; run `review import` again');
    writeFileSync(paths.abs(ARTIFACTS.screenDecisions.path), 'record_id,decision,route,reason,screeners,votes,allocation\nr1,include,agreement,,KBA;ON,include;include,\nr2,perhaps,agreement,,KBA;ON,include;include,\n');
    expect(() => readArtifact(paths, ARTIFACTS.screenDecisions)).toThrow(/^stages\/screen\/decisions\.csv:3: not a valid title\/abstract decision \(decision: .*\); run `review screen reconcile` again$/);
  });

  it('a missing file names the command that makes it; readArtifactIfAny gives undefined', () => {
    const paths = project();
    expect(() => readArtifact(paths, ARTIFACTS.uniqueRecords)).toThrow('stages/dedupe/unique.jsonl not found: run `review dedupe` first');
    expect(readArtifactIfAny(paths, ARTIFACTS.uniqueRecords)).toBeUndefined();
  });

  it('slim views read the same file with fewer fields: without raw values (dedupe), ids and sources only (prisma)', () => {
    const paths = project();
    writeFileSync(paths.abs(ARTIFACTS.importedRecords.path), `${JSON.stringify(record('r1'))}\n`);
    expect(readArtifact(paths, ARTIFACTS.importedRecords)[0]?.raw).toHaveLength(1);
    expect(readArtifact(paths, importedRecordsWithoutRaw)[0]).toMatchObject({ id: 'r1', title: 'Title r1', raw: [] });
    expect(readArtifact(paths, importedRecordRefs)).toEqual([{ id: 'r1', provenance: { source: 'PsycInfo' } }]);
  });

  it('what artifactOutput writes reads back as the same rows', () => {
    const paths = project();
    const rows = [
      { record_id: 'r1', decision: 'include', route: 'agreement', reason: '', screeners: 'KBA;ON', votes: 'include;include', allocation: '' },
      { record_id: 'r2', decision: 'exclude', route: 'resolution', reason: 'wrong-population', screeners: 'KBA;ON', votes: 'include;exclude', allocation: 'external' },
    ];
    const out = artifactOutput(ARTIFACTS.screenDecisions, readBack(rows));
    expect(out.name).toBe('decisions.csv');
    writeFileSync(paths.abs(ARTIFACTS.screenDecisions.path), 'content' in out ? out.content : '');
    expect(readArtifact(paths, ARTIFACTS.screenDecisions)).toEqual(readBack(rows));
  });
});

/** Rows as the model gives them back (its coercions applied), so a round trip compares like with like. */
function readBack(rows: Record<string, unknown>[]) {
  return rows.map((r) => ARTIFACTS.screenDecisions.schema.parse(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]))));
}

describe('parts of review.json', () => {
  const config = {
    title: 'T',
    exclusionReasons: { version: '1', reasons: [{ id: 'pop', label: 'Population', stages: ['screen', 'fulltext'] }] },
  };

  it('hash as content: key order and $comment do not count', () => {
    const reordered = { exclusionReasons: { $comment: 'note', reasons: config.exclusionReasons.reasons, version: '1' }, title: 'T' };
    for (const part of ['title', 'exclusionReasons', 'exclusionReasons.screen', 'exclusionReasons.fulltext']) {
      expect(configPartHash(reordered, part), part).toBe(configPartHash(config, part));
    }
    expect(configPartHash(config, 'extraction')).toBe(configPartHash({}, 'extraction'));
  });

  it('a full-text reason changes the full-text part and the whole list, not what screening reads', () => {
    const more = { ...config, exclusionReasons: { ...config.exclusionReasons, reasons: [...config.exclusionReasons.reasons, { id: 'design', label: 'Design', stages: ['fulltext'] }] } };
    expect(configPartHash(more, 'exclusionReasons.screen')).toBe(configPartHash(config, 'exclusionReasons.screen'));
    expect(configPartHash(more, 'exclusionReasons.fulltext')).not.toBe(configPartHash(config, 'exclusionReasons.fulltext'));
    expect(configPartHash(more, 'exclusionReasons')).not.toBe(configPartHash(config, 'exclusionReasons'));
  });
});
