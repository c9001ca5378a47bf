import { describe, expect, it } from 'vitest';
import { authorList, authorName, firstAuthorName } from '../../../src/stages/shared/authors.js';

const smith = { family: 'Smith', given: 'J.' };
const doe = { family: 'Doe', given: 'A.' };
const who = { family: 'World Health Organization', literal: true };

describe('author formatter', () => {
  it('writes "Family, Given", or the family part alone (corporate or no given name)', () => {
    expect(authorName(smith)).toBe('Smith, J.');
    expect(authorName(who)).toBe('World Health Organization');
    expect(authorName({ family: 'Roe', given: '' })).toBe('Roe');
    expect(firstAuthorName([doe, smith])).toBe('Doe, A.');
    expect(firstAuthorName([])).toBe('');
  });

  it('joins with "; " and cuts after the limit with "; et al."; lists all without a limit', () => {
    expect(authorList([smith, doe, who])).toBe('Smith, J.; Doe, A.; World Health Organization');
    expect(authorList([smith, doe, who], 2)).toBe('Smith, J.; Doe, A.; et al.');
    expect(authorList([smith, doe], 2)).toBe('Smith, J.; Doe, A.');
    expect(authorList([])).toBe('');
  });
});
