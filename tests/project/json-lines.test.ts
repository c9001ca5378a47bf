/**
 * JSON Lines outputs are read line by line from their bytes, in pieces: a large import's
 * records.jsonl does not fit in one JS string. The lines must be exactly those of split('\n').
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachJsonLine, forEachLine } from '../../src/project/json-lines.js';
import { UserError } from '../../src/project/errors.js';
import { tempDir } from '../helpers/project.js';

const dir = tempDir();
let n = 0;
function fileWith(content: string | Buffer): string {
  const path = join(dir, `lines-${n++}.jsonl`);
  writeFileSync(path, content);
  return path;
}

function lines(path: string): [string, number][] {
  const seen: [string, number][] = [];
  forEachLine(path, (line, number) => seen.push([line, number]));
  return seen;
}

/** What split('\n') gives, numbered, without the empty string after a final LF. */
function split(text: string): [string, number][] {
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((line, i) => [line, i + 1]);
}

describe('forEachLine', () => {
  it('gives the lines split gives, whatever their lengths and characters', () => {
    const line = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('', ' ', '\r', 'ø', '😀'));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (parts, finalLf) => {
      const text = parts.map((p) => p.replace(/\n/g, '')).join('\n') + (finalLf && parts.length ? '\n' : '');
      expect(lines(fileWith(text))).toEqual(split(text));
    }), { numRuns: 300 });
  });

  it('reads lines across its 8 MiB pieces, and lines longer than a piece', () => {
    const short = Array.from({ length: 40_000 }, (_, i) => `{"i":${i},"t":"${'é'.repeat(i % 300)}"}`);
    const long = `{"long":"${'x'.repeat(20 << 20)}"}`;
    const text = [...short.slice(0, 20_000), long, ...short.slice(20_000)].join('\n');
    const seen = lines(fileWith(text));
    expect(seen.length).toBe(40_001);
    expect(seen[20_000]?.[0].length).toBe(long.length);
    expect(seen.map(([l]) => l).join('\n')).toBe(text);
  });
});

describe('forEachJsonLine', () => {
  it('parses non-blank lines and names the file, line and command for a bad one', () => {
    const seen: [unknown, number][] = [];
    forEachJsonLine(fileWith('{"a":1}\n\n  \n[2]\n'), 'stages/x/y.jsonl', 'review x', (json, line) => seen.push([json, line]));
    expect(seen).toEqual([[{ a: 1 }, 1], [[2], 4]]);
    const bad = fileWith('{"a":1}\n{"a":\n');
    expect(() => forEachJsonLine(bad, 'stages/x/y.jsonl', 'review x', () => undefined)).toThrow(UserError);
    expect(() => forEachJsonLine(bad, 'stages/x/y.jsonl', 'review x', () => undefined)).toThrow('stages/x/y.jsonl:2: not valid JSON; run `review x` again');
  });
});
