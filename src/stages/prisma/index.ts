/**
 * `review prisma`: read the import, dedupe, screen and full-text outputs, compute the flow, check
 * every identity, and write stages/prisma/flow.{json,csv,md,svg} and record-states.csv (each imported
 * record's state; every box is a count of its rows). A failed identity writes nothing
 * and is an error that names the identity, the numbers and the records that differ.
 */
import { existsSync } from 'node:fs';
import { armOf } from '../../model/config.js';
import type { PrismaFlow } from '../../model/prisma.js';
import { toJson } from '../../project/atomic.js';
import { loadConfig } from '../../project/config.js';
import { configInputs } from '../../project/config-parts.js';
import { UserError } from '../../project/errors.js';
import type { ProjectPaths } from '../../project/paths.js';
import { commitStage } from '../../project/stage-writer.js';
import {
  ARTIFACTS, artifactFile, artifactName, importedRecordRefs, readArtifactLines, readArtifactLinesIfAny, type WithLines,
} from '../shared/artifacts.js';
import { recordStatesCsv } from '../shared/record-states.js';
import { computePrisma, describeCheck, failedChecks, type ImportedRef, type PrismaResult } from './compute.js';
import { flowCsv, flowMarkdown } from './flow-files.js';
import { prismaStage } from './stage.js';
import { renderFlowSvg } from './svg.js';

export const PRISMA_STAGE = prismaStage.name;
export const PRISMA_OUTPUTS = [...ARTIFACTS.prismaFlow.names, artifactName(ARTIFACTS.recordStates)] as const;

/** Only the id and source of each imported record (with its line): the flow needs no more, and the file can be large. */
export function loadImportedRefs(paths: ProjectPaths): WithLines<ImportedRef> {
  const refs = readArtifactLines(paths, importedRecordRefs);
  return { rows: refs.rows.map((r) => ({ id: r.id, source: r.provenance.source })), lines: refs.lines };
}

/** Read every input and compute the record states and the flow (no writes). */
export function buildPrisma(paths: ProjectPaths): { result: PrismaResult; inputs: string[] } {
  const config = loadConfig(paths);
  const imported = loadImportedRefs(paths);
  const unique = readArtifactLines(paths, ARTIFACTS.uniqueRecords);
  const kinds = new Map(config.sources.map((s) => [s.name, s.kind]));
  const needsScreening = unique.rows.some((u) => armOf(kinds.get(u.firstSource) ?? 'database') === 'databases');
  const screen = needsScreening ? readArtifactLines(paths, ARTIFACTS.screenDecisions) : (readArtifactLinesIfAny(paths, ARTIFACTS.screenDecisions) ?? { rows: [], lines: [] });
  const fulltext = readArtifactLines(paths, ARTIFACTS.fulltextDecisions);
  const automation = readArtifactLinesIfAny(paths, ARTIFACTS.screenAutomationExcluded);
  const read = [ARTIFACTS.importedRecords, ARTIFACTS.uniqueRecords, ARTIFACTS.screenDecisions, ARTIFACTS.fulltextDecisions, ARTIFACTS.screenAutomationExcluded];
  const files = read.map((a) => artifactFile(paths, a));
  const [importedFile = '', uniqueFile = '', screenFile = '', fulltextFile = '', automationFile = ''] = read.map((a) => a.path);
  const result = computePrisma({
    config,
    imported: imported.rows,
    unique: unique.rows,
    screen: screen.rows,
    fulltext: fulltext.rows,
    ...(automation ? { automation: automation.rows } : {}),
    lines: { imported: imported.lines, unique: unique.lines, screen: screen.lines, fulltext: fulltext.lines, ...(automation ? { automation: automation.lines } : {}) },
    files: { imported: importedFile, unique: uniqueFile, screen: screenFile, fulltext: fulltextFile, automation: automationFile },
  });
  return { result, inputs: [...configInputs(paths, prismaStage.reads), ...files.filter((f) => existsSync(f))] };
}

export interface PrismaSummary {
  flow: PrismaFlow;
  changed: string[];
  outputs: string[];
}

export function runPrisma(paths: ProjectPaths): PrismaSummary {
  const { result, inputs } = buildPrisma(paths);
  const failed = failedChecks(result.flow);
  if (failed.length) {
    throw new UserError(
      `the PRISMA flow does not add up: ${failed.length} identit${failed.length === 1 ? 'y fails' : 'ies fail'}; nothing was written (use --explain <box> to list the records behind a box)`,
      1,
      failed.map(describeCheck),
    );
  }
  const flow = result.flow;
  const commit = commitStage(paths, {
    stage: PRISMA_STAGE,
    outputs: [
      { name: 'flow.json', content: toJson(flow) },
      { name: 'flow.csv', content: flowCsv(flow) },
      { name: 'flow.md', content: flowMarkdown(flow) },
      { name: 'flow.svg', content: renderFlowSvg(flow) },
      { name: artifactName(ARTIFACTS.recordStates), content: recordStatesCsv(result.states) },
    ],
    inputs,
    parameters: {},
    summary: {
      identified: flow.databases.identified + flow.other.identified,
      screened: flow.databases.screened ?? 0,
      ...(flow.databases.excludedAutomation !== undefined ? { excludedAutomation: flow.databases.excludedAutomation } : {}),
      assessed: flow.databases.assessed + flow.other.assessed,
      included: flow.included.studies,
      includedDatabases: flow.included.databases,
      includedOther: flow.included.other,
    },
  });
  return { flow, changed: commit.changed, outputs: PRISMA_OUTPUTS.map((o) => `stages/${PRISMA_STAGE}/${o}`) };
}

/** The record ids behind one box, computed fresh (works while an identity fails, which is when it is needed). */
export function explainBox(paths: ProjectPaths, box: string): { box: string; ids: string[]; automation?: PrismaFlow['automation'] } {
  const { result } = buildPrisma(paths);
  const ids = result.boxes.get(box);
  if (!ids) {
    throw new UserError(`no box "${box}"; boxes are:\n  ${[...result.boxes.keys()].join('\n  ')}`, 2);
  }
  // The automation box says by which rule and figures its records were set aside.
  const automation = box === 'databases.automation-excluded' ? result.flow.automation : undefined;
  return { box, ids, ...(automation ? { automation } : {}) };
}
