/** The report's Markdown: the included-sources table and a one-page overview linking the other files. */
import type { IncludedRow } from './table.js';
import { count } from '../shared/plural.js';

const NO_TITLE = '*(title not known)*';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function tableMarkdown(title: string, rows: readonly IncludedRow[]): string {
  const lines = [
    `# Included sources: ${cell(title)}`,
    '',
    `${count(rows.length, 'source')}, sorted by first author.`,
    '',
    '| # | First author | Year | Country | Title | Publication type | Route |',
    '|---:|---|---|---|---|---|---|',
    ...rows.map((r, i) => `| ${i + 1} | ${cell(r.first_author)} | ${r.year} | ${cell(r.country)} | ${r.title ? cell(r.title) : NO_TITLE} | ${cell(r.publication_type)} | ${r.route} |`),
    '',
  ];
  return lines.join('\n');
}

export function reportMarkdown(parts: {
  title: string;
  rows: readonly IncludedRow[];
  byRoute: { databases: number; 'hand search': number };
  countries: readonly { label: string; n: number }[];
  copied: readonly string[];
  extracted: number;
  /** How title/abstract screening was ordered and stopped, when the team stopped by its rule. */
  screeningMethods?: string | undefined;
}): string {
  const { rows, byRoute } = parts;
  const lines = [
    `# Report: ${cell(parts.title)}`,
    '',
    `**${count(rows.length, 'included source')}**: ${byRoute.databases} from database searches, ${byRoute['hand search']} from hand search (other methods).`,
    '',
    '| Route | n |',
    '|---|---:|',
    `| databases | ${byRoute.databases} |`,
    `| hand search | ${byRoute['hand search']} |`,
    `| total | ${rows.length} |`,
    '',
    ...(parts.screeningMethods ? ['## Methods: title/abstract screening', '', cell(parts.screeningMethods), ''] : []),
    '## Files',
    '',
    '- `included-sources.csv`, `included-sources.md`, `included-sources.xlsx`: the included sources, sorted by first author',
    '- `countries.svg`, `countries.csv`: included sources by country',
    ...(parts.copied.includes('prisma-flow.svg') ? ['- `prisma-flow.svg`, `prisma-flow.md`: the PRISMA-ScR flow (copied from stages/prisma)'] : ['- PRISMA flow: not yet computed (`review prisma`)']),
    ...(parts.copied.some((c) => c.startsWith('5w/')) ? ['- `5w/`: the 5W and codebook summaries (copied from stages/extract/summary)'] : ['- 5W summaries: not yet made (`review extract summary`)']),
    '',
    '## Countries',
    '',
    parts.extracted ? '' : 'Country comes from the extraction, which has not been collected yet.',
    '| Country | n |',
    '|---|---:|',
    ...parts.countries.map((c) => `| ${cell(c.label)} | ${c.n} |`),
    '',
  ];
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}
