import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReviewConfigSchema } from '../../src/model/config.js';
import { describeIssues } from '../../src/project/config-issues.js';
import { loadConfig } from '../../src/project/config.js';
import { UserError } from '../../src/project/errors.js';
import { findJsonSyntaxError } from '../../src/project/json-syntax.js';
import { ProjectPaths } from '../../src/project/paths.js';
import { tempDir } from '../helpers/project.js';

function projectWith(text: string): ProjectPaths {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'review.json'), text);
  return new ProjectPaths(dir);
}

function loadError(text: string): UserError {
  try {
    loadConfig(projectWith(text));
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the file');
}

const problems = (value: unknown): string[] => {
  const r = ReviewConfigSchema.safeParse(value);
  return r.success ? [] : describeIssues(ReviewConfigSchema, r.error.issues);
};

describe('review.json: unknown keys', () => {
  it('refuses a misspelled key, suggesting the nearest known one', () => {
    const e = loadError('{"schemaVersion": 1, "screner": []}');
    expect(e.exitCode).toBe(1);
    expect(e.details).toEqual(['unknown key "screner"; did you mean "screeners"?']);
  });

  it('checks every section, nested objects and the alternatives of allocation rules', () => {
    expect(problems({
      schemaVersion: 1,
      sources: [{ name: 'PsycInfo', kind: 'database', fromat: 'ris' }],
      screening: { allocation: [{ screner: 'A', share: 1 }] },
      exclusionReasons: { reasons: [{ id: 'x', label: 'X', stage: ['fulltext'] }] },
      fulltext: { asessors: ['A'] },
      extraction: { version: '1', fields: [{ id: 'a', label: 'A', type: 'text', requird: true }] },
    })).toEqual(expect.arrayContaining([
      'sources[0]: unknown key "fromat"; did you mean "format"?',
      'screening.allocation[0]: unknown key "screner"; did you mean "screener"?',
      'exclusionReasons.reasons[0]: unknown key "stage"; did you mean "stages"?',
      'fulltext: unknown key "asessors"; did you mean "assessors"?',
      'extraction.fields[0]: unknown key "requird"; did you mean "required"?',
    ]));
  });

  it('lists the known keys when nothing is close', () => {
    expect(problems({ schemaVersion: 1, dedupe: { banana: 1 } })).toEqual(['dedupe: unknown key "banana"; known keys here: $comment, reviewThreshold']);
  });

  it('accepts $comment anywhere a person may want to explain something', () => {
    expect(problems({ schemaVersion: 1, $comment: 'x', screening: { $comment: 'y' }, sources: [{ $comment: 'z', name: 'A', kind: 'database' }] })).toEqual([]);
  });
});

describe('review.json: JSON syntax errors', () => {
  it('gives line and column and shows the line', () => {
    const e = loadError('{\n  "schemaVersion": 1\n  "title": "x"\n}\n');
    expect(e.message).toMatch(/review\.json:3:3: not valid JSON: unexpected "\\"" \(expected "," or "}"\)/);
    expect(e.details).toEqual(['  "title": "x"', '  ^']);
  });

  it('reads a file saved with a byte-order mark', () => {
    expect(loadConfig(projectWith('\uFEFF{"schemaVersion": 1}')).schemaVersion).toBe(1);
  });

  it('finds the first error of many kinds of broken JSON, and none in valid JSON', () => {
    const cases: [string, number, number][] = [
      ['{"a": x}', 1, 7],
      ['{"a": 1,}', 1, 9],
      ['[1, 2', 1, 6],
      ['{"a": "x\ny"}', 1, 9],
      ['{"a": 01}', 1, 8],
      ['{"a": "\\q"}', 1, 8],
      ['{"a": 1} {}', 1, 10],
      ['{\n\n  "a" 1}', 3, 7],
      ['', 1, 1],
    ];
    for (const [text, line, column] of cases) {
      expect(JSON.parse.bind(null, text)).toThrow();
      expect(findJsonSyntaxError(text), text).toMatchObject({ line, column });
    }
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n", {"b": {}}]} ', '"x"', '0']) {
      expect(findJsonSyntaxError(text), text).toBeUndefined();
    }
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(findJsonSyntaxError(deep)).toBeUndefined();
  });
});

describe('review.json: sources', () => {
  it('refuses files outside the project folder', () => {
    const out = problems({ schemaVersion: 1, sources: [{ name: 'A', kind: 'database', files: ['../x.ris', '/etc/passwd', 'exports/../../x.ris', 'C:\\x.ris', 'exports\\..\\..\\x.ris', 'exports/a.ris'] }] });
    expect(out.filter((p) => p.includes('inside the project folder')).map((p) => p.split(':')[0])).toEqual([0, 1, 2, 3, 4].map((i) => `sources[0].files[${i}]`));
  });

  it('refuses source names that would make a path or are empty', () => {
    for (const name of ['../../x', 'a/b', 'a\\b', '..', '.', '   ', 'tab\there']) {
      expect(problems({ schemaVersion: 1, sources: [{ name, kind: 'database' }] }), name).not.toEqual([]);
    }
    for (const name of ['PsycInfo', 'Web of Science (Clarivate)', 'Helse & Omsorg', 'Søk: "x"', '...more']) {
      expect(problems({ schemaVersion: 1, sources: [{ name, kind: 'database' }] }), name).toEqual([]);
    }
  });
});
