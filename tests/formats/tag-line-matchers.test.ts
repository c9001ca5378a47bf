import { describe, expect, it } from 'vitest';
import { matchRisLine, RIS_LINE } from '../../src/formats/ris/lines.js';
import { matchMedlineLine, MEDLINE_LINE } from '../../src/formats/medline.js';

// The hand-written matchers replace a regex per line for speed; they must read every line as the regex does.
const LINES = [
  'TY  - JOUR', 'TY  -', 'ER  - ', 'ER  -  ', 'TI  - A title  ', 'TI - single space', 'TI   - three spaces', 'TI  -no space',
  'PMID  - 123', 'PMID- 123', 'PMID-123', 'ABCDE  - x', 'A  - one letter', 'A1  - Smith, J', 'a1  - lower', 'T1  -    padded',
  'AB  - tab\tend\t', 'AB  - nbsp\u00a0', 'TI  - line\u2028sep', '', ' ', '  - x', 'TY', 'TY  ', 'TY  --', 'OWN - NLM', 'FAU - Doe, J',
  'LID - 10.1/x [doi]', 'A- x', 'A-', 'AB -', 'AB    - four spaces', '1A  - digit first', 'AB12 - x', 'AB12  - x', 'ÄB  - x',
];

describe('tag line matchers agree with their regexes', () => {
  it.each(LINES)('RIS %j', (line) => {
    const m = RIS_LINE.exec(line);
    expect(matchRisLine(line)).toEqual(m ? { tag: m[1], value: (m[2] ?? '').trimEnd() } : undefined);
  });
  it.each(LINES)('MEDLINE %j', (line) => {
    const m = MEDLINE_LINE.exec(line);
    expect(matchMedlineLine(line)).toEqual(m ? { tag: m[1], value: (m[2] ?? '').trimEnd() } : undefined);
  });
});
