/**
 * Two import gaps closed for every format: a PMID given only in a link (Ovid's MEDLINE link, a PubMed
 * or Europe PMC URL, an OpenURL), and inline markup that used to split words ("CO 2").
 */
import { describe, expect, it } from 'vitest';
import { stripMarkup, squash } from '../../src/formats/common/fields.js';
import { pmidFromUrl } from '../../src/formats/common/pubmed-url.js';
import { detectFormat } from '../../src/formats/index.js';

function parse(text: string, fileName: string) {
  const { plugin } = detectFormat(text, fileName);
  return { format: plugin.id, records: plugin.parse(text).records };
}

describe('pmidFromUrl', () => {
  it.each([
    ['https://pubmed.ncbi.nlm.nih.gov/33245809/', '33245809'],
    ['https://www.ncbi.nlm.nih.gov/pubmed/12345678', '12345678'],
    ['http://ncbi.nlm.nih.gov/pubmed/12345678?dopt=Abstract', '12345678'],
    ['https://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=9876543&dopt=Abstract', '9876543'],
    ['http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=medl&NEWS=N&AN=12345678', '12345678'],
    ['http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=prem&NEWS=N&AN=23456789', '23456789'],
    ['https://resolver.example.edu/openurl?sid=OVID:medline&id=pmid:34567890&id=doi:10.1/x', '34567890'],
    ['https://sfx.example.org/sfx?genre=article&PMID=45678901', '45678901'],
    ['https://link.example.org/?rft_id=info:doi/10.1/x&rft_id=info:pmid/56789012', '56789012'],
    ['https://europepmc.org/article/MED/30144191', '30144191'],
  ])('%s names PMID %s', (url, pmid) => {
    expect(pmidFromUrl(url)).toBe(pmid);
  });

  it.each([
    // Accession numbers of other databases in the same places.
    'http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=psyc16&NEWS=N&AN=2019-65183-001',
    'http://ovidsp.ovid.com/ovidweb.cgi?T=JS&CSC=Y&NEWS=N&PAGE=fulltext&D=caba6&AN=20193012345',
    'https://search.ebscohost.com/login.aspx?direct=true&db=psyh&AN=2022-96522-001&site=ehost-live',
    'https://search.ebscohost.com/login.aspx?direct=true&db=mdc&AN=12345678&site=ehost-live',
    'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7756398',
    'https://pubmed.ncbi.nlm.nih.gov/?term=outreach',
    'https://doi.org/10.1093/pubmed/fdy164',
    'https://europepmc.org/article/PMC/PMC7756398',
    'pubmed.ncbi.nlm.nih.gov/12345678',
    'https://[broken',
  ])('%s names no PMID', (url) => {
    expect(pmidFromUrl(url)).toBeUndefined();
  });
});

const PUBMED = 'https://www.ncbi.nlm.nih.gov/pubmed/12345678';
const OVID = 'http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=medl&NEWS=N&AN=12345678';

describe('a PMID only in a link, in every format with links', () => {
  it.each([
    ['Ovid RIS (L2)', 'ovid.ris', `TY  - JOUR\nTI  - A title\nUR  - https://example.org/x\nL2  - ${OVID}\nER  - \n`],
    ['RIS (UR)', 'export.ris', `TY  - JOUR\nTI  - A title\nUR  - ${PUBMED}\nER  - \n`],
    ['Rayyan CSV (url)', 'articles.csv', `key,title,authors,notes,pubmed_id,url\nrayyan-1,A title,"Smith, J",,,${PUBMED}\n`],
    ['generic CSV (link)', 'list.csv', `title,link\nA title,https://pubmed.ncbi.nlm.nih.gov/12345678/\n`],
    ['BibTeX (url)', 'refs.bib', `@article{k,\n  title = {A title},\n  url = {https://pubmed.ncbi.nlm.nih.gov/12345678/}\n}\n`],
    ['EndNote XML (urls)', 'refs.xml', `<?xml version="1.0"?><xml><records><record><titles><title>A title</title></titles><urls><related-urls><url>${PUBMED}</url></related-urls></urls></record></records></xml>`],
    ['EndNote tagged (%U)', 'refs.enw', `%0 Journal Article\n%T A title\n%A Smith, J\n%U ${PUBMED}\n`],
    ['RefWorks (UL)', 'refs.txt', `RT Journal Article\nT1 A title\nA1 Smith, J\nUL ${PUBMED}\n`],
    ['Ovid tagged (XL)', 'ovid.txt', `<1. >\nTI  - A title\nAU  - Smith J\nXL  - ${OVID}\n`],
  ])('%s', (_what, fileName, text) => {
    const { records } = parse(text, fileName);
    expect(records).toHaveLength(1);
    expect(records[0]?.pmid).toBe('12345678');
  });

  it('never replaces a PMID the record gives', () => {
    const { records } = parse(`TY  - JOUR\nTI  - A title\nAN  - 11111111\nDP  - NLM\nUR  - ${PUBMED}\nER  - \n`, 'export.ris');
    expect(records[0]?.pmid).toBe('11111111');
  });

  it('does not read a PMID from an abstract or a note', () => {
    const { records } = parse(`TY  - JOUR\nTI  - A title\nAB  - See ${PUBMED}\nN1  - ${PUBMED}\nER  - \n`, 'export.ris');
    expect(records[0]?.pmid).toBeUndefined();
  });
});

describe('inline markup', () => {
  it.each([
    ['CO<sub>2</sub> uptake', 'CO2 uptake'],
    ['YBa<inf>2</inf>Cu<inf>3</inf>O<inf>7</inf>', 'YBa2Cu3O7'],
    ['δ<sup>13</sup>C and Ca<sup>2+</sup>', 'δ13C and Ca2+'],
    ['<i>Lemur catta</i>, a study', 'Lemur catta, a study'],
    ['the <it>in vivo</it> case', 'the in vivo case'],
    ['H<jats:sub>2</jats:sub>O', 'H2O'],
    ['<p>First.</p><p>Second.</p>', 'First. Second.'],
    ['influence.<bold>Design and Methods: </bold>Gambling', 'influence. Design and Methods: Gambling'],
    ['line<br/>break', 'line break'],
  ])('%j → %j', (value, expected) => {
    expect(squash(stripMarkup(value))).toBe(expected);
  });

  it.each([
    ['RIS', 'export.ris', 'TY  - JOUR\nTI  - CO<sub>2</sub> uptake in leaves\nER  - \n'],
    ['CSV', 'list.csv', 'title,year\nCO<sub>2</sub> uptake in leaves,2020\n'],
    ['BibTeX (WoS writes HTML into it)', 'refs.bib', '@article{k,\n  title = {CO<sub>2</sub> uptake in leaves}\n}\n'],
  ])('%s titles keep "CO2" whole', (_what, fileName, text) => {
    expect(parse(text, fileName).records[0]?.title).toBe('CO2 uptake in leaves');
  });
});
