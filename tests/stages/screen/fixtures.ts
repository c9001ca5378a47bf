/** Builders for screening tests: unique records, a review.json with the seed review's 100/50/50 allocation, a project on disk. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewConfig } from '../../../src/model/config.js';
import type { UniqueRecord } from '../../../src/model/unique.js';
import { ProjectPaths } from '../../../src/project/paths.js';
import { tempDir } from '../../helpers/project.js';
import ExcelJS from 'exceljs';

export function uniqueRecord(i: number, over: Partial<UniqueRecord> = {}): UniqueRecord {
  const id = `r${i.toString(16).padStart(12, '0')}`;
  return {
    schemaVersion: 1,
    id,
    clusterId: `c${i}`,
    members: [{ id, source: 'PsycInfo', file: 'exports/psycinfo.ris', index: i }],
    sources: ['PsycInfo'],
    firstSource: 'PsycInfo',
    title: `Outreach work with young people, study ${i}`,
    abstract: `Abstract of study ${i}: street-level outreach for youth.`,
    authors: [{ family: 'Nordmann', given: 'Kari' }, { family: 'Hansen', given: 'Ola' }],
    year: 2010 + (i % 15),
    journal: 'Nordic Social Work Research',
    doi: `10.1080/2156857X.2020.${1000 + i}`,
    issn: [],
    isbn: [],
    keywords: [],
    ...over,
  };
}

export function seedConfig(over: Partial<NonNullable<ReviewConfig['screening']>> = {}): ReviewConfig {
  return {
    schemaVersion: 1,
    title: 'Test review',
    sources: [
      { name: 'PsycInfo', kind: 'database', files: [] },
      { name: 'Scopus', kind: 'database', files: [] },
      { name: 'Hand search', kind: 'website', files: [] },
    ],
    screeners: [
      { id: 'KBA', name: 'Kristin B. Åkerblom', rayyanName: 'Kristin' },
      { id: 'ON', name: 'Ole Ness' },
      { id: 'SS', name: 'S. Solhaug' },
      { id: 'LEB', name: 'L. E. Bertheussen' },
      { id: 'MRJ', name: 'M. R. Jensen' },
      { id: 'DvH', name: 'D. von Heimburg' },
    ],
    screening: {
      reviewsPerRecord: 2,
      seed: 'korus-2026',
      allocation: [
        { screener: 'KBA', share: 1 },
        { screener: 'ON', share: 0.5 },
        { pool: ['SS', 'LEB', 'MRJ', 'DvH'], share: 0.5 },
      ],
      stratifyBy: 'none',
      labels: ['include', 'exclude', 'maybe'],
      reasons: ['wrong-population', 'no-outreach'],
      ...over,
    },
  };
}

/** A temp project with review.json and stages/dedupe/unique.jsonl. */
export function screenProject(records: UniqueRecord[], config: ReviewConfig = seedConfig()): ProjectPaths {
  const paths = new ProjectPaths(tempDir('review-screen-'));
  writeFileSync(paths.config, `${JSON.stringify(config, null, 2)}\n`);
  writeUnique(paths, records);
  mkdirSync(paths.decisions, { recursive: true });
  return paths;
}

export function writeUnique(paths: ProjectPaths, records: UniqueRecord[]): void {
  mkdirSync(paths.stage('dedupe'), { recursive: true });
  writeFileSync(join(paths.stage('dedupe'), 'unique.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** Fill a screener's xlsx as a person would in Excel: open, type into the decision/reason cells, save. */
export async function fillSheet(paths: ProjectPaths, screener: string, decide: (id: string) => [string, string?] | undefined, out: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(paths.stageFile('screen', 'sheets', `${screener}.xlsx`));
  const ws = wb.getWorksheet('Screening')!;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const d = decide(String(row.getCell(1).value));
    if (!d) return;
    row.getCell(8).value = d[0];
    if (d[1]) row.getCell(9).value = d[1];
  });
  await wb.xlsx.writeFile(out);
  return out;
}
