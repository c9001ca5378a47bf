/**
 * Writing RIS: a record's bibliographic fields as tagged lines ("TAG  - value"), one value per line,
 * each record closed by "ER  - " and a blank line. What the RIS reader (src/formats/ris.ts) maps back
 * to the same fields. Never neutralised: RIS is read by reference tools, which evaluate nothing.
 */
import { authorName, type BibFields, type RecordType } from '../../model/record.js';

/** One record as RIS tags in file order; an empty or undefined value writes no line. */
export type RisTags = readonly (readonly [tag: string, value: string | number | undefined])[];

const RIS_TYPES: Record<RecordType, string> = {
  article: 'JOUR', review: 'JOUR', book: 'BOOK', chapter: 'CHAP', conference: 'CONF', thesis: 'THES', report: 'RPRT', web: 'ELEC',
  dataset: 'DATA', preprint: 'JOUR', patent: 'PAT', other: 'GEN',
};

/**
 * The tags of a record: type, `id` in AN (a tool that keeps AN as its key gives it back), title,
 * authors, year, journal, volume, issue, pages, ISSNs, DOI, URL, abstract, keywords.
 */
export function risTags(record: Partial<BibFields>, id?: string): RisTags {
  return [
    ['TY', RIS_TYPES[record.type ?? 'other']],
    ['AN', id],
    ['TI', record.title],
    ...(record.authors ?? []).map((a) => ['AU', authorName(a)] as const),
    ['PY', record.year],
    ['T2', record.journal],
    ['VL', record.volume],
    ['IS', record.issue],
    ['SP', record.pages],
    ...(record.issn ?? []).map((s) => ['SN', s] as const),
    ['DO', record.doi],
    ['UR', record.url],
    ['AB', record.abstract],
    ...(record.keywords ?? []).map((k) => ['KW', k] as const),
  ];
}

/** RIS text of the records (LF line ends, each record followed by a blank line but the last). */
export function writeRis(records: readonly RisTags[]): string {
  const lines: string[] = [];
  for (const tags of records) {
    for (const [tag, value] of tags) {
      if (value === undefined || value === '') continue;
      lines.push(`${tag}  - ${oneLine(String(value))}`);
    }
    lines.push('ER  - ', '');
  }
  return lines.join('\n');
}

/**
 * Each run of white space that holds a line break becomes one space (RIS has no line break inside a
 * value). A loop, not the regex `\s*[\r\n]+\s*`, which backtracks quadratically over a long run of
 * spaces without a line break.
 */
export function oneLine(value: string): string {
  const space = (i: number): boolean => /\s/.test(value[i] as string);
  let out = '';
  let kept = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    let start = i;
    while (start > kept && space(start - 1)) start--;
    let end = i + 1;
    while (end < value.length && space(end)) end++;
    out += `${value.slice(kept, start)} `;
    kept = end;
    i = end - 1;
  }
  return out + value.slice(kept);
}
