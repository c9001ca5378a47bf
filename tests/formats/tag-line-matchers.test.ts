import { describe, expect, it } from 'vitest';
import type { TagRange } from '../../src/formats/tagged/byte-tags.js';
import { matchRisLine, RIS_LINE } from '../../src/formats/ris/lines.js';
import { matchMedlineLine, MEDLINE_LINE } from '../../src/formats/medline.js';

// The hand-written byte matchers replace a regex per line for speed; they must read every line as the regex does.
const LINES = [
  'TY  - JOUR', 'TY  -', 'ER  - ', 'ER  -  ', 'TI  - A title  ', 'TI - single space', 'TI   - three spaces', 'TI  -no space',
  'PMID  - 123', 'PMID- 123', 'PMID-123', 'ABCDE  - x', 'A  - one letter', 'A1  - Smith, J', 'a1  - lower', 'T1  -    padded',
  'AB  - tab\tend\t', 'AB  - nbsp\u00a0', 'TI  - line\u2028sep', '', ' ', '  - x', 'TY', 'TY  ', 'TY  --', 'OWN - NLM', 'FAU - Doe, J',
  'LID - 10.1/x [doi]', 'A- x', 'A-', 'AB -', 'AB    - four spaces', '1A  - digit first', 'AB12 - x', 'AB12  - x', 'ÄB  - x',
  'TI  - Ärzte – “quoted”\u3000', 'AB  -  \u00a0', 'MH  - *Humans',
];

type Matcher = (bytes: Uint8Array, start: number, end: number, out: TagRange) => boolean;

/** Run a byte matcher on a line placed inside a larger buffer, and decode what it found. */
function onBytes(match: Matcher, line: string): { tag: string; value: string } | undefined {
  const bytes = Buffer.from(`x\n${line}\ny`, 'utf8');
  const start = 2;
  const end = start + Buffer.byteLength(line);
  const out: TagRange = { tag: '', valueStart: 0, valueEnd: 0 };
  return match(bytes, start, end, out) ? { tag: out.tag, value: bytes.toString('utf8', out.valueStart, out.valueEnd) } : undefined;
}

describe('tag line matchers agree with their regexes', () => {
  it.each(LINES)('RIS %j', (line) => {
    const m = RIS_LINE.exec(line);
    expect(onBytes(matchRisLine, line)).toEqual(m ? { tag: m[1], value: (m[2] ?? '').trimEnd() } : undefined);
  });
  it.each(LINES)('MEDLINE %j', (line) => {
    const m = MEDLINE_LINE.exec(line);
    expect(onBytes(matchMedlineLine, line)).toEqual(m ? { tag: m[1], value: (m[2] ?? '').trimEnd() } : undefined);
  });
});
