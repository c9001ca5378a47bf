/**
 * The stage graph: every stage's declaration (src/stages/<stage>/stage.ts) in pipeline order.
 * `review run` runs their steps in this order, `review status` lists them so, and a stage is stale
 * when a stage it needs is. The order is checked (tests/stages/graph.test.ts): a stage comes after
 * every stage whose artifacts it needs, and each artifact is written by the stage it names.
 *
 * Only src/cli imports this file (tests/layout.test.ts): stages never import each other, not even
 * `run`, which is given the graph.
 *
 * A new stage: a src/stages/<name>/stage.ts with defineStage, one line in STAGES, and its artifacts
 * in src/stages/shared/artifacts.ts (README "How to add a stage").
 */
import { dedupeStage } from './dedupe/stage.js';
import { extractStage } from './extract/stage.js';
import { fulltextStage } from './fulltext/stage.js';
import { importStage } from './import/stage.js';
import { prismaStage } from './prisma/stage.js';
import { reportStage } from './report/stage.js';
import { screenStage } from './screen/stage.js';
import { ARTIFACTS, type Artifact } from './shared/artifacts.js';
import type { STAGE_NAMES } from './stage-names.js';
import type { StatusStage } from '../project/status.js';
import { asStatusStage, neededArtifact, type StageDeclaration } from './shared/stage.js';

export const STAGES = [importStage, dedupeStage, screenStage, fulltextStage, extractStage, prismaStage, reportStage] as const satisfies readonly StageDeclaration[];

export type StageName = (typeof STAGES)[number]['name'];
// The CLI's list of names (src/stages/stage-names.ts) names exactly these stages: a missing or extra one fails the build.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<StageName, (typeof STAGE_NAMES)[number]> = true;
void namesMatch;

/** The steps of `review run` in order, for its help: "import, dedupe, screen (assign, …), …". */
export function runOrder(): string {
  return STAGES.map((s: StageDeclaration) => {
    const steps = s.steps.map((t) => (t.name.startsWith(`${s.name} `) ? t.name.slice(s.name.length + 1) : t.name)).filter((n) => n !== s.name);
    return steps.length ? `${s.name} (${steps.join(', ')})` : s.name;
  }).join(', ');
}


/** What is wrong with the graph (empty when it holds): the test of the declarations against each other. */
export function graphProblems(stages: readonly StageDeclaration[] = STAGES, artifacts: readonly Artifact[] = Object.values(ARTIFACTS)): string[] {
  const problems: string[] = [];
  const position = new Map(stages.map((s, i) => [s.name, i]));
  for (const a of artifacts) {
    const writers = stages.filter((s) => s.writes.includes(a)).map((s) => s.name);
    if (writers.length !== 1 || writers[0] !== a.writer) problems.push(`${a.path}: declared as written by ${a.writer}, written by ${writers.join(', ') || 'no stage'}`);
    if (!a.path.startsWith(`stages/${a.writer}/`)) problems.push(`${a.path}: not in stages/${a.writer}/, the folder of the stage that writes it`);
  }
  stages.forEach((s, i) => {
    for (const need of s.needs) {
      const a = neededArtifact(need);
      const at = position.get(a.writer);
      if (at === undefined) problems.push(`${s.name} needs ${a.path}, which no stage in the graph writes`);
      else if (at >= i) problems.push(`${s.name} needs ${a.path}, written by ${a.writer}, which does not come before it`);
    }
    if (new Set(s.steps.map((t) => t.name)).size !== s.steps.length) problems.push(`${s.name}: two steps have the same name`);
  });
  if (position.size !== stages.length) problems.push('two stages have the same name');
  return problems;
}

/** The graph as `review status` walks it (src/project/status.ts): each stage with the stages it needs. */
export const STATUS_STAGES: readonly StatusStage[] = STAGES.map((s: StageDeclaration) => asStatusStage(s));
