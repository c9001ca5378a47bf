/** Each normalisation rule on its own, with values taken from shared/benchmarks/dedupe. */
import { describe, expect, it } from 'vitest';
import { recordFromRow } from '../../../bench/dedupe-data.js';
import { bilingualParts, recordFeatures } from '../../../src/stages/dedupe/features.js';
import { comparePair } from '../../../src/stages/dedupe/compare.js';
import {
  erratumCitation, erratumNotices, familyKey, foldText, joinDigitGroups, journalsMatch, normaliseAuthor, normaliseDoi, normaliseIssue, normaliseJournal,
  normaliseNumber, normalisePages, normaliseTitle, normaliseVolume, stripTrailingTags, titleKind, unwrapTranslatedTitle, venuesMatch, yearsCompatible,
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
  it("removes a review database's note on its own record: (Structured abstract), (Provisional abstract), (Brief record)", () => {
    const title = 'Cost-effectiveness of human papillomavirus testing after treatment for cervical intraepithelial neoplasia';
    for (const note of ['(Structured abstract)', '(Provisional abstract)', '(Brief record)', '(Abstract).']) {
      expect(normaliseTitle(`${title} ${note}`)!.text).toBe(normaliseTitle(title)!.text);
    }
    expect(normaliseTitle('HPV testing after treatment of CIN 3: a meta-analysis. [Review] [45 refs] (Provisional abstract)')!.text)
      .toBe('hpv testing after treatment of cin 3 a meta analysis');
    // A parenthesis that is part of the title stays.
    expect(normaliseTitle('Atypical hemolytic uremic syndrome (aHUS)')!.text).toBe('atypical hemolytic uremic syndrome ahus');
    expect(stripTrailingTags('(Structured abstract)')).toBe('(Structured abstract)');
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

describe('title details (benchmark examples)', () => {
  it('joins thousands separators: "10 000 women" = "10000 women" (cytology id_0001239 / id_0001240)', () => {
    expect(joinDigitGroups('among 10 000 women')).toBe('among 10000 women');
    const a = normaliseTitle('Description of a seven-year prospective study of human papillomavirus infection and cervical neoplasia among 10 000 women in Guanacaste, Costa Rica')!;
    const b = normaliseTitle('Description of a seven-year prospective study of human papillomavirus infection and cervical neoplasia among 10000 women in Guanacaste, Costa Rica,')!;
    expect(a.numbers).toEqual(b.numbers);
    expect(a.text).toBe(b.text);
  });
  it('drops apostrophes inside words: "symptom\'s" = "symptoms" (stroke id_0000014 / id_0000015)', () => {
    expect(normaliseTitle("Amantadine hydrochloride for treatment of symptom's of the posttraumatic confusional state")!.text)
      .toBe(normaliseTitle('Amantadine hydrochloride for treatment of symptoms of the posttraumatic confusional state')!.text);
  });
  it('an erratum title loses its "Erratum:" label and a citation cut off mid-way (haematology id_0001173)', () => {
    const notice = normaliseTitle('Erratum: Gain-of-function mutations in complement factor B are associated with atypical hemolytic uremic syndrome (Proceeding of the National Academy of Science of the United States of America (Januar')!;
    expect(notice.kind).toBe('erratum');
    expect(notice.text).toBe(normaliseTitle('Gain-of-function mutations in complement factor B are associated with atypical hemolytic uremic syndrome.')!.text);
  });
  it('reads the volume and first page an erratum cites (haematology id_0000162, id_0000057)', () => {
    expect(erratumCitation('Long-term effect of the complement inhibitor eculizumab on kidney function in patients with paroxysmal nocturnal hemoglobinura (vol 85, pg 553, 2010)')).toEqual({ volume: '85', page: '553' });
    expect(erratumCitation('Eculizumab for atypical hemolytic-uremic syndrome (New England Journal of Medicine (2009) 360 (542-544))')).toEqual({ volume: '360', page: '542' });
    expect(erratumCitation('Eculizumab for atypical hemolytic-uremic syndrome')).toBeUndefined();
  });
});

describe('MEDLINE erratum notes (benchmark examples)', () => {
  it('reads year, volume, issue and page of each "[Erratum appears in …]" (haematology id_0000161, stroke id_0000078)', () => {
    expect(erratumNotices('Long-term effect of the complement inhibitor eculizumab on kidney function in patients with paroxysmal nocturnal hemoglobinuria.[Erratum appears in Am J Hematol. 2010 Nov;85(11):911]'))
      .toEqual([{ year: 2010, volume: '85', issue: '11', page: '911' }]);
    expect(erratumNotices('Ecologically-oriented neurorehabilitation of memory: robustness of outcome across diagnosis and severity... [corrected][published erratum appears in Brain Inj. 2013 Mar;27(3):377]'))
      .toEqual([{ year: 2013, volume: '27', issue: '3', page: '377' }]);
  });
  it('nothing from a note cut off before its citation (haematology id_0001122) or from a title without one', () => {
    expect(erratumNotices('Predisposition to atypical hemolytic uremic syndrome involves the concurrence of different susceptibility alleles in the regulators of complement activation gene cluster in 1q32.[Erratum appears in Hu')).toEqual([]);
    expect(erratumNotices('Eculizumab for atypical hemolytic-uremic syndrome')).toEqual([]);
  });
});

describe('volume, issue and pages (benchmark examples)', () => {
  it('splits a supplement out of the volume (cytology id_0001341, stroke id_0000417)', () => {
    expect(normaliseVolume('24 Suppl 3')).toEqual({ volume: '24', supplement: 'suppl3' });
    expect(normaliseVolume('35 Suppl 1')).toEqual({ volume: '35', supplement: 'suppl1' });
    expect(normaliseNumber('SUPPL.1')).toBe('suppl1');
  });
  it('keeps the number of a volume with a series acronym or a shifted journal name (digital_work id_2006919, haematology id_0000017)', () => {
    expect(normaliseVolume('174 AISC')).toEqual({ volume: '174' });
    expect(normaliseVolume('Drug Discovery. 9')).toEqual({ volume: '9' });
    expect(normaliseVolume('Suppl 2')).toEqual({ volume: 'suppl2' });
    expect(normaliseVolume('07')).toEqual({ volume: '7' });
  });
  it('reads the issue or supplement written into the volume column', () => {
    expect(normaliseVolume('33 (3)')).toEqual({ volume: '33', issue: '3' });
    expect(normaliseVolume('68 (18 Supplement 1)')).toEqual({ volume: '68', issue: '18', supplement: 'suppl1' });
    expect(normaliseVolume('11 (3) (no pagination)')).toEqual({ volume: '11', issue: '3' });
    expect(normaliseVolume('35 ( Pt 1)')).toEqual({ volume: '35' });
    expect(normaliseVolume('12 (Suppl 2)')).toEqual({ volume: '12', supplement: 'suppl2' });
  });
  it('a leftover of a split is no volume; a volume range counts as its first volume', () => {
    expect(normaliseVolume('1)')).toEqual({});
    expect(normaliseVolume('A)')).toEqual({});
    expect(normaliseVolume('96-98')).toEqual({ volume: '96' });
  });
  it('the issue taken from the volume column is the record\'s issue when its issue column is empty', () => {
    const withIssue = recordFeatures(recordFromRow({ ID: 'v1', title: 'Thrombolysis in acute stroke', volume: '33 (3)', pages: '711-716' }, 0, 'PsycINFO', 'exports/p.ris'), 0);
    expect(withIssue).toMatchObject({ volume: '33', issue: '3' });
  });
  it('a month is not a volume or an issue (stroke id_0000929, digital_work id_2002950)', () => {
    expect(normaliseVolume('(Jul)')).toEqual({});
    expect(normaliseIssue('May')).toBeUndefined();
    expect(normaliseIssue('12')).toBe('12');
  });
  it('carries a page letter to a bare last page: "S3-89" (cytology id_0001341)', () => {
    expect(normalisePages('S3-89')).toEqual({ first: 's3', last: 's89' });
    expect(normalisePages('S78-S89')).toEqual({ first: 's78', last: 's89' });
  });
});

describe('author name details (benchmark examples)', () => {
  it('drops generational suffixes: "Wright Jr., T C" = "Wright, Jr" (cytology id_0001422 / id_0001424)', () => {
    expect(normaliseAuthor({ family: 'Wright Jr.', given: 'T C' })).toMatchObject({ family: 'wright', initials: 'tc' });
    expect(normaliseAuthor({ family: 'Wright', given: 'Jr' })).toMatchObject({ family: 'wright', initials: '' });
  });
  it('keeps the last of two family names (cytology id_0001724: "Fernandes Brenna, S M")', () => {
    expect(normaliseAuthor({ family: 'Fernandes Brenna', given: 'S M' })).toMatchObject({ family: 'fernandesbrenna', last: 'brenna' });
    expect(normaliseAuthor({ family: 'Le Quintrec', given: 'M.' })).not.toHaveProperty('last');
  });
});

describe('two languages in one record', () => {
  it('splits a parallel title, an appended translation and a bracketed original', () => {
    expect(bilingualParts('Zhongfeng huanzhe de kangfu zhiliao = Rehabilitation of stroke patients', true)).toEqual(['Zhongfeng huanzhe de kangfu zhiliao', 'Rehabilitation of stroke patients']);
    expect(bilingualParts('Thrombolyse beim akuten Schlaganfall; Thrombolysis in acute stroke', true)).toEqual(['Thrombolyse beim akuten Schlaganfall', 'Thrombolysis in acute stroke']);
    expect(bilingualParts('Thrombolyse beim akuten Schlaganfall [Thrombolysis in acute stroke]', true)).toEqual(['Thrombolyse beim akuten Schlaganfall', 'Thrombolysis in acute stroke']);
  });
  it('leaves a tag, a subtitle of one word and a plain title alone', () => {
    expect(bilingualParts('Eculizumab in atypical haemolytic uraemic syndrome [Review]', true)).toEqual([]);
    expect(bilingualParts('Cervical screening; a review', true)).toEqual([]);
    expect(bilingualParts('Cervical screening in primary care', true)).toEqual([]);
  });
  it('matches a title in two languages with its translation alone', () => {
    const both = recordFeatures(recordFromRow({ ID: 't1', title: 'Thrombolyse beim akuten ischämischen Schlaganfall = Thrombolysis in acute ischaemic stroke', author: 'Weber, R. and Busch, E.', year: '2012', journal: 'Der Nervenarzt', volume: '83' }, 0, 'Embase', 'e.ris'), 0);
    const english = recordFeatures(recordFromRow({ ID: 't2', title: '[Thrombolysis in acute ischaemic stroke].', author: 'Weber, R. and Busch, E.', year: '2012', journal: 'Nervenarzt', volume: '83' }, 1, 'MEDLINE', 'm.nbib'), 1);
    expect(comparePair(both, english)).toMatchObject({ decision: 'same' });
  });
  it('a journal with a parallel title or a medium qualifier is the same journal', () => {
    const parallel = recordFeatures(recordFromRow({ ID: 'j1', title: 'Clinical features of cerebral venous thrombosis', journal: 'Zhonghua nei ke za zhi = Chin J Intern Med' }, 0, 'CNKI', 'c.ris'), 0);
    const english = recordFeatures(recordFromRow({ ID: 'j2', title: 'Clinical features of cerebral venous thrombosis', journal: 'Chinese Journal of Internal Medicine' }, 1, 'MEDLINE', 'm.nbib'), 1);
    expect(comparePair(parallel, english).scores.journal).toBe(true);
    expect(normaliseJournal('Stroke [Electronic Resource]')).toEqual(['stroke']);
  });
});

describe('page notations', () => {
  it('a note in brackets is not the page; Excel dates and several ranges as before', () => {
    expect(normalisePages('P63 [tp 104]')).toEqual({ first: 'p63' });
    expect(normalisePages('S12-S14 (Abstract)')).toEqual({ first: 's12', last: 's14' });
    expect(normalisePages('01-Aug')).toEqual({ first: '1', last: '8' });
    expect(normalisePages('532, 534-536')).toEqual({ first: '532' });
  });
  it('an electronic article number in the issue column is the pages of the record', () => {
    const f = recordFeatures(recordFromRow({ ID: 'e1', title: 'Stroke incidence in a rural cohort', volume: '9', number: 'e104562' }, 0, 'Scopus', 's.ris'), 0);
    expect(f.pages).toEqual({ first: 'e104562' });
    expect(f.issue).toBeUndefined();
  });
});
