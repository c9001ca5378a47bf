/** `review screen export --rayyan`: the screening set as Rayyan-ready RIS and CSV under stages/screen/rayyan/. */
import { loadConfig } from '../../project/config.js';
import type { ProjectPaths } from '../../project/paths.js';
import { commitScreen } from './commit.js';
import { rayyanCsv, rayyanRis } from './rayyan.js';
import { loadUniqueRecords, screeningSet, uniqueRecordsPath } from './records.js';

export interface RayyanExportSummary {
  records: number;
  files: string[];
  changed: string[];
}

export function runScreenExportRayyan(paths: ProjectPaths): RayyanExportSummary {
  const config = loadConfig(paths);
  const records = [...screeningSet(config, loadUniqueRecords(paths)).screened].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const result = commitScreen(paths, 'export', [
    { name: 'rayyan/screening.ris', content: rayyanRis(records) },
    { name: 'rayyan/screening.csv', content: rayyanCsv(records) },
  ], [paths.config, uniqueRecordsPath(paths)], { rayyan: true }, { records: records.length });
  return { records: records.length, files: ['stages/screen/rayyan/screening.ris', 'stages/screen/rayyan/screening.csv'], changed: result.changed };
}
