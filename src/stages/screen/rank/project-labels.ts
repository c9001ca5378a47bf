/**
 * Labelled records from a project for `screen simulate`: the unique records that have a final
 * title/abstract decision (stages/screen/decisions.csv), relevant when it is "include" (also the
 * records forwarded to full text on a "maybe" or an unresolved conflict: screening let them through).
 */
import type { ProjectPaths } from '../../../project/paths.js';
import { ARTIFACTS, readArtifact } from '../../shared/artifacts.js';
import type { LabelledRecord } from './simulate.js';

export interface ProjectLabels {
  records: LabelledRecord[];
  /** Unique records without a title/abstract decision yet (left out of the replay). */
  undecided: number;
}

export function loadProjectLabels(paths: ProjectPaths): ProjectLabels {
  const decisions = new Map(readArtifact(paths, ARTIFACTS.screenDecisions).map((d) => [d.record_id, d.decision === 'include']));
  const records: LabelledRecord[] = [];
  let undecided = 0;
  for (const r of readArtifact(paths, ARTIFACTS.uniqueRecords)) {
    const relevant = decisions.get(r.id);
    if (relevant === undefined) {
      undecided++;
      continue;
    }
    records.push({ id: r.id, title: r.title ?? '', abstract: r.abstract ?? '', keywords: r.keywords.join('; '), relevant });
  }
  return { records, undecided };
}
