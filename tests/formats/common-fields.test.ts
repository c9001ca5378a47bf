import { describe, expect, it } from 'vitest';
import {
  classifyStandardNumbers, cleanDoi, documentType, joinPages, parseInvertedName, parseMedlineName, parseNaturalName, parseYear, risType,
} from '../../src/formats/common/fields.js';

describe('field helpers', () => {
  it('cleans DOIs from URLs and prefixes, dropping trailing punctuation', () => {
    expect(cleanDoi('https://doi.org/10.1016/j.addbeh.2021.107012.')).toBe('10.1016/j.addbeh.2021.107012');
    expect(cleanDoi('http://dx.doi.org/10.1037/adb0000789')).toBe('10.1037/adb0000789');
    expect(cleanDoi('doi: 10.1111/add.15645;')).toBe('10.1111/add.15645');
    expect(cleanDoi('not a doi')).toBeUndefined();
  });
  it('finds years in date strings', () => {
    expect(parseYear('2021/06//')).toBe(2021);
    expect(parseYear('2022/08//undefined')).toBe(2022);
    expect(parseYear('0000')).toBeUndefined();
    expect(parseYear('Spring 1998')).toBe(1998);
  });
  it('parses names in every order the exports use', () => {
    expect(parseInvertedName('Bråten, Åse K.')).toEqual({ family: 'Bråten', given: 'Åse K.' });
    expect(parseMedlineName('Smith JA')).toEqual({ family: 'Smith', given: 'J A' });
    expect(parseNaturalName('C Kun-Rodrigues')).toEqual({ family: 'Kun-Rodrigues', given: 'C' });
    expect(parseNaturalName('World Health Organization')).toEqual({ family: 'World Health Organization', literal: true });
  });
  it('splits ISSNs and ISBNs', () => {
    expect(classifyStandardNumbers('1573-3602 1050-5350')).toEqual({ issn: ['1573-3602', '1050-5350'], isbn: [] });
    expect(classifyStandardNumbers('03064530 (ISSN)')).toEqual({ issn: ['0306-4530'], isbn: [] });
    expect(classifyStandardNumbers('978-0-12-345678-9')).toEqual({ issn: [], isbn: ['9780123456789'] });
    // PubMed's one-ISSN lines take a shortcut; it must say what the tokeniser says.
    expect(classifyStandardNumbers('1879-136x (Electronic)')).toEqual({ issn: ['1879-136X'], isbn: [] });
    expect(classifyStandardNumbers(' 01406736 (Linking) ')).toEqual({ issn: ['0140-6736'], isbn: [] });
    expect(classifyStandardNumbers('1879-1360 (Electronic) 0140-6736 (Print)')).toEqual({ issn: ['1879-1360', '0140-6736'], isbn: [] });
  });
  it('joins pages and maps types', () => {
    expect(joinPages('123', '130')).toBe('123-130');
    expect(joinPages('e0123', undefined)).toBe('e0123');
    expect(risType('CHAP')).toBe('chapter');
    expect(risType('XYZ')).toBe('other');
    expect(documentType('Conference Paper')).toBe('conference');
    expect(documentType('Review')).toBe('review');
    expect(documentType('Journal Article')).toBe('article');
  });
});
