/**
 * Extraction stage I/O: `runExtractSheet` writes the sheet(s) for every included source;
 * `runExtractCollect` copies returned sheets into decisions/extract/ and rebuilds
 * extraction.jsonl/.csv from every sheet there (no files = rebuild only, for `review run`);
 * `runExtractSummary` writes counts, cross-tabulations and the country chart.
 */
import { EXTRACTION_CSV_LEAD_COLUMNS, EXTRACTION_DISCREPANCY_COLUMNS, ExtractionRowSchema, type ExtractionConfig, type ExtractionRow } from '../../model/extraction.js';
import { configInputs } from '../../project/config-parts.js';
import { loadConfig } from '../../project/config.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import type { StageOutput } from '../../project/stage-writer.js';
import { writeCsv } from '../../sheets/csv.js';
import { readWorkbookFile, writeWorkbook } from '../../sheets/xlsx.js';
import { commitPart } from '../shared/commit-part.js';
import { ARTIFACTS, artifactFile, artifactName, artifactOutput, readArtifact } from '../shared/artifacts.js';
import { extractStage } from './stage.js';
import { copyReturned, listReturned, unreadableReturned } from '../../project/returned-files.js';
import { countryBarChart, countrySubtitle } from '../shared/country-chart.js';
import { formatValue } from './codebook.js';
import { combineExtraction } from './combine.js';
import { EXTRACT_STAGE, extractSheets, includedSources, requireCodebook, type IncludedSource } from './plan.js';
import { EXTRACT_SHEET_NAME, extractionWorkbook } from './sheet.js';
import { countsCsvRows, crossCsvRows, ROUTES, summarise, summaryMarkdown } from './summary.js';
import { validateExtractSheet, type ExtractedRow } from './validate.js';

interface Current {
  codebook: ExtractionConfig;
  sources: IncludedSource[];
  inputs: string[];
}

function current(paths: ProjectPaths): Current {
  const config = loadConfig(paths);
  const codebook = requireCodebook(config.extraction);
  const sources = includedSources(readArtifact(paths, ARTIFACTS.uniqueRecords), readArtifact(paths, ARTIFACTS.fulltextDecisions));
  return { codebook, sources, inputs: [...configInputs(paths, extractStage.reads), artifactFile(paths, ARTIFACTS.uniqueRecords), artifactFile(paths, ARTIFACTS.fulltextDecisions)] };
}

export async function runExtractSheet(paths: ProjectPaths): Promise<{ sheets: string[]; sources: number; codebookVersion: string }> {
  const { codebook, sources, inputs } = current(paths);
  const outputs: StageOutput[] = [];
  const plans = extractSheets(codebook);
  for (const p of plans) outputs.push({ name: p.file, content: await writeWorkbook(extractionWorkbook(codebook, sources, p)) });
  commitPart(paths, {
    stage: EXTRACT_STAGE, part: 'sheet', outputs, inputs, owns: ['sheet.xlsx', 'sheets/'],
    parameters: { codebookVersion: codebook.version, extractionsPerRecord: codebook.extractionsPerRecord, extractors: codebook.extractors },
    summary: { sources: sources.length },
  });
  return { sheets: plans.map((p) => paths.rel(paths.stageFile(EXTRACT_STAGE, p.file))), sources: sources.length, codebookVersion: codebook.version };
}

export interface ExtractCollectResult {
  collected: string[];
  sources: number;
  extracted: number;
  discrepant: number;
  pending: string[];
  discrepancies: number;
}

async function readReturned(file: string, label: string, cur: Current): Promise<{ rows: ExtractedRow[]; problems: string[] }> {
  let wb;
  try {
    wb = await readWorkbookFile(file);
  } catch (error) {
    return { rows: [], problems: [`${label}: not a readable .xlsx workbook (${(error as Error).message}); return the sheet as an Excel file`] };
  }
  const tab = wb.sheets.find((s) => s.name === EXTRACT_SHEET_NAME);
  const included = new Set(cur.sources.map((s) => s.record.id));
  const r = validateExtractSheet({ label, meta: wb.meta, header: tab?.header, rows: tab?.rows ?? [] }, cur.codebook, included);
  return { rows: r.rows, problems: r.problems };
}

export async function runExtractCollect(paths: ProjectPaths, files: readonly string[] = []): Promise<ExtractCollectResult> {
  const cur = current(paths);
  const newProblems: string[] = [];
  // Loops, not push(...list): a spread of a sheet's worth of items overflows the call stack.
  for (const f of files) for (const p of (await readReturned(f, f, cur)).problems) newProblems.push(p);
  // Spreadsheets in decisions/extract/ that this stage cannot read are refused before anything is copied.
  for (const p of unreadableReturned(paths, 'extract')) newProblems.push(p);
  if (newProblems.length) throw new UserError(`${newProblems.length} problem(s) in the returned sheet(s); nothing was collected`, 1, newProblems);
  const collected = copyReturned(paths, 'extract', files).map((f) => paths.rel(f));
  const all = listReturned(paths, 'extract');
  const rows: ExtractedRow[] = [];
  const problems: string[] = [];
  for (const f of all) {
    const r = await readReturned(f, paths.rel(f), cur);
    for (const row of r.rows) rows.push(row);
    for (const p of r.problems) problems.push(p);
  }
  if (problems.length) throw new UserError(`${problems.length} problem(s) in decisions/${EXTRACT_STAGE}/; fix or replace those sheets and collect again`, 1, problems);
  const outcome = combineExtraction(cur.codebook, cur.sources, rows);
  const fieldIds = cur.codebook.fields.map((f) => f.id);
  const csv = writeCsv([...EXTRACTION_CSV_LEAD_COLUMNS, ...fieldIds, 'note'], outcome.rows.map((r) => ({
    record_id: r.record_id, codebook_version: r.codebook_version, route: r.route, source: r.source, extractors: r.extractors.join(';'), status: r.status,
    ...Object.fromEntries(fieldIds.map((id) => [id, formatValue(r.values[id])])), note: r.note,
  })));
  const outputs: StageOutput[] = [
    artifactOutput(ARTIFACTS.extraction, outcome.rows.map((r) => ExtractionRowSchema.parse(r))),
    { name: 'extraction.csv', content: csv },
  ];
  if (cur.codebook.extractionsPerRecord === 2) outputs.push({ name: 'discrepancies.csv', content: writeCsv(EXTRACTION_DISCREPANCY_COLUMNS, outcome.discrepancies) });
  const result: ExtractCollectResult = {
    collected,
    sources: outcome.rows.length,
    extracted: outcome.rows.filter((r) => r.status === 'extracted').length,
    discrepant: outcome.rows.filter((r) => r.status === 'discrepant').length,
    pending: outcome.rows.filter((r) => r.status === 'pending').map((r) => r.record_id),
    discrepancies: outcome.discrepancies.length,
  };
  commitPart(paths, {
    stage: EXTRACT_STAGE, part: 'collect', outputs, inputs: [...cur.inputs, ...all], owns: ['extraction.jsonl', 'extraction.csv', 'discrepancies.csv'],
    parameters: { codebookVersion: cur.codebook.version, files: all.map((f) => paths.rel(f)) },
    summary: { sources: result.sources, extracted: result.extracted, discrepant: result.discrepant, pending: result.pending.length },
  });
  return result;
}

export function loadExtraction(paths: ProjectPaths): ExtractionRow[] {
  return readArtifact(paths, ARTIFACTS.extraction);
}

export async function runExtractSummary(paths: ProjectPaths): Promise<{ sources: number; outputs: string[] }> {
  const codebook = requireCodebook(loadConfig(paths).extraction);
  const rows = loadExtraction(paths);
  const s = summarise(codebook, rows);
  const bars = s.countries.map((c) => ({ label: c.country, n: c.n }));
  const outputs: StageOutput[] = [
    { name: 'summary/counts.csv', content: writeCsv(['field', 'value', 'n', 'percent'], countsCsvRows(s)) },
    { name: 'summary/by-route.csv', content: writeCsv(['field', 'value', ...ROUTES, 'total'], crossCsvRows(s.crossByRoute, ROUTES)) },
    ...(s.formField ? [{ name: 'summary/by-publication-form.csv', content: writeCsv(['field', 'value', ...s.formGroups, 'total'], crossCsvRows(s.crossByForm, s.formGroups)) }] : []),
    { name: 'summary/summary.md', content: summaryMarkdown(codebook, s) },
    {
      name: 'summary/countries.svg',
      content: countryBarChart(bars, 'Included sources by country', countrySubtitle(s.sources, bars)),
    },
  ];
  commitPart(paths, {
    stage: EXTRACT_STAGE, part: 'summary', outputs, inputs: [...configInputs(paths, extractStage.reads), artifactFile(paths, ARTIFACTS.extraction)], owns: [artifactName(ARTIFACTS.extractionSummaries)],
    parameters: { codebookVersion: codebook.version }, summary: { sources: s.sources, countries: s.countries.length },
  });
  return { sources: s.sources, outputs: outputs.map((o) => `stages/${EXTRACT_STAGE}/${o.name}`) };
}
