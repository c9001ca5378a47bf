/**
 * `review screen export --rayyan`: the screening set as Rayyan-ready RIS and CSV under
 * outputs/rayyan/. A file made on request for another tool is no stage output: it lives outside
 * stages/ (design.md), so `review run` neither remakes nor removes it and `run --check` does not
 * compare it. It is rewritten (atomically) each time it is asked for.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../project/atomic.js';
import { fileHasContent } from '../../project/same-content.js';
import { loadConfig } from '../../project/config.js';
import type { ProjectPaths } from '../../project/paths.js';
import { rayyanCsv, rayyanRis } from './rayyan.js';
import { loadUniqueRecords, screeningSet } from './records.js';

export interface RayyanExportSummary {
  records: number;
  files: string[];
  changed: string[];
}

export function rayyanExportDir(paths: ProjectPaths): string {
  return join(paths.outputs, 'rayyan');
}

export function runScreenExportRayyan(paths: ProjectPaths): RayyanExportSummary {
  const config = loadConfig(paths);
  const records = [...screeningSet(config, loadUniqueRecords(paths)).screened].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const files = [
    { path: join(rayyanExportDir(paths), 'screening.ris'), content: rayyanRis(records) },
    { path: join(rayyanExportDir(paths), 'screening.csv'), content: rayyanCsv(records) },
  ];
  const changed: string[] = [];
  for (const f of files) {
    if (fileHasContent(f.path, Buffer.from(f.content, 'utf8'))) continue;
    writeFileAtomic(f.path, f.content);
    changed.push(paths.rel(f.path));
  }
  return { records: records.length, files: files.map((f) => paths.rel(f.path)), changed };
}
