/**
 * The dedupe stage's one I/O entry point: reads stages/import/records.jsonl, review.json and the
 * returned review sheets in decisions/dedupe/, plans (pure), and commits every output at once.
 */
import { DEDUPE_DUPLICATE_COLUMNS, DEDUPE_OVERLAP_COLUMNS, DEDUPE_PAIR_COLUMNS, DEDUPE_SOURCE_COLUMNS } from '../../model/dedupe.js';
import { loadConfig } from '../../project/config.js';
import type { ProjectPaths } from '../../project/paths.js';
import { UserError } from '../../project/errors.js';
import { commitStage, type StageOutput } from '../../project/stage-writer.js';
import { listReturned, returnedDir, unreadableReturned } from '../../project/returned-files.js';
import { StagedFile } from '../../project/staged-file.js';
import { writeCsv, writeCsvPieces } from '../../sheets/csv.js';
import { readWorkbookFile, writeWorkbook } from '../../sheets/xlsx.js';
import { ARTIFACTS, artifactFile, artifactName, importedRecordsWithoutRaw, stagedArtifactOutput } from '../shared/artifacts.js';
import { ArtifactRowFile } from '../shared/artifact-row-file.js';
import { configInputs } from '../../project/config-parts.js';
import { dedupeStage } from './stage.js';
import { recordFeatures, type RecordFeatures } from './features.js';
import { readReviewDecisions, reviewSheetSpec, type ReviewerDecision } from './decisions.js';
import { FIELD_DECISION_COLUMNS, type FieldDecision } from './profile.js';
import { planDedupeFrom, recordFacts, type DecisionReport, type DedupeInput, type RecordFacts, type SourceStats, type StreamedDedupePlan } from './plan.js';
import type { ProgressListener } from '../shared/progress.js';

export const DEDUPE_STAGE = 'dedupe';
export const DEDUPE_FILES = {
  unique: artifactName(ARTIFACTS.uniqueRecords),
  duplicates: 'duplicates.csv',
  pairs: 'pairs.csv',
  sources: 'sources.csv',
  overlap: 'overlap.csv',
  reviewSheet: 'review-pairs.xlsx',
  fieldDecisions: 'field-decisions.csv',
} as const;

export interface DedupeOptions {
  /** Phases (reading, blocking, comparing with a count of pairs, clustering, writing). */
  onProgress?: ProgressListener;
}

export interface DedupeSummary {
  records: number;
  unique: number;
  duplicatesRemoved: number;
  clusters: number;
  candidatePairs: number;
  reviewQueue: number;
  refusedLinks: number;
  decisions: DecisionReport & { files: string[]; problems: string[] };
  sources: SourceStats[];
  /** Per source and field, the profile's decisions that changed something (set aside, or container DOIs not used). */
  fieldDecisions: FieldDecision[];
  overlap: { source_a: string; source_b: string; shared: number }[];
  changed: string[];
}

/**
 * Returned review sheets in collection order (src/project/returned-files.ts); a later file's decision on the same pair wins. A sheet
 * that cannot be read, or a row with an invalid decision, stops the stage (exit 1) naming the file
 * and row: a reviewer's decisions are never passed over quietly.
 */
export async function readDecisionFiles(paths: ProjectPaths): Promise<{ files: string[]; decisions: ReviewerDecision[]; problems: string[] }> {
  const dir = returnedDir(paths, 'dedupe');
  const files = listReturned(paths, 'dedupe');
  const decisions: ReviewerDecision[] = [];
  const problems: string[] = unreadableReturned(paths, 'dedupe');
  for (const file of files) {
    let book;
    try {
      book = await readWorkbookFile(file);
    } catch (error) {
      problems.push(`${paths.rel(file)}: cannot be read as an Excel workbook (${(error as Error).message}); save it again as .xlsx, or move it out of ${paths.rel(dir)}/`);
      continue;
    }
    const read = readReviewDecisions(book, paths.rel(file));
    // Loops, not push(...list): a spread of a sheet's worth of rows overflows the call stack.
    for (const d of read.decisions) decisions.push(d);
    for (const p of read.problems) problems.push(p);
  }
  if (problems.length) {
    throw new UserError(`${problems.length} problem${problems.length > 1 ? 's' : ''} in the review sheets in ${paths.rel(dir)}/; nothing was deduplicated (stages/dedupe/ unchanged). Fix those sheets and run \`review dedupe\` again:`, 1, problems);
  }
  return { files, decisions, problems };
}

export async function runDedupe(paths: ProjectPaths, opts: DedupeOptions = {}): Promise<DedupeSummary> {
  const config = loadConfig(paths);
  opts.onProgress?.({ phase: 'reading records' });
  // One pass over records.jsonl keeps each record's features and a few facts; whole records are read
  // again from the file when the plan needs them (merging, the review queue), never all at once.
  // Matching and merging read the mapped fields only (raw fields are left out).
  const facts: RecordFacts[] = [];
  const features: RecordFeatures[] = [];
  const file = ArtifactRowFile.scan(paths, importedRecordsWithoutRaw, (record, index) => {
    facts.push(recordFacts(record));
    features.push(recordFeatures(record, index));
  });
  try {
    return await dedupeFrom(paths, config, { facts, features, record: (i) => file.read(i) }, opts);
  } finally {
    file.close();
  }
}

async function dedupeFrom(paths: ProjectPaths, config: ReturnType<typeof loadConfig>, input: DedupeInput, opts: DedupeOptions): Promise<DedupeSummary> {
  const fromSheets = await readDecisionFiles(paths);
  const sourceOrder = config.sources.map((s) => s.name);
  const reviewThreshold = config.dedupe?.reviewThreshold;
  opts.onProgress?.({ phase: 'blocking (finding candidate pairs)', records: input.facts.length });
  const plan = planDedupeFrom(input, { sourceOrder, ...(reviewThreshold !== undefined ? { reviewThreshold } : {}) }, fromSheets.decisions, opts.onProgress);
  opts.onProgress?.({ phase: 'writing', records: plan.counts.unique });

  const unique = writeUniqueRecords(paths, plan);
  const pairs = StagedFile.fill(paths.stageFile(DEDUPE_STAGE, DEDUPE_FILES.pairs), (write) => writeCsvPieces(DEDUPE_PAIR_COLUMNS, plan.pairRows(), (text) => write(Buffer.from(text, 'utf8'))));
  const sheet = await writeWorkbook(reviewSheetSpec(plan.queue));
  const summary = {
    records: plan.counts.records,
    unique: plan.counts.unique,
    duplicatesRemoved: plan.counts.duplicatesRemoved,
    clusters: plan.counts.clusters,
    candidatePairs: plan.counts.candidatePairs,
    reviewQueue: plan.queue.length,
    refusedLinks: plan.counts.refusedLinks,
    decisions: { ...plan.decisions, files: fromSheets.files.map((f) => paths.rel(f)), problems: fromSheets.problems },
    sources: plan.sources,
    fieldDecisions: plan.fieldDecisions.filter((d) => d.reason !== ''),
    overlap: plan.overlap,
  };
  const result = commitStage(paths, {
    stage: DEDUPE_STAGE,
    outputs: [
      unique,
      { name: DEDUPE_FILES.duplicates, content: writeCsv(DEDUPE_DUPLICATE_COLUMNS, plan.duplicates) },
      { name: DEDUPE_FILES.pairs, staged: pairs },
      { name: DEDUPE_FILES.sources, content: writeCsv(DEDUPE_SOURCE_COLUMNS, plan.sources as unknown as Record<string, unknown>[]) },
      { name: DEDUPE_FILES.overlap, content: writeCsv(DEDUPE_OVERLAP_COLUMNS, plan.overlap) },
      { name: DEDUPE_FILES.reviewSheet, content: sheet },
      { name: DEDUPE_FILES.fieldDecisions, content: writeCsv(FIELD_DECISION_COLUMNS, plan.fieldDecisions as unknown as Record<string, unknown>[]) },
    ],
    inputs: [...configInputs(paths, dedupeStage.reads), artifactFile(paths, ARTIFACTS.importedRecords), ...fromSheets.files],
    parameters: { sourceOrder, reviewThreshold: reviewThreshold ?? null },
    summary,
  });
  return { ...summary, changed: result.changed };
}

/**
 * unique.jsonl written cluster by cluster into a staged file: each unique record is merged from its
 * members (read again from records.jsonl), written and dropped, so the output is never held whole.
 */
function writeUniqueRecords(paths: ProjectPaths, plan: StreamedDedupePlan): StageOutput {
  return stagedArtifactOutput(paths, ARTIFACTS.uniqueRecords, (function* () {
    for (const cluster of plan.clusters) yield plan.uniqueRecord(cluster);
  })());
}
