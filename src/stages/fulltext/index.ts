/**
 * Full-text stage I/O: `runFulltextSheet` writes the sheet(s) for every record at full text;
 * `runFulltextCollect` copies returned sheets into decisions/fulltext/ and rebuilds
 * stages/fulltext/decisions.csv from every sheet there (no files = rebuild only, for `review run`).
 */
import { existsSync } from 'node:fs';
import type { ReviewConfig } from '../../model/config.js';
import { FULLTEXT_AGREEMENT_COLUMNS, FULLTEXT_CONFLICT_COLUMNS } from '../../model/fulltext.js';
import { configInputs } from '../../project/config-parts.js';
import { loadConfig } from '../../project/config.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import type { StageOutput } from '../../project/stage-writer.js';
import { writeCsv } from '../../sheets/csv.js';
import { readWorkbookFile, writeWorkbook } from '../../sheets/xlsx.js';
import { commitPart } from '../shared/commit-part.js';
import { ARTIFACTS, artifactFile, artifactOutput, readArtifact, readArtifactIfAny } from '../shared/artifacts.js';
import { armOfRecord } from '../shared/inputs.js';
import { fulltextStage } from './stage.js';
import { copyReturned, listReturned, unreadableReturned } from '../../project/returned-files.js';
import { decideFulltext } from './decide.js';
import { FULLTEXT_STAGE, fulltextSet, planFulltext, type FulltextPlan } from './plan.js';
import { FULLTEXT_SHEET_NAME, fulltextWorkbook } from './sheet.js';
import { validateFulltextSheet, type Assessment } from './validate.js';

interface Current {
  config: ReviewConfig;
  plan: FulltextPlan;
  inputs: string[];
}

function currentPlan(paths: ProjectPaths): Current {
  const config = loadConfig(paths);
  const records = readArtifact(paths, ARTIFACTS.uniqueRecords);
  // Without a record from a database or register nothing was screened, and there may be no decisions.
  const needsScreening = records.some((r) => armOfRecord(config, r) === 'databases');
  const screen = needsScreening ? readArtifact(paths, ARTIFACTS.screenDecisions) : (readArtifactIfAny(paths, ARTIFACTS.screenDecisions) ?? []);
  const plan = planFulltext(config, fulltextSet(config, records, screen));
  const inputs = [...configInputs(paths, fulltextStage.reads), ...[ARTIFACTS.uniqueRecords, ARTIFACTS.screenDecisions].map((a) => artifactFile(paths, a)).filter((f) => existsSync(f))];
  return { config, plan, inputs };
}

export interface FulltextSheetResult {
  sheets: string[];
  records: number;
  fromScreening: number;
  fromOtherMethods: number;
}

export async function runFulltextSheet(paths: ProjectPaths): Promise<FulltextSheetResult> {
  const { plan, inputs } = currentPlan(paths);
  const outputs: StageOutput[] = [];
  for (const sheet of plan.sheets) outputs.push({ name: sheet.file, content: await writeWorkbook(fulltextWorkbook(plan, sheet)) });
  const summary = {
    records: plan.items.length,
    fromScreening: plan.items.filter((i) => i.entry === 'screening').length,
    fromOtherMethods: plan.items.filter((i) => i.entry === 'other-methods').length,
  };
  commitPart(paths, {
    stage: FULLTEXT_STAGE, part: 'sheet', outputs, inputs, summary, owns: ['sheet.xlsx', 'sheets/'],
    parameters: { reviewsPerRecord: plan.reviewsPerRecord, assessors: plan.assessors, reasonsVersion: plan.reasonsVersion },
  });
  return { sheets: plan.sheets.map((s) => paths.rel(paths.stageFile(FULLTEXT_STAGE, s.file))), ...summary };
}

export interface FulltextCollectResult {
  collected: string[];
  records: number;
  included: number;
  excluded: number;
  notRetrieved: number;
  pending: string[];
  byReason: Record<string, number>;
  conflicts: number;
}

async function readReturned(file: string, label: string, current: Current): Promise<{ assessments: Assessment[]; problems: string[] }> {
  let wb;
  try {
    wb = await readWorkbookFile(file);
  } catch (error) {
    return { assessments: [], problems: [`${label}: not a readable .xlsx workbook (${(error as Error).message}); return the sheet as an Excel file`] };
  }
  const tab = wb.sheets.find((s) => s.name === FULLTEXT_SHEET_NAME);
  const result = validateFulltextSheet(
    { label, meta: wb.meta, header: tab?.header, rows: tab?.rows ?? [] },
    current.plan,
    current.config.exclusionReasons?.reasons ?? [],
  );
  return { assessments: result.assessments, problems: result.problems };
}

export async function runFulltextCollect(paths: ProjectPaths, files: readonly string[] = []): Promise<FulltextCollectResult> {
  const current = currentPlan(paths);
  // Check the new files before copying, so a rejected sheet never lands in decisions/.
  const newProblems: string[] = [];
  // Loops, not push(...list): a spread of a sheet's worth of items overflows the call stack.
  for (const f of files) for (const p of (await readReturned(f, f, current)).problems) newProblems.push(p);
  // Spreadsheets in decisions/fulltext/ that this stage cannot read are refused before anything is copied.
  for (const p of unreadableReturned(paths, 'fulltext')) newProblems.push(p);
  if (newProblems.length) throw new UserError(`${newProblems.length} problem(s) in the returned sheet(s); nothing was collected`, 1, newProblems);
  const collected = copyReturned(paths, 'fulltext', files).map((f) => paths.rel(f));
  const all = listReturned(paths, 'fulltext');
  const assessments: Assessment[] = [];
  const problems: string[] = [];
  for (const f of all) {
    const r = await readReturned(f, paths.rel(f), current);
    for (const a of r.assessments) assessments.push(a);
    for (const p of r.problems) problems.push(p);
  }
  if (problems.length) throw new UserError(`${problems.length} problem(s) in decisions/${FULLTEXT_STAGE}/; fix or replace those sheets and collect again`, 1, problems);
  const outcome = decideFulltext(current.plan, assessments);
  const byReason: Record<string, number> = {};
  for (const r of current.plan.reasons) byReason[r.id] = 0;
  for (const d of outcome.decisions) if (d.decision === 'exclude' && d.reason) byReason[d.reason] = (byReason[d.reason] ?? 0) + 1;
  const result: FulltextCollectResult = {
    collected,
    records: outcome.decisions.length,
    included: outcome.decisions.filter((d) => d.decision === 'include').length,
    excluded: outcome.decisions.filter((d) => d.decision === 'exclude' && d.retrieved !== 'no').length,
    notRetrieved: outcome.decisions.filter((d) => d.retrieved === 'no').length,
    pending: outcome.pending,
    byReason,
    conflicts: outcome.conflicts.filter((c) => c.kind === 'decision').length,
  };
  const outputs: StageOutput[] = [artifactOutput(ARTIFACTS.fulltextDecisions, outcome.decisions)];
  if (current.plan.reviewsPerRecord === 2) {
    outputs.push({ name: 'conflicts.csv', content: writeCsv(FULLTEXT_CONFLICT_COLUMNS, outcome.conflicts) });
    outputs.push({ name: 'agreement.csv', content: writeCsv(FULLTEXT_AGREEMENT_COLUMNS, outcome.agreement) });
  }
  const { collected: _c, pending, ...counts } = result;
  commitPart(paths, {
    stage: FULLTEXT_STAGE, part: 'collect', outputs, inputs: [...current.inputs, ...all],
    owns: ['decisions.csv', 'conflicts.csv', 'agreement.csv'],
    parameters: { reviewsPerRecord: current.plan.reviewsPerRecord, reasonsVersion: current.plan.reasonsVersion, files: all.map((f) => paths.rel(f)) },
    summary: { ...counts, pending: pending.length },
  });
  return result;
}
