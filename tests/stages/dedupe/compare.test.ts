/** Pair decisions and each veto, on record pairs taken from shared/benchmarks/dedupe. */
import { describe, expect, it } from 'vitest';
import { loadBenchmarkRecords } from '../../../bench/dedupe-data.js';
import type { ImportedRecord } from '../../../src/model/record.js';
import { comparePair, sameAuthor, samePage } from '../../../src/stages/dedupe/compare.js';
import { recordFeatures } from '../../../src/stages/dedupe/features.js';
import { isRecurringHeading, normaliseAuthor, normaliseTitle } from '../../../src/stages/dedupe/normalise.js';

const cache = new Map<string, Map<string, ImportedRecord>>();
function record(dataset: string, id: string): ImportedRecord {
  if (!cache.has(dataset)) cache.set(dataset, new Map(loadBenchmarkRecords(dataset).map((r) => [r.sourceRecordId!, r])));
  const r = cache.get(dataset)!.get(id);
  if (!r) throw new Error(`${dataset}/${id} not found`);
  return r;
}
function decide(dataset: string, a: string, b: string): ReturnType<typeof comparePair> {
  return comparePair(recordFeatures(record(dataset, a), 0), recordFeatures(record(dataset, b), 1));
}

describe('vetoes', () => {
  it('different DOIs are different records, even with the same authors, journal and issue', () => {
    expect(decide('digital_work', 'id_1000218', 'id_1000339')).toMatchObject({ decision: 'different', rule: 'veto-doi' });
  });
  it('an erratum is not its article', () => {
    expect(decide('digital_work', 'id_1000238', 'id_1004521')).toMatchObject({ decision: 'different', rule: 'veto-kind' });
  });
  it('a reply is not the letter it answers', () => {
    expect(decide('haematology', 'id_0000009', 'id_0000039')).toMatchObject({ decision: 'different', rule: 'veto-kind' });
  });
  it('different numbers in titles (Part 1 / Part 2, Volume 1 / Volume 4)', () => {
    expect(decide('stroke', 'id_0001068', 'id_0001229')).toMatchObject({ decision: 'different', rule: 'veto-title-numbers' });
    expect(decide('digital_work', 'id_2000225', 'id_2000226')).toMatchObject({ decision: 'different', rule: 'veto-title-numbers' });
  });
  it('a conference paper is not its extended journal version', () => {
    // (id_0000009 / id_0000010 differ by DOI as well, which vetoes first.)
    expect(decide('special_cases', 'id_0000009', 'id_0000010').decision).toBe('different');
    expect(decide('special_cases', 'id_0000011', 'id_0000012')).toMatchObject({ decision: 'different', rule: 'veto-conference-journal' });
  });
  it('years more than one apart', () => {
    expect(decide('special_cases', 'id_0000003', 'id_0000004').decision).toBe('different');
  });
});

describe('matches', () => {
  it('same DOI', () => {
    expect(decide('special_cases', 'id_0000007', 'id_0000011').decision).toBe('same');
    expect(decide('digital_work', 'id_2006682', 'id_3006970')).toMatchObject({ decision: 'same', rule: 'doi' });
  });
  it('case, punctuation and a journal written two ways', () => {
    const r = decide('haematology', 'id_0000006', 'id_0000007');
    expect(r.decision).toBe('same');
    expect(r.scores.journal).toBe(true);
  });
  it('conference papers from two indexes with the venue written differently', () => {
    expect(decide('special_cases', 'id_0000001', 'id_0000002').decision).toBe('same');
  });
  it('records why: rule and field scores', () => {
    const r = decide('stroke', 'id_0000003', 'id_0000004');
    expect(r).toMatchObject({ decision: 'same', rule: 'title-exact' });
    expect(r.scores).toMatchObject({ title: 1, firstAuthor: true, volume: true, pages: true, year: 0 });
    expect(r.score).toBeGreaterThan(0.9);
  });
  it('a title without any other field in common is not enough on its own', () => {
    // Editorials with the same short title in different issues of one volume.
    expect(decide('digital_work', 'id_1006028', 'id_1006029').decision).not.toBe('same');
  });
});

describe('authors', () => {
  it('matches swapped family/given order and one-letter typos in long names', () => {
    expect(sameAuthor(normaliseAuthor({ family: 'Andrea', given: 'C.' })!, normaliseAuthor({ family: 'Carignani', given: 'Andrea' })!)).toBe(true);
    expect(sameAuthor(normaliseAuthor({ family: 'Hiess', given: 'Christina' })!, normaliseAuthor({ family: 'Hiessl', given: 'C.' })!)).toBe(true);
    expect(sameAuthor(normaliseAuthor({ family: 'Hong', given: 'Kevin' })!, normaliseAuthor({ family: 'Hong', given: 'Y.' })!)).toBe(false);
  });
});

describe('the article\'s place in its journal (same journal, volume, year and pages)', () => {
  it('matches despite a group author against a person', () => {
    expect(decide('cytology_screening', 'id_0000248', 'id_0000912')).toMatchObject({ decision: 'same', rule: 'title-place' });
  });
  it('matches despite another issue number', () => {
    expect(decide('stroke', 'id_0000477', 'id_0000478')).toMatchObject({ decision: 'same', rule: 'title-place' });
  });
  it('a single page inside the other range, or one end mistyped, still places the article', () => {
    expect(decide('cytology_screening', 'id_0001064', 'id_0001065')).toMatchObject({ decision: 'same', rule: 'title-place' });
    expect(decide('haematology', 'id_0000191', 'id_0000190')).toMatchObject({ decision: 'same', rule: 'title-place' });
  });
  it('lets the title-number veto go when both page ends agree ("p6INK4a" typo, cytology id_0000908)', () => {
    expect(decide('cytology_screening', 'id_0000908', 'id_0000909')).toMatchObject({ decision: 'same', rule: 'title-place' });
  });
  it('a title inside a longer one needs two page ranges', () => {
    expect(decide('haematology', 'id_0000930', 'id_0001237')).toMatchObject({ decision: 'same', rule: 'title-place' });
    expect(decide('haematology', 'id_0001010', 'id_0001011')).toMatchObject({ decision: 'same', rule: 'title-place' });
    // "… Editorial Comment" / "… Response" on the article's last page are other records.
    expect(decide('haematology', 'id_0000159', 'id_0001138').decision).not.toBe('same');
    expect(decide('digital_work', 'id_4000495', 'id_2006845').decision).not.toBe('same');
  });
  it('a translated or reworded title sharing half its words at exactly the same page range (haematology id_0000229 / id_0000231)', () => {
    // "Indications and contraindications for living kidney donations. [Spanish]" / "[Indications and contraindications of living-donor kidney transplantation]. [Spanish]"
    expect(decide('haematology', 'id_0000229', 'id_0000231')).toMatchObject({ decision: 'same', rule: 'title-reworded-place' });
    // A reworded title without a page range to place it stays apart ("Eculizumab in severe …" / "Complement blockade in severe …").
    expect(decide('haematology', 'id_0000818', 'id_0000819').decision).not.toBe('same');
  });
  it('roman-numbered front matter does not place an article (editorials restart at "iii" every issue)', () => {
    expect(decide('digital_work', 'id_1006033', 'id_1006034').decision).not.toBe('same');
  });
});

describe('volume and issue exports', () => {
  it('a supplement written in the volume matches it written as the issue', () => {
    expect(decide('stroke', 'id_0000417', 'id_0000418').decision).toBe('same');
  });
  it('volume, issue and page shifted one column along', () => {
    expect(decide('haematology', 'id_0000105', 'id_0000106')).toMatchObject({ decision: 'same', scores: { volume: true, issue: true } });
  });
  it('the end of the journal name shifted into the volume', () => {
    expect(decide('haematology', 'id_0000016', 'id_0000017')).toMatchObject({ decision: 'same', scores: { volume: true } });
  });
  it('a month in the volume column is no volume', () => {
    expect(decide('stroke', 'id_0000573', 'id_0000929')).toMatchObject({ decision: 'same', rule: 'title-exact' });
  });
});

describe('for a person to decide', () => {
  it('an erratum notice in the article\'s volume, citing it or by its authors (labelled both ways)', () => {
    expect(decide('haematology', 'id_0000018', 'id_0000021')).toMatchObject({ decision: 'uncertain', rule: 'erratum-of' });
    expect(decide('haematology', 'id_0000057', 'id_0000063')).toMatchObject({ decision: 'uncertain', rule: 'erratum-of' });
    // Its own DOI does not veto it.
    expect(decide('digital_work', 'id_1005082', 'id_1005083')).toMatchObject({ decision: 'uncertain', rule: 'erratum-of' });
  });
  it('a Dissertation Abstracts International record and the thesis ("Ph.D." in the volume), labelled both ways (stroke)', () => {
    expect(decide('stroke', 'id_0000009', 'id_0000010')).toMatchObject({ decision: 'uncertain', rule: 'dissertation-thesis' });
    expect(decide('stroke', 'id_0000892', 'id_0000893')).toMatchObject({ decision: 'uncertain', rule: 'dissertation-thesis' });
  });
  it('the same long title again in another issue of the volume as a single page', () => {
    expect(decide('haematology', 'id_0000128', 'id_0000129')).toMatchObject({ decision: 'uncertain', rule: 'title-exact-other-issue' });
    expect(decide('haematology', 'id_0000706', 'id_0001374')).toMatchObject({ decision: 'uncertain', rule: 'title-exact-other-issue' });
  });
});

describe('an erratum the article\'s own record cites ("[Erratum appears in … 2010 Nov;85(11):911]")', () => {
  it('is merged with the article when it sits at the cited volume, issue and page', () => {
    expect(decide('haematology', 'id_0000161', 'id_0000162')).toMatchObject({ decision: 'same', rule: 'erratum-cited' });
    expect(decide('haematology', 'id_0000064', 'id_0000057')).toMatchObject({ decision: 'same', rule: 'erratum-cited' });
    // The notice indexed under the article's title without "Erratum" (v9 n9 p2205).
    expect(decide('haematology', 'id_0000117', 'id_0000807')).toMatchObject({ decision: 'same', rule: 'erratum-cited' });
    // A single-page notice in the cited issue, its page indexed loosely.
    expect(decide('haematology', 'id_0000175', 'id_0001173')).toMatchObject({ decision: 'same', rule: 'erratum-cited' });
  });
  it('not without the note, nor at another place, nor a correction in a later volume', () => {
    // No note on the article: a person decides.
    expect(decide('haematology', 'id_0000063', 'id_0000057')).toMatchObject({ decision: 'uncertain', rule: 'erratum-of' });
    // The note cites 9(9):2205; this notice is in issue 11.
    expect(decide('haematology', 'id_0000117', 'id_0000808').rule).not.toBe('erratum-cited');
    // Cited correctly, but two volumes later: labelled a record of its own (stroke).
    expect(decide('stroke', 'id_0000076', 'id_0000626').decision).toBe('different');
  });
  it('with the issue column set aside (a record counter), the cited volume and exact page still place the notice', () => {
    const counted = (id: string, index: number, issue: string) => ({ ...recordFeatures({ ...record('haematology', id), issue }, index), issue: undefined, setAside: ['issue'] });
    expect(comparePair(counted('id_0000064', 0, '64'), counted('id_0000057', 1, '57'))).toMatchObject({ decision: 'same', rule: 'erratum-cited [set aside: issue]' });
    // Without the issue a single page no longer stands for the cited one: 175 cites page 240, the notice is on page 19.
    expect(comparePair(counted('id_0000175', 0, '175'), counted('id_0001173', 1, '1173')).rule).not.toMatch(/^erratum-cited/);
  });
});

describe('an identical long title with the issue set aside', () => {
  const counted = (id: string, index: number) => ({ ...recordFeatures(record('haematology', id), index), issue: undefined, setAside: ['issue'] });
  it('a single page elsewhere in the volume by other authors is not merged (a reprinted notice)', () => {
    // 1355-1356 and 1598: first authors Melgar and Alonso; only their issues told the printings apart.
    expect(comparePair(counted('id_0000706', 0), counted('id_0001374', 1)).decision).not.toBe('same');
    expect(comparePair(counted('id_0001122', 0), counted('id_0001125', 1)).decision).not.toBe('same');
  });
});

describe('Embase "(multiple letters)": one record for a letter and its replies', () => {
  it('takes in the reply and the letter printed on its pages (haematology id_0000008, pages 943-945)', () => {
    // "… streptococcus - Reply", page 945, by an author listed in the letters record.
    expect(decide('haematology', 'id_0000008', 'id_0000039')).toMatchObject({ decision: 'same', rule: 'multiple-letters' });
    expect(decide('haematology', 'id_0000008', 'id_0000040')).toMatchObject({ decision: 'same', rule: 'multiple-letters' });
    // The letter itself, pages 943-944.
    expect(decide('haematology', 'id_0000008', 'id_0000009')).toMatchObject({ decision: 'same', rule: 'multiple-letters' });
  });
});

describe('a section heading before the title', () => {
  it('"How did it ... Upwork\'s CEO on how …" = "Upwork\'s CEO on how …" by the same author in the same magazine and year (digital_work id_2002950 / id_4002951)', () => {
    expect(decide('digital_work', 'id_2002950', 'id_4002951')).toMatchObject({ decision: 'same', rule: 'title-heading' });
  });
  it('words after a title are not a heading ("… Editorial Comment", haematology id_0000159 / id_0001138)', () => {
    expect(decide('haematology', 'id_0000159', 'id_0001138').decision).not.toBe('same');
  });
});

describe('compound family names', () => {
  it('"Fernandes Brenna" = "Brenna", initials permitting', () => {
    expect(sameAuthor(normaliseAuthor({ family: 'Fernandes Brenna', given: 'S M' })!, normaliseAuthor({ family: 'Brenna', given: 'S M' })!)).toBe(true);
    expect(sameAuthor(normaliseAuthor({ family: 'Candido Murta', given: 'E F' })!, normaliseAuthor({ family: 'Murta', given: 'E F' })!)).toBe(true);
    expect(sameAuthor(normaliseAuthor({ family: 'Fernandes Brenna', given: 'S M' })!, normaliseAuthor({ family: 'Brenna', given: 'A' })!)).toBe(false);
  });
});

describe('without page numbers, the issue is the place', () => {
  const noPages = (id: string, index: number) => recordFeatures({ ...record('haematology', id), pages: undefined }, index);
  it('a title inside the other, same first author, journal, year, volume and issue: the same record', () => {
    // "MEDICAL PROGRESS Atypical Hemolytic-Uremic Syndrome" / "Atypical hemolytic-uremic syndrome", both without pages.
    expect(comparePair(noPages('id_0000072', 0), noPages('id_0000073', 1))).toMatchObject({ decision: 'same', rule: 'title-issue' });
  });
  it('not in another issue of the volume', () => {
    const other = recordFeatures({ ...record('haematology', 'id_0000073'), pages: undefined, issue: '18' }, 1);
    expect(comparePair(noPages('id_0000072', 0), other).decision).not.toBe('same');
  });
});

describe("an editor's recurring heading is one record only at one place", () => {
  const withoutDoi = (dataset: string, id: string, index: number) => recordFeatures({ ...record(dataset, id), doi: undefined }, index);
  it('"Introduction to the Minitrack on …" of one conference a year apart, without DOIs (special_cases id_0000003 / id_0000004)', () => {
    expect(comparePair(withoutDoi('special_cases', 'id_0000003', 0), withoutDoi('special_cases', 'id_0000004', 1)))
      .toMatchObject({ decision: 'different', rule: 'heading-other-place' });
  });
  it('"Editorial Introduction" in two issues of one volume, pages 5-12 and 5-6, without DOIs (digital_work id_1006478 / id_1006479)', () => {
    expect(comparePair(withoutDoi('digital_work', 'id_1006478', 0), withoutDoi('digital_work', 'id_1006479', 1))).toMatchObject({ decision: 'different', rule: 'heading-other-place' });
  });
  it('with the issue set aside (a record counter) and no pages, "… - Editor\'s Comments" of one volume goes to a person', () => {
    const counted = (id: string, index: number) => ({ ...recordFeatures(record('digital_work', id), index), issue: undefined, setAside: ['issue'] });
    expect(comparePair(counted('id_1003361', 0), counted('id_1003362', 1))).toMatchObject({ decision: 'uncertain', rule: 'title-exact-short [set aside: issue]' });
  });
  it('an article whose title only mentions an editorial is no heading', () => {
    expect(isRecurringHeading(normaliseTitle('Editorial: marginal donors in pediatric solid organ transplantation')!.text)).toBe(false);
    expect(isRecurringHeading(normaliseTitle("Remarks from MIS Quarterly Editor - Editor's Comments")!.text)).toBe(true);
    expect(isRecurringHeading(normaliseTitle('Guest Editorial')!.text)).toBe(true);
  });
});

describe('another journal and another volume', () => {
  it('a meeting abstract and the paper, or one abstract in two journals, are two printings: not queued', () => {
    // Circulation 124(21) 2011 and European Heart Journal 33, 2012, the title spelt two ways (stroke id_0000630 / id_0001234).
    expect(decide('stroke', 'id_0000630', 'id_0001234')).toMatchObject({ decision: 'different', rule: 'title-differs' });
    // The same title and authors in two journals' volumes of one year (cytology_screening id_0001572 / id_0001573).
    expect(decide('cytology_screening', 'id_0001572', 'id_0001573')).toMatchObject({ decision: 'different', rule: 'title-differs' });
  });
  it('another volume of the same journal is still for a person (a supplement against an issue)', () => {
    // British Journal of Haematology 129 (Suppl. 1) and 128 (3), pages blanked (haematology id_0001262 / id_0001263).
    const noPages = (id: string, index: number) => recordFeatures({ ...record('haematology', id), pages: undefined }, index);
    expect(comparePair(noPages('id_0001262', 0), noPages('id_0001263', 1))).toMatchObject({ decision: 'uncertain', rule: 'title-similar' });
  });
});

describe('an accent lost to "?" by a lossy export', () => {
  it('"Mu?oz" = "Muñoz" = "Munoz", "Syrj?nen" = "Syrjänen"; not another name of the length', () => {
    const key = (family: string, given: string) => normaliseAuthor({ family, given })!;
    expect(sameAuthor(key('Mu?oz', 'N'), key('Muñoz', 'N'))).toBe(true);
    expect(sameAuthor(key('Mu?oz', 'N'), key('Munoz', 'N.'))).toBe(true);
    expect(sameAuthor(key('Syrj?nen', 'K'), key('Syrjänen', 'K'))).toBe(true);
    expect(sameAuthor(key('Mu?oz', 'N'), key('Mufoz', 'A'))).toBe(false);
    expect(sameAuthor(key('Mu?oz', 'N'), key('Moroz', 'N'))).toBe(false);
    // A "?" that ends a name is punctuation, not a letter.
    expect(normaliseAuthor({ family: 'Smith?', given: 'J' })!.family).toBe('smith');
  });
});

describe("a supplement's roman number before the page", () => {
  it('"viii108" = "108" and "ii16" = "16", as "S12" = "12"; two supplements\' pages stay apart', () => {
    expect(samePage('viii108', '108')).toBe(true);
    expect(samePage('ii16', '16')).toBe(true);
    expect(samePage('s12', '12')).toBe(true);
    expect(samePage('ii16', 'i16')).toBe(false);
    expect(samePage('viii108', '109')).toBe(false);
  });
});
