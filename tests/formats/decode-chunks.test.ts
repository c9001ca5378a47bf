import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeInChunks } from '../../src/formats/decode.js';
import { medline } from '../../src/formats/medline.js';
import { risFormat } from '../../src/formats/ris.js';
import { collectRecords } from '../../src/formats/types.js';

const EXPORTS = resolve(__dirname, '../../../shared/fixtures/exports');
const fixture = (rel: string): string => readFileSync(resolve(EXPORTS, rel), 'utf8');

/** Cut text into pieces that each end at a LF, as decodeInChunks does (tiny pieces on purpose). */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    const lf = text.indexOf('\n', start + size);
    const end = lf < 0 ? text.length : lf + 1;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

describe('decodeInChunks', () => {
  it('gives the text decodeBytes gives, in line-aligned pieces', () => {
    const text = 'TY  - JOUR\r\nTI  - Ärzte und Patienten\r\nER  - \r\n\r\n'.repeat(9000) + 'TY  - JOUR\nTI  - plain\nER  - ';
    const bytes = Buffer.from(text, 'utf8');
    const r = decodeInChunks(bytes);
    expect(r.chunks.length).toBeGreaterThan(1);
    expect(r.chunks.slice(0, -1).every((c) => c.endsWith('\n'))).toBe(true);
    expect(r.chunks.join('')).toBe(decodeBytes(bytes).text);
    expect(r.encoding).toBe('utf-8');
  });

  it('keeps small, BOM and non-UTF-8 files whole', () => {
    expect(decodeInChunks(Buffer.from('TY  - JOUR\n')).chunks).toEqual(['TY  - JOUR\n']);
    const latin1 = Buffer.from('TI  - caf\xe9\n'.repeat(30000), 'latin1');
    const r = decodeInChunks(latin1);
    expect(r.chunks).toEqual([decodeBytes(latin1).text]);
    expect(r.encoding).toBe('windows-1252');
  });
});

describe('parseEachChunk equals parse', () => {
  it.each([
    ['ris', risFormat, 'ris/ESHackathon+CiteSource__WoS_79.ris'],
    ['ris', risFormat, 'ris/asreview+citation-file-formatting___baseline_embase.ris'],
    ['medline', medline, 'medline/mjwestgate+revtools__restoration_pubmed.nbib'],
  ] as const)('%s %s', (_id, plugin, rel) => {
    const text = fixture(rel);
    expect(collectRecords((onRecord) => plugin.parseEachChunk!(pieces(text, 300), onRecord))).toEqual(plugin.parse(text));
  });
});
