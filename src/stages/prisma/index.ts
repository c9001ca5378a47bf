/**
 * `review prisma`: read the import, dedupe, screen and full-text outputs, compute the flow, check
 * every identity, and write stages/prisma/flow.{json,csv,md,svg}. A failed identity writes nothing
 * and is an error that names the identity, the numbers and the records that differ.
 */
import { existsSync } from 'node:fs';
import { armOf } from '../../model/config.js';
import type { PrismaFlow } from '../../model/prisma.js';
import { toJson } from '../../project/atomic.js';
import { loadConfig } from '../../project/config.js';
import { UserError } from '../../project/errors.js';
import { forEachJsonLine } from '../../project/json-lines.js';
import type { ProjectPaths } from '../../project/paths.js';
import { commitStage } from '../../project/stage-writer.js';
import { fulltextDecisionsFile, loadFulltextDecisions, loadScreenDecisions, loadUniqueRecords, screenDecisionsFile, uniqueRecordsFile } from '../shared/inputs.js';
import { automationExcludedFile, loadAutomationExcluded } from '../shared/automation-excluded.js';
import { computePrisma, describeCheck, failedChecks, type ImportedRef, type PrismaResult } from './compute.js';
import { flowCsv, flowMarkdown } from './flow-files.js';
import { renderFlowSvg } from './svg.js';

export const PRISMA_STAGE = 'prisma';
export const PRISMA_OUTPUTS = ['flow.json', 'flow.csv', 'flow.md', 'flow.svg'] as const;

export const importedRecordsFile = (paths: ProjectPaths): string => paths.stageFile('import', 'records.jsonl');

/** Only the id and source of each imported record: the flow needs no more, and the file can be large. */
export function loadImportedRefs(paths: ProjectPaths): ImportedRef[] {
  const file = importedRecordsFile(paths);
  if (!existsSync(file)) throw new UserError(`${paths.rel(file)} not found: run \`review import\` first`);
  const out: ImportedRef[] = [];
  forEachJsonLine(file, paths.rel(file), 'review import', (parsed, line) => {
    const json = (parsed ?? {}) as { id?: unknown; provenance?: { source?: unknown } };
    if (typeof json.id !== 'string' || typeof json.provenance?.source !== 'string') {
      throw new UserError(`${paths.rel(file)}:${line}: a record without id or provenance.source; run \`review import\` again`);
    }
    out.push({ id: json.id, source: json.provenance.source });
  });
  return out;
}

/** Read every input and compute the flow (no writes). */
export function buildPrisma(paths: ProjectPaths): { result: PrismaResult; inputs: string[] } {
  const config = loadConfig(paths);
  const imported = loadImportedRefs(paths);
  const unique = loadUniqueRecords(paths);
  const kinds = new Map(config.sources.map((s) => [s.name, s.kind]));
  const needsScreening = unique.some((u) => armOf(kinds.get(u.firstSource) ?? 'database') === 'databases');
  const screen = loadScreenDecisions(paths, needsScreening);
  const fulltext = loadFulltextDecisions(paths);
  const automation = loadAutomationExcluded(paths);
  const inputs = [paths.config, importedRecordsFile(paths), uniqueRecordsFile(paths), screenDecisionsFile(paths), automationExcludedFile(paths), fulltextDecisionsFile(paths)].filter((f) => existsSync(f));
  return { result: computePrisma({ config, imported, unique, screen, fulltext, automation }), inputs };
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
