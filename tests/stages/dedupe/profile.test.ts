/** Field profiling per source: junk fields set aside before matching, container DOIs not used as evidence. */
import { describe, expect, it } from 'vitest';
import { recordFromRow } from '../../../bench/dedupe-data.js';
import type { ImportedRecord } from '../../../src/model/record.js';
import { recordFeatures } from '../../../src/stages/dedupe/features.js';
import { planDedupe } from '../../../src/stages/dedupe/plan.js';
import { applyFieldProfile, containerDois, profileFields, weighFields } from '../../../src/stages/dedupe/profile.js';

const TOPICS = ['atrial fibrillation', 'ischaemic stroke', 'sickle cell disease', 'cervical cytology', 'haemophilia A', 'venous thromboembolism'];
const DESIGNS = ['A randomised controlled trial of', 'Long-term outcomes of', 'Cost-effectiveness of', 'A cohort study of', 'Quality of life after'];
const FAMILIES = ['Nguyen', 'Schmidt', 'Okafor', 'Larsen', 'Tanaka', 'Moreau', 'Silva', 'Kowalski', 'Haddad', 'Olsen', 'Ferreira'];

/** 30 conference abstracts (no volume or pages), each exported twice by a source whose issue column counts the records. */
function counterSource(): ImportedRecord[] {
  const rows: Record<string, string>[] = [];
  for (let k = 0; k < 30; k++) {
    const title = `${DESIGNS[k % DESIGNS.length]} early treatment in ${TOPICS[k % TOPICS.length]}: results from centre ${k + 1}`;
    const author = `${FAMILIES[k % FAMILIES.length]}, A. and ${FAMILIES[(k + 3) % FAMILIES.length]}, B. K.`;
    rows.push({ ID: `a${k}`, title, author, year: '2019', journal: 'Blood' }, { ID: `b${k}`, title, author, year: '2019', journal: 'Blood' });
  }
  return rows.map((r, i) => recordFromRow({ ...r, number: String(1000 + i) }, i, 'Web of Science', 'exports/wos.txt'));
}

describe('profileFields', () => {
  it('sets aside an issue column that is distinct in every record of a source', () => {
    const decisions = profileFields(counterSource().map((r, i) => recordFeatures(r, i)));
    expect(decisions.find((d) => d.field === 'issue')).toMatchObject({
      source: 'Web of Science', present: 60, distinct: 60, decision: 'set aside', reason: 'looks like a record counter (60 distinct values in 60 records)',
    });
    expect(decisions.filter((d) => d.decision === 'set aside').map((d) => d.field)).toEqual(['issue']);
  });

  it('keeps issue numbers that repeat, and judges no field of a small source by its distinct values', () => {
    const repeating = counterSource().map((r, i) => ({ ...r, issue: String((i % 12) + 1) }));
    expect(profileFields(repeating.map((r, i) => recordFeatures(r, i))).every((d) => d.decision === 'evidence')).toBe(true);
    expect(profileFields(counterSource().slice(0, 20).map((r, i) => recordFeatures(r, i))).every((d) => d.decision === 'evidence')).toBe(true);
  });
});

describe('fields weighed by confident matches (too few values to profile)', () => {
  // 12 records, 6 articles each exported twice: too few values for distinctness to mean anything.
  const small = (issue: (i: number) => string): ImportedRecord[] => counterSource().slice(0, 12).map((r, i) => ({ ...r, issue: issue(i) }));

  it('an issue column that disagrees in every confident match, as in random pairs, is set aside: exact-title pairs merge', () => {
    const plan = planDedupe(small((i) => String(i + 1)), { sourceOrder: ['Web of Science'] });
    expect(plan.fieldDecisions.find((d) => d.field === 'issue')).toMatchObject({
      decision: 'set aside', present: 12, distinct: 12,
      reason: 'disagrees in 6 of 6 confident matches (the same DOI, or the same title of 6 words or more by the same first author in the same year), about as often as random pairs of records (100 %)',
    });
    expect(plan.unique).toHaveLength(6);
    expect(plan.queue).toHaveLength(0);
  });

  it('an issue column the matches agree on stays evidence', () => {
    const features = small((i) => String(Math.floor(i / 2) + 1)).map((r, i) => recordFeatures(r, i));
    expect(weighFields(features).find((w) => w.field === 'issue')).toMatchObject({ matches: 6, disagree: 0, noEvidence: false });
    expect(applyFieldProfile(features).every((d) => d.decision === 'evidence')).toBe(true);
  });

  it('blames the source whose matches disagree, not the one it is matched with', () => {
    // Source B's issue numbers the records; A's are real. Every A–B match disagrees, A–A matches agree.
    // Records 4k and 4k+1 are one article exported by A and B, 4k+2 and 4k+3 one exported twice by A.
    const sourceOf = (i: number): string => (i % 4 === 1 ? 'B' : 'A');
    const records = counterSource().slice(0, 24).map((r, i) => ({
      ...r, issue: sourceOf(i) === 'A' ? String((Math.floor(i / 2) % 5) + 1) : String(100 + i),
      provenance: { ...r.provenance, source: sourceOf(i) },
    }));
    const decisions = applyFieldProfile(records.map((r, i) => recordFeatures(r, i)));
    expect(decisions.filter((d) => d.decision === 'set aside').map((d) => `${d.source} ${d.field}`)).toEqual(['B issue']);
  });

  it('an issue column that is a record counter does not keep exact-title pairs apart', () => {
    const plan = planDedupe(counterSource(), { sourceOrder: ['Web of Science'] });
    expect(plan.unique).toHaveLength(30);
    expect(plan.queue).toHaveLength(0);
    expect(plan.fieldDecisions.find((d) => d.field === 'issue')?.decision).toBe('set aside');
    expect(new Set(plan.duplicates.map((d) => d.rule))).toEqual(new Set(['title-exact [set aside: issue]']));
  });
});

describe('short titles with the issue set aside', () => {
  it('a recurring column ("Editor\'s Comments") in one volume is not merged when only the set-aside issue told its issues apart', () => {
    const column = (i: number): Record<string, string> => ({ ID: `col${i}`, title: 'Editor\'s Comments', author: 'Weber, R.', year: '2003', journal: 'MIS Quarterly', volume: '27' });
    const records = [...counterSource(), ...[0, 1, 2].map((i) => recordFromRow({ ...column(i), number: String(5000 + i) }, 100 + i, 'Web of Science', 'exports/wos.txt'))];
    const plan = planDedupe(records, { sourceOrder: ['Web of Science'] });
    expect(plan.fieldDecisions.find((d) => d.field === 'issue')?.decision).toBe('set aside');
    const columns = plan.duplicates.filter((d) => d.source_record_id.startsWith('col'));
    expect(new Set(columns.map((d) => d.cluster_id)).size).toBe(3);
    // Still the 30 exact-title pairs of longer titles merge.
    expect(plan.unique).toHaveLength(33);
  });
});

describe('container DOIs', () => {
  // Two abstracts of one meeting supplement: the supplement's DOI and page range, overlapping co-authors.
  const supplement = { journal: 'Haematologica', year: '2015', volume: '100', number: 'Suppl 1', pages: 'S1-S812', doi: '10.3324/haematol.2015.suppl1' };
  const a = recordFromRow({ ID: 's1', title: 'Eltrombopag in chronic immune thrombocytopenia: a single-centre experience', author: 'Rossi, M. and Bianchi, L. and Conti, G.', ...supplement }, 0, 'Embase', 'exports/embase.ris');
  const b = recordFromRow({ ID: 's2', title: 'Iron chelation adherence in transfusion-dependent thalassaemia major', author: 'Greco, P. and Bianchi, L. and Conti, G.', ...supplement }, 1, 'Embase', 'exports/embase.ris');

  it('two records of one supplement sharing its DOI and page range, not their titles or first authors, are never merged', () => {
    const plan = planDedupe([a, b], { sourceOrder: ['Embase'] });
    expect(plan.unique).toHaveLength(2);
    expect(plan.pairs.every((p) => p.merged === 'false' && p.rule.endsWith(' [set aside: container doi]'))).toBe(true);
    expect(plan.fieldDecisions.find((d) => d.field === 'doi')?.reason).toMatch(/^2 records carry a DOI shared with records of other titles/);
  });

  it('a DOI shared by one article exported twice is the article\'s', () => {
    const again = recordFromRow({ ID: 's3', title: 'Eltrombopag in chronic immune thrombocytopenia: a single-centre experience.', author: 'Rossi, M.', ...supplement }, 2, 'MEDLINE', 'exports/m.nbib');
    expect(containerDois([a, again].map((r, i) => recordFeatures(r, i))).size).toBe(0);
    expect(containerDois([a, b, again].map((r, i) => recordFeatures(r, i)))).toEqual(new Map([['10.3324/haematol.2015.suppl1', 3]]));
  });
});
