/**
 * A large export parsed in parts on worker threads must give exactly what one pass gives: the same
 * records.jsonl bytes (ids, indexes, lines), the same warnings in the same order, the same counts.
 * Parts are made tiny here so that every fixture is cut in many places, records left open and
 * continued lines included.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeInput } from '../../../src/formats/decode.js';
import { medline } from '../../../src/formats/medline.js';
import { risFormat } from '../../../src/formats/ris.js';
import { Utf8Text } from '../../../src/formats/tagged/utf8-text.js';
import type { FormatPlugin } from '../../../src/formats/types.js';
import { importFile } from '../../../src/stages/import/index.js';
import { JsonBytes } from '../../../src/stages/import/json-bytes.js';
import { ParseWorkers, writeInParts } from '../../../src/stages/import/parse-workers.js';
import { planParts, writePart } from '../../../src/stages/import/part-json.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { EXPORTS, tempDir } from '../../helpers/project.js';

const workers = ParseWorkers.fromEnvironment({ REVIEW_THREADS: '2' }) as ParseWorkers;
afterAll(() => workers.close());

const context = { source: 'Bench', file: 'exports/Bench/x.ris', format: 'ris' };
const sha = 'a'.repeat(64);

function shared(bytes: Uint8Array): Utf8Text {
  const copy = Buffer.from(new SharedArrayBuffer(bytes.length));
  copy.set(bytes);
  return new Utf8Text(copy);
}

/** A plug-in that reads bytes (RIS and MEDLINE do). */
function bytesPlugin(plugin: FormatPlugin): FormatPlugin & { parseBytes: NonNullable<FormatPlugin['parseBytes']> } {
  if (!plugin.parseBytes) throw new Error(`${plugin.id} does not read bytes`);
  return { ...plugin, parseBytes: plugin.parseBytes };
}

async function bothWays(formatPlugin: FormatPlugin, bytes: Uint8Array, partBytes: number) {
  const plugin = bytesPlugin(formatPlugin);
  const text = new Utf8Text(decodeInput(bytes).utf8());
  const once = new JsonBytes(1024);
  const whole = writePart(plugin.parseBytes, text, undefined, { ...context, format: plugin.id, fileSha256: sha, firstIndex: 0 }, once);
  const inParts = shared(text.bytes);
  const starts = planParts(plugin, inParts, partBytes);
  const out = new JsonBytes(1024);
  const parts = await writeInParts(workers, plugin.id, inParts, starts, { ...context, format: plugin.id }, () => sha, out);
  return { whole, once: once.toBuffer().toString('utf8'), parts, inParts: out.toBuffer().toString('utf8'), count: starts.length - 1 };
}

const files = (folder: string, plugin: FormatPlugin): string[] =>
  readdirSync(join(EXPORTS, folder)).map((f) => join(EXPORTS, folder, f)).filter((f) => {
    try {
      return plugin.sniff(decodeInput(readFileSync(f)).head, f) >= 0.5;
    } catch {
      return false;
    }
  });

describe('writeInParts gives what one pass gives', () => {
  const cases: [string, FormatPlugin, string][] = [
    ...files('ris', risFormat).map((f): [string, FormatPlugin, string] => ['ris', risFormat, f]),
    ...files('medline', medline).map((f): [string, FormatPlugin, string] => ['medline', medline, f]),
  ];
  it('has fixtures of both formats', () => {
    expect(cases.filter((c) => c[0] === 'ris').length).toBeGreaterThan(30);
    expect(cases.filter((c) => c[0] === 'medline').length).toBeGreaterThan(5);
  });
  it.each(cases.map(([id, plugin, f]) => [`${id} ${f.slice(EXPORTS.length + 1)}`, plugin, f] as const))('%s', async (_name, plugin, file) => {
    const r = await bothWays(plugin, readFileSync(file), 1500);
    expect(r.inParts).toBe(r.once);
    expect(r.parts.warnings.concat(r.parts.trailingWarnings)).toEqual(r.whole.warnings.concat(r.whole.trailingWarnings));
    expect({ records: r.parts.records, withoutTitle: r.parts.withoutTitle, nextLine: r.parts.nextLine }).toEqual({ records: r.whole.records, withoutTitle: r.whole.withoutTitle, nextLine: r.whole.nextLine });
  });

  it('a record left open at a part boundary gets the warning the next TY gives; CRLF, bare CR, junk and Ovid NL after ER', async () => {
    const record = (n: number) => `TY  - JOUR\r\nTI  - Title ${n} "quoted"\r\nAU  - Doe, J.\rAU  - Roe, K.\r\nAB  - A long abstract ${'x'.repeat(400)}\r\n  continued\r\n${n % 3 ? 'ER  - \r\n' : ''}${n % 5 === 0 ? 'NL  - J Abbrev\r\n' : ''}\r\n${n % 7 === 0 ? '12.\r\n' : ''}`;
    const text = Array.from({ length: 60 }, (_, n) => record(n)).join('');
    const r = await bothWays(risFormat, Buffer.from(text), 700);
    expect(r.count).toBeGreaterThan(20);
    expect(r.whole.warnings.some((w) => w.message.includes('before the next TY'))).toBe(true);
    expect(r.inParts).toBe(r.once);
    expect(r.parts.warnings.concat(r.parts.trailingWarnings)).toEqual(r.whole.warnings.concat(r.whole.trailingWarnings));
  });

  it('importFile takes the parallel path for a large file and writes what REVIEW_THREADS=1 writes', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.nbib');
    writeFileSync(file, readFileSync(join(EXPORTS, 'medline/UWNETLAB+metaknowledge__medline_test.medline'), 'utf8').repeat(3));
    const paths = new ProjectPaths(dir);
    const source = { name: 'PubMed', kind: 'database' as const, files: [] };
    const one = new JsonBytes(1024);
    const sequential = await importFile(paths, source, 'exports/PubMed/big.nbib', one, { readFrom: file });
    const many = new JsonBytes(1024);
    const parts: number[] = [];
    const parallel = await importFile(paths, source, 'exports/PubMed/big.nbib', many, { readFrom: file, workers, parallelMinBytes: 1, partBytes: 64 * 1024, onPart: (done) => parts.push(done) });
    expect(parts.length).toBeGreaterThan(5);
    expect(many.toBuffer().equals(one.toBuffer())).toBe(true);
    expect(parallel).toEqual(sequential);
  });
});
