/** Each normalisation rule on its own, with values taken from shared/benchmarks/dedupe. */
import { describe, expect, it } from 'vitest';
import {
  familyKey, foldText, journalsMatch, normaliseAuthor, normaliseDoi, normaliseJournal, normaliseNumber, normalisePages,
  normaliseTitle, stripTrailingTags, titleKind, unwrapTranslatedTitle, venuesMatch, yearsCompatible,
} from '../../../src/stages/dedupe/normalise.js';

describe('DOI', () => {
  it('drops resolver prefixes, doi: and case', () => {
    expect(normaliseDoi('https://doi.org/10.1080/1097198X.2004.10856384')).toBe('10.1080/1097198x.2004.10856384');
    expect(normaliseDoi('http://dx.doi.org/10.1057/EJIS.2012.58')).toBe('10.1057/ejis.2012.58');
    expect(normaliseDoi('doi:10.24251/HICSS.2021.')).toBe('10.24251/hicss.2021');
  });
  it('drops trailing punctuation and decodes URL escapes', () => {
    expect(normaliseDoi('10.1037/A0035559).')).toBe('10.1037/a0035559');
    expect(normaliseDoi('https://doi.org/10.1007%2F978-81-322-0740-5_72')).toBe('10.1007/978-81-322-0740-5_72');
  });
  it('returns undefined for non-DOIs', () => {
    expect(normaliseDoi('UNKNOWN')).toBeUndefined();
    expect(normaliseDoi(undefined)).toBeUndefined();
  });
});

describe('title', () => {
  it('folds Unicode (NFKD, diacritics) and case', () => {
    expect(foldText('Nürnberger Ærø')).toBe('nurnberger aero');
    expect(normaliseTitle('Eculizumab for Atypical Hemolytic–Uremic Syndrome')!.text).toBe(normaliseTitle('Eculizumab for atypical hemolytic-uremic syndrome.')!.text);
  });
  it('removes HTML/markup', () => {
    expect(normaliseTitle('The <i>ADAMTS13</i> &amp; complement')!.text).toBe('the adamts13 complement');
  });
  it('removes punctuation', () => {
    expect(normaliseTitle('Crowdwork Platforms - Juxtaposing Centralized and Decentralized Governance')!.text)
      .toBe(normaliseTitle('Crowdwork platforms: Juxtaposing centralized and decentralized governance')!.text);
  });
  it('unwraps bracketed translated titles', () => {
    expect(unwrapTranslatedTitle('[Indications and contraindications of living-donor kidney transplantation].')).toBe('Indications and contraindications of living-donor kidney transplantation');
    expect(normaliseTitle('[The need for orthodontic treatment in Ahus and Simrishamn]. [Swedish]')!.text)
      .toBe(normaliseTitle('The need for orthodontic treatment in Ahus and Simrishamn. [Swedish]')!.text);
  });
  it('removes trailing [Review]-style tags', () => {
    expect(stripTrailingTags('Update on the diagnosis and treatment of human papillomavirus infection. [Review] [33 refs]')).toBe('Update on the diagnosis and treatment of human papillomavirus infection.');
    expect(normaliseTitle('Efficacy observation of batroxobin for treatment of vascular cognitive impairment. [Chinese]')!.text)
      .toBe('efficacy observation of batroxobin for treatment of vascular cognitive impairment');
    expect(stripTrailingTags('[Swedish]')).toBe('[Swedish]');
  });
  it('removes erratum suffixes and marks the title an erratum', () => {
    const wos = normaliseTitle('Eculizumab for Atypical Hemolytic-Uremic Syndrome (vol 360, pg 542, 2009)')!;
    expect(wos.text).toBe('eculizumab for atypical hemolytic uremic syndrome');
    expect(wos.kind).toBe('erratum');
    expect(wos.numbers).toEqual([]);
    const embase = normaliseTitle('Eculizumab for atypical hemolytic-uremic syndrome (New England Journal of Medicine (2009) 360 (542-544))')!;
    expect(embase.text).toBe('eculizumab for atypical hemolytic uremic syndrome');
    expect(embase.kind).toBe('erratum');
  });
  it('keeps MEDLINE notes about other records out of the title and its kind', () => {
    const t = normaliseTitle('Evaluating the risk of cervical precancer with a combination of cytologic, virologic, and visual methods.[Erratum appears in Cancer Epidemiol Biomarkers Prev. 2006 Jan;15(1):187]')!;
    expect(t.kind).toBeUndefined();
    expect(t.text).toBe('evaluating the risk of cervical precancer with a combination of cytologic virologic and visual methods');
    expect(titleKind('Ecologically-oriented neurorehabilitation of memory: robustness of outcome across diagnosis and severity... [corrected][published erratum appears in Brain Inj. 2013 Mar;27(3):377]')).toBeUndefined();
  });
  it('recognises errata, replies and comments', () => {
    expect(titleKind('Corrigendum: A Video-Based Screening System for Automated Risk Assessment Using Nuanced Facial Features')).toBe('erratum');
    expect(titleKind('Erratum to - How do requirements evolve over time?')).toBe('erratum');
    expect(titleKind('Atypical hemolytic uremic syndrome associated with group A beta hemolytic streptococcus - Reply')).toBe('reply');
    expect(titleKind('Comment on: eculizumab in aHUS')).toBe('comment');
    expect(titleKind('Complement dysfunction in hemolytic uremic syndrome')).toBeUndefined();
  });
  it('collects the numbers in a title', () => {
    expect(normaliseTitle('Auckland Stroke Outcomes Study: Part 1: Gender, stroke types, ethnicity, and functional outcomes 5 years poststroke')!.numbers).toEqual(['1', '5']);
    expect(normaliseTitle('International Conference on Information Systems, ICIS 2013, Volume 04')!.numbers).toEqual(['2013', '4']);
  });
});

describe('authors', () => {
  it('reduces every author format to family name + initials', () => {
    expect(normaliseAuthor({ family: 'Zuna', given: 'R E' })).toEqual({ family: 'zuna', initials: 're', given: '' });
    expect(normaliseAuthor({ family: 'Zipfel', given: 'P. F.' })).toMatchObject({ family: 'zipfel', initials: 'pf' });
    expect(normaliseAuthor({ family: 'Deng', given: 'Chaoqun' })).toEqual({ family: 'deng', initials: 'c', given: 'chaoqun' });
    expect(normaliseAuthor({ family: 'Smith', given: 'JA' })).toMatchObject({ initials: 'ja' });
    expect(normaliseAuthor({ family: 'Stein', given: 'M.-K.' })).toMatchObject({ initials: 'mk' });
    expect(normaliseAuthor({ family: 'Adler D.G.' })).toMatchObject({ family: 'adler', initials: 'dg' });
    expect(normaliseAuthor({ family: 'Group, ALTS', literal: true })).toEqual({ family: 'groupalts', initials: '', given: '' });
    expect(normaliseAuthor({ family: 'et al.' })).toBeUndefined();
  });
  it('folds diacritics and drops name particles', () => {
    expect(familyKey('Nürnberger')).toBe('nurnberger');
    expect(familyKey('van der Graaf')).toBe(familyKey('Van Graaf'));
    expect(familyKey('Le Quintrec')).toBe(familyKey('Quintrec'));
    expect(familyKey('Sberro-Soussan')).toBe('sberrosoussan');
  });
});

describe('journals', () => {
  it('matches abbreviations against full names', () => {
    expect(journalsMatch(normaliseJournal('Nat Rev Nephrol'), normaliseJournal('Nature Reviews Nephrology'))).toBe(true);
    expect(journalsMatch(normaliseJournal('Seminars in Thrombosis & Hemostasis'), normaliseJournal('Seminars in Thrombosis and Hemostasis'))).toBe(true);
    expect(journalsMatch(normaliseJournal('Diabetes & metabolism'), normaliseJournal('Diabetes & Metabolism'))).toBe(true);
    expect(journalsMatch(normaliseJournal('Pediatric Nephrology'), normaliseJournal('American Journal of Transplantation'))).toBe(false);
  });
  it('matches venue acronyms and extended proceedings names', () => {
    expect(venuesMatch(normaliseJournal('International Conference on Information Systems'), normaliseJournal('ICIS : Transforming Society with Digital Innovation'))).toBe(true);
    expect(venuesMatch(normaliseJournal('Americas Conference on Information Systems'), normaliseJournal('Americas Conference on Information Systems, AMCIS'))).toBe(true);
    expect(venuesMatch(normaliseJournal('International Conference on Information Systems'), normaliseJournal('Proceedings of the 51st Hawaii International Conference on System Sciences'))).toBe(false);
  });
});

describe('pages', () => {
  it('expands abbreviated ranges', () => {
    expect(normalisePages('1844-59')).toEqual({ first: '1844', last: '1859' });
    expect(normalisePages('643-57')).toEqual({ first: '643', last: '657' });
    expect(normalisePages('376 -- 383')).toEqual({ first: '376', last: '383' });
  });
  it('reads Excel-mangled ranges back as numbers', () => {
    expect(normalisePages('08-Nov')).toEqual({ first: '8', last: '11' });
    expect(normalisePages('11-Aug')).toEqual({ first: '8', last: '11' });
  });
  it('keeps article numbers and takes the first of several ranges', () => {
    expect(normalisePages('e12724')).toEqual({ first: 'e12724' });
    expect(normalisePages('c37-c42')).toEqual({ first: 'c37', last: 'c42' });
    expect(normalisePages('532, 534-536, 538-540')).toEqual({ first: '532' });
    expect(normalisePages('945-945')).toEqual({ first: '945' });
  });
});

describe('volume, issue, year', () => {
  it('treats placeholders as absent and drops leading zeros', () => {
    expect(normaliseNumber('UNKNOWN')).toBeUndefined();
    expect(normaliseNumber('Vol. 07')).toBe('7');
    expect(normaliseNumber('2-3')).toBe('23');
  });
  it('accepts one year apart (online first vs print) and no more', () => {
    expect(yearsCompatible(2002, 2003)).toBe(true);
    expect(yearsCompatible(2009, 2011)).toBe(false);
    expect(yearsCompatible(undefined, 2011)).toBe(true);
  });
});
