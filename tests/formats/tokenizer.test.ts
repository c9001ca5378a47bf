import { describe, expect, it } from 'vitest';
import { splitLines, tokenize } from '../../src/formats/tagged/tokenizer.js';

const RIS = /^([A-Z][A-Z0-9])  - ?(.*)$/;

describe('tagged tokenizer', () => {
  it('splits LF, CRLF and bare CR; bare CR keeps the physical line number', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual([
      { text: 'a', line: 1 }, { text: 'b', line: 2 }, { text: 'c', line: 2 }, { text: 'd', line: 3 },
    ]);
  });
  it('gives the same tokens on the fast path (LF/CRLF) and the bare-CR path', () => {
    const lf = 'TY  - JOUR\nTI  - A title\ncontinued\nER  -\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const expected = [
      { tag: 'TY', value: 'JOUR', line: 1 },
      { tag: 'TI', value: 'A title', line: 2 },
      { tag: undefined, value: 'continued', line: 3 },
      { tag: 'ER', value: '', line: 4 },
    ];
    expect(tokenize(lf, RIS)).toEqual(expected);
    expect(tokenize(crlf, RIS)).toEqual(expected);
    expect(tokenize('TY  - JOUR\nAD  - Univ A\rAD  - Univ B\nER  - \n', RIS)).toEqual([
      { tag: 'TY', value: 'JOUR', line: 1 },
      { tag: 'AD', value: 'Univ A', line: 2 },
      { tag: 'AD', value: 'Univ B', line: 2 },
      { tag: 'ER', value: '', line: 3 },
    ]);
  });
});
