/**
 * Shared by the tagged-format tests: INDEX.md rows for a format folder, and golden files
 * (first records as JSON) that `UPDATE_GOLDEN=1` rewrites.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { EXPORTS } from '../../helpers/project.js';
import type { ParsedRecord } from '../../../src/formats/types.js';

const GOLDEN_DIR = dirname(fileURLToPath(import.meta.url));

export interface IndexRow { file: string; records: number }

/** Rows of fixtures/exports/INDEX.md whose file lies in `folder` (deduplicated: INDEX lists some twice). */
export function indexRows(folder: string): IndexRow[] {
  const rows = new Map<string, number>();
  for (const line of readFileSync(join(EXPORTS, 'INDEX.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const file = cells[1] ?? '';
    if (file.startsWith(`${folder}/`) && /^\d+$/.test(cells[7] ?? '')) rows.set(file, Number(cells[7]));
  }
  return [...rows].map(([file, records]) => ({ file, records }));
}

export function readExport(file: string): string {
  return readFileSync(join(EXPORTS, file), 'utf8').replace(/^\uFEFF/, '');
}

/** Every file of fixtures/exports/<folder>/. */
export function exportFiles(folder: string): string[] {
  return readdirSync(join(EXPORTS, folder)).map((f) => `${folder}/${f}`);
}

/** Compare the first `count` records with tests/formats/golden/<format>/<name>.json. */
export function expectGolden(format: string, name: string, records: ParsedRecord[], count = 2): void {
  const path = join(GOLDEN_DIR, format, `${name}.json`);
  const actual = `${JSON.stringify(records.slice(0, count), null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) throw new Error(`golden ${path} missing; run with UPDATE_GOLDEN=1`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
