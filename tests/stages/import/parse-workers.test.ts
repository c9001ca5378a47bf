/**
 * A large export parsed in parts on worker threads must give exactly what one pass gives: the same
 * records.jsonl bytes (ids, indexes, lines), the same warnings in the same order, the same counts.
 * Parts are made tiny here so that every fixture is cut in many places, records left open and
 * continued lines included; the workers read them from a copy of the file, as they do in an import.
 */
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeInput, UTF8_HEAD_BYTES, utf8Head } from '../../../src/formats/decode.js';
import { medline } from '../../../src/formats/medline.js';
import { risFormat } from '../../../src/formats/ris.js';
import { Utf8Text } from '../../../src/formats/tagged/utf8-text.js';
import type { FormatPlugin } from '../../../src/formats/types.js';
import { importFile } from '../../../src/stages/import/index.js';
import { JsonBytes } from '../../../src/project/json-bytes.js';
import { ParseWorkers, writeInParts } from '../../../src/stages/import/parse-workers.js';
import { writePart } from '../../../src/stages/import/part-json.js';
import { planFileParts } from '../../../src/stages/import/file-parts.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { EXPORTS, tempDir } from '../../helpers/project.js';

const workers = ParseWorkers.fromEnvironment({ REVIEW_THREADS: '2' }) as ParseWorkers;
afterAll(() => workers.close());

const context = { source: 'Bench', file: 'exports/Bench/x.ris', format: 'ris' };
const sha = 'a'.repeat(64);

/** A plug-in that reads bytes (RIS and MEDLINE do). */
function bytesPlugin(plugin: FormatPlugin): FormatPlugin & { parseBytes: NonNullable<FormatPlugin['parseBytes']> } {
  if (!plugin.parseBytes) throw new Error(`${plugin.id} does not read bytes`);
  return { ...plugin, parseBytes: plugin.parseBytes };
}

const scratch = tempDir();
let written = 0;

/** One pass over the whole text, and the parts the workers read from a copy of the file. */
async function bothWays(formatPlugin: FormatPlugin, bytes: Uint8Array, partBytes: number) {
  const plugin = bytesPlugin(formatPlugin);
  const text = new Utf8Text(decodeInput(bytes).utf8());
  const once = new JsonBytes(1024);
  const whole = writePart(plugin.parseBytes, text, undefined, { ...context, format: plugin.id, fileSha256: sha, firstIndex: 0 }, once);
  const file = join(scratch, `export-${written++}.txt`);
  writeFileSync(file, bytes);
  const planned = planFileParts(file, bytes.length, file, plugin.id, partBytes);
  const out = new JsonBytes(1024);
  const parts = planned && (await writeInParts(workers, plugin.id, file, planned.starts, { ...context, format: plugin.id }, () => sha, out));
  return { whole, once: once.toBuffer().toString('utf8'), parts, inParts: out.toBuffer().toString('utf8'), count: planned ? planned.starts.length - 1 : 0 };
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
    // Most of them are cut into parts (the others are read whole, see below).
    const cut = (id: string) => cases.filter(([i, p, f]) => i === id && planFileParts(f, readFileSync(f).length, f, p.id, 1500)).length;
    expect(cut('ris')).toBeGreaterThan(25);
    expect(cut('medline')).toBeGreaterThan(4);
  });
  it.each(cases.map(([id, plugin, f]) => [`${id} ${f.slice(EXPORTS.length + 1)}`, plugin, f] as const))('%s', async (_name, plugin, file) => {
    const bytes = readFileSync(file);
    const r = await bothWays(plugin, bytes, 1500);
    if (!r.parts) {
      // Only a file with no place to cut, or one that is not UTF-8 (its text is decoded first), is read whole.
      const text = new Utf8Text(decodeInput(bytes).utf8());
      expect(decodeInput(bytes).encoding !== 'utf-8' || (plugin.partStart?.(text, 1500) ?? 0) >= text.length).toBe(true);
      return;
    }
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
    expect(r.parts?.warnings.concat(r.parts.trailingWarnings)).toEqual(r.whole.warnings.concat(r.whole.trailingWarnings));
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

describe('importFile in parts, read from the file', () => {
  const source = { name: 'Db', kind: 'database' as const, files: [] };
  const record = (n: number, abstract = `Abstract ${n}.`) => `TY  - JOUR\nTI  - Title ${n}\nAU  - Doe, J.\nAB  - ${abstract}\nER  - \n\n`;

  async function sequentialAndParallel(name: string, bytes: Uint8Array, partBytes = 2000) {
    const dir = tempDir();
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const paths = new ProjectPaths(dir);
    const one = new JsonBytes(1024);
    const sequential = await importFile(paths, source, `exports/Db/${name}`, one, { readFrom: file });
    const many = new JsonBytes(1024);
    const parts: number[] = [];
    const parallel = await importFile(paths, source, `exports/Db/${name}`, many, { readFrom: file, workers, parallelMinBytes: 1, partBytes, onPart: (done) => parts.push(done) });
    return { sequential, parallel, parts: parts.length, same: many.toBuffer().equals(one.toBuffer()) };
  }

  it('finds a place to cut past a record longer than the first window (1 MiB) it reads', async () => {
    const text = [record(1), record(2, 'x'.repeat(3 << 20)), ...Array.from({ length: 10 }, (_, n) => record(n + 3))].join('');
    const r = await sequentialAndParallel('long.ris', Buffer.from(text), 100);
    expect(r.parts).toBeGreaterThanOrEqual(3);
    expect(r.same).toBe(true);
    expect(r.parallel).toEqual(r.sequential);
  });

  it('keeps a UTF-8 BOM out of the first part and says so in the report', async () => {
    const text = Array.from({ length: 200 }, (_, n) => record(n, `Résumé ${n} – “quoted”`)).join('');
    const r = await sequentialAndParallel('bom.ris', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(r.parts).toBeGreaterThan(3);
    expect(r.same).toBe(true);
    expect(r.parallel).toEqual(r.sequential);
    expect(r.parallel.encoding).toBe('utf-8 (BOM)');
  });

  it('reads a file whose later part is not UTF-8 whole, as Windows-1252 with its warning', async () => {
    const text = Buffer.from(Array.from({ length: 200 }, (_, n) => record(n)).join(''), 'latin1');
    const bad = text.indexOf('Title 190');
    text[bad] = 0xd6; // "Ö" in Latin-1, invalid on its own in UTF-8
    const r = await sequentialAndParallel('latin1.ris', text);
    expect(r.parts).toBe(0);
    expect(r.same).toBe(true);
    expect(r.parallel).toEqual(r.sequential);
    expect(r.parallel.warnings.map((w) => w.code)).toContain('encoding-repaired');
  });

  it('refuses a file that changes while it is being imported', async () => {
    const dir = tempDir();
    const file = join(dir, 'growing.ris');
    writeFileSync(file, Array.from({ length: 200 }, (_, n) => record(n)).join(''));
    const paths = new ProjectPaths(dir);
    const out = new JsonBytes(1024);
    const grow = (done: number): void => {
      if (done === 1) appendFileSync(file, record(999));
    };
    await expect(importFile(paths, source, 'exports/Db/growing.ris', out, { readFrom: file, workers, parallelMinBytes: 1, partBytes: 2000, onPart: grow }))
      .rejects.toThrow(/growing\.ris: the file changed while it was being imported/);
  });
});

describe('utf8Head', () => {
  const big = (prefix: number[], body = 'TY  - JOUR\n'): Buffer => Buffer.concat([Buffer.from(prefix), Buffer.from(body.repeat(40_000))]);
  it('gives the head decodeInput gives, after every BOM', () => {
    for (const prefix of [[], [0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]]) {
      const bytes = big(prefix);
      const head = utf8Head(bytes.subarray(0, UTF8_HEAD_BYTES), false);
      expect(head).toEqual({ textStart: prefix.length, bom: prefix.length > 0, head: decodeInput(bytes).head });
    }
  });
  it('leaves UTF-16, binary, blank and short partial starts to decodeInput', () => {
    expect(utf8Head(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('TY  - JOUR\n'.repeat(40_000), 'utf16le')]).subarray(0, UTF8_HEAD_BYTES), false)).toBeUndefined();
    expect(utf8Head(big([0, 1, 2]).subarray(0, UTF8_HEAD_BYTES), false)).toBeUndefined();
    expect(utf8Head(Buffer.alloc(UTF8_HEAD_BYTES, 0x20), false)).toBeUndefined();
    expect(utf8Head(Buffer.from('TY  - JOUR\n'), false)).toBeUndefined();
    expect(utf8Head(Buffer.from('TY  - JOUR\n'), true)?.head).toBe('TY  - JOUR\n');
  });
});
