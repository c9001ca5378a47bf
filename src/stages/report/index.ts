/**
 * `review report`: the included-sources table (CSV, Markdown, xlsx), the split by route (databases vs
 * hand search), a country chart, and copies of the extraction summaries and the PRISMA diagram, in
 * stages/report/. Reads the dedupe, full-text, extract and prisma outputs (the included set is the
 * "included" state of stages/prisma/record-states.csv); extraction is optional.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../project/config.js';
import { configInputs } from '../../project/config-parts.js';
import type { ProjectPaths } from '../../project/paths.js';
import { commitStage, type StageOutput } from '../../project/stage-writer.js';
import { writeCsv } from '../../sheets/csv.js';
import { writeWorkbook } from '../../sheets/xlsx.js';
import { countryBarChart, countrySubtitle } from '../shared/country-chart.js';
import { ARTIFACTS, artifactFile, readArtifact, readArtifactIfAny } from '../shared/artifacts.js';
import { includedRecordIds } from '../shared/record-states.js';
import { reportMarkdown, tableMarkdown } from './markdown.js';
import { reportStage } from './stage.js';
import { automationExcludedFile, automationMethodsText, automationSummary, loadAutomationExcluded } from '../shared/automation-excluded.js';
import { countryCounts, INCLUDED_COLUMNS, includedTable, type IncludedRow } from './table.js';

export const REPORT_STAGE = reportStage.name;

export interface ReportSummary {
  included: number;
  byRoute: { databases: number; 'hand search': number };
  countries: number;
  extracted: number;
  copied: string[];
  outputs: string[];
  changed: string[];
}

function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

export async function runReport(paths: ProjectPaths): Promise<ReportSummary> {
  const config = loadConfig(paths);
  const records = readArtifact(paths, ARTIFACTS.uniqueRecords);
  // The included set is PRISMA's "included" box (stages/prisma/record-states.csv), so the table and the flow cannot disagree.
  const included = includedRecordIds(paths);
  const decisions = readArtifact(paths, ARTIFACTS.fulltextDecisions).filter((d) => included.has(d.record_id));
  const extractionRows = readArtifactIfAny(paths, ARTIFACTS.extraction);
  const extraction = { rows: extractionRows ?? [], file: extractionRows ? artifactFile(paths, ARTIFACTS.extraction) : undefined };
  const rows = includedTable(records, decisions, extraction.rows, config.extraction);
  const byRoute = { databases: rows.filter((r) => r.route === 'databases').length, 'hand search': rows.filter((r) => r.route === 'hand search').length };
  const countries = countryCounts(rows);
  const inputs = [
    ...configInputs(paths, reportStage.reads), artifactFile(paths, ARTIFACTS.uniqueRecords), artifactFile(paths, ARTIFACTS.fulltextDecisions),
    artifactFile(paths, ARTIFACTS.recordStates), ...(extraction.file ? [extraction.file] : []),
  ];

  // The 5W summaries and the flow diagram are copied as they are: the report gathers, it does not recompute.
  const copies: StageOutput[] = [];
  const summaryDir = artifactFile(paths, ARTIFACTS.extractionSummaries);
  for (const name of filesUnder(summaryDir)) {
    const from = join(summaryDir, name);
    inputs.push(from);
    copies.push({ name: `5w/${name}`, content: readFileSync(from) });
  }
  for (const name of ['flow.svg', 'flow.md'] satisfies (typeof ARTIFACTS.prismaFlow.names)[number][]) {
    const from = join(artifactFile(paths, ARTIFACTS.prismaFlow), name);
    if (!existsSync(from)) continue;
    inputs.push(from);
    copies.push({ name: `prisma-${name}`, content: readFileSync(from) });
  }

  const outputs: StageOutput[] = [
    { name: 'included-sources.csv', content: writeCsv(INCLUDED_COLUMNS, rows as unknown as Record<string, unknown>[]) },
    { name: 'included-sources.md', content: tableMarkdown(config.title, rows) },
    { name: 'included-sources.xlsx', content: await includedWorkbook(rows) },
    { name: 'routes.csv', content: writeCsv(['route', 'n'], [{ route: 'databases', n: byRoute.databases }, { route: 'hand search', n: byRoute['hand search'] }, { route: 'total', n: rows.length }]) },
    { name: 'countries.csv', content: writeCsv(['country', 'n'], countries.map((c) => ({ country: c.label, n: c.n }))) },
    {
      name: 'countries.svg',
      content: countryBarChart(countries, 'Included sources by country', `${countrySubtitle(rows.length, countries, 'included source')}${extraction.rows.length ? '' : '; country not extracted yet'}`),
    },
    ...copies,
  ];
  // Screening stopped by the team's rule: the methods say how the unscreened records were set aside.
  const automation = loadAutomationExcluded(paths);
  const automationFigures = automation ? automationSummary(automation) : undefined;
  if (automation) inputs.push(automationExcludedFile(paths));
  outputs.push({
    name: 'report.md',
    content: reportMarkdown({
      title: config.title, rows, byRoute, countries, copied: copies.map((c) => c.name), extracted: extraction.rows.length,
      screeningMethods: automationFigures ? automationMethodsText(automationFigures) : undefined,
    }),
  });
  const commit = commitStage(paths, {
    stage: REPORT_STAGE,
    outputs,
    inputs,
    parameters: {},
    summary: { included: rows.length, databases: byRoute.databases, handSearch: byRoute['hand search'], countries: countries.length },
  });
  return {
    included: rows.length, byRoute, countries: countries.length, extracted: extraction.rows.length,
    copied: copies.map((c) => `stages/${REPORT_STAGE}/${c.name}`),
    outputs: outputs.map((o) => `stages/${REPORT_STAGE}/${o.name}`), changed: commit.changed,
  };
}

async function includedWorkbook(rows: readonly IncludedRow[]): Promise<Buffer> {
  const widths: Record<string, number> = { first_author: 18, authors: 30, year: 7, country: 14, title: 60, publication_type: 20, route: 12, source: 18, doi: 26, record_id: 16 };
  return writeWorkbook({
    sheets: [{
      name: 'Included sources',
      columns: INCLUDED_COLUMNS.map((key) => ({ key, header: key.replace(/_/g, ' '), width: widths[key] ?? 14, wrap: key === 'title' || key === 'authors', locked: true })),
      rows: rows.map((r) => ({ ...r })),
    }],
  });
}
