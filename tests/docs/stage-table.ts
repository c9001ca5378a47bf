/** The README's stage graph table, made from the registry (src/stages/graph.ts). */
import { RETURNED } from '../../src/project/returned-files.js';
import { STAGES } from '../../src/stages/graph.js';
import type { Artifact } from '../../src/stages/shared/artifacts.js';
import { isOptional, neededArtifact, type StageDeclaration } from '../../src/stages/shared/stage.js';

const code = (s: string): string => `\`${s}\``;
const where = (a: Artifact): string => ('names' in a && a.names ? `${a.path}{${a.names.join(',')}}` : a.path);

export function stageTable(): string {
  const rows = STAGES.map((s: StageDeclaration) => [
    code(s.name),
    s.steps.map((t) => t.name.replace(/ \(.*\)$/, '')).join(', '),
    s.needs.map((n) => (isOptional(n) ? `${code(where(neededArtifact(n)))} (if there)` : code(where(neededArtifact(n))))).join(', ') || '—',
    s.writes.map((a) => code(where(a))).join(', ') || '—',
    s.reads.map(code).join(', '),
    s.returnsInto ? code(`decisions/${RETURNED[s.returnsInto].folder}/`) : '—',
  ]);
  const head = ['stage', 'steps of `review run`', 'needs', 'writes (for later stages)', 'reads in review.json', 'returned files'];
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
