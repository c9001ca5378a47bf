import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abstractWords, intersectionSize, wordHash } from '../../../src/stages/dedupe/features.js';
import { foldText } from '../../../src/stages/dedupe/normalise.js';

/** The definition abstractWords implements: split by the Unicode classes, words of 3+, first 80, distinct. */
function reference(abstract: string): number[] {
  const words = foldText(abstract.slice(0, 800)).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3).slice(0, 80);
  return [...new Set(words.map(wordHash))].sort((a, b) => a - b);
}

const piece = fc.constantFrom('the', 'Outreach', 'youth', 'of', 'NEET', '2019', 'a1b', ' ', ', ', '.', '-', '\n', '(', 'ümlaut', 'Ærø', 'ﬁsh', '数据', 'x');
const abstractArb = fc.array(piece, { maxLength: 200 }).map((p) => p.join(''));

describe('abstractWords (src/stages/dedupe/features.ts)', () => {
  it('gives the distinct hashed words the Unicode split gives, for ASCII and other text alike', () => {
    fc.assert(fc.property(abstractArb, (text) => {
      expect([...abstractWords(text)]).toEqual(reference(text));
    }), { numRuns: 400 });
  });

  it('keeps the first 80 words of 3+ characters, case and accents folded, and different words apart', () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    expect(abstractWords(long)).toHaveLength(80);
    expect(intersectionSize(abstractWords('Youth outreach in Oslo'), abstractWords('YOUTH OUTREACH, oslo!'))).toBe(3);
    expect(intersectionSize(abstractWords('Café société'), abstractWords('cafe societe'))).toBe(2);
    const vocabulary = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}x`);
    expect(new Set(vocabulary.map(wordHash)).size).toBe(vocabulary.length);
  });
});
