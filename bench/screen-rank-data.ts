/** The shared screening benchmark (../shared/benchmarks/screening): six labelled Cohen et al. 2006 reviews. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolRoot } from '../src/project/version.js';

export const SCREENING_SETS = ['ADHD', 'Antihistamines', 'AtypicalAntipsychotics', 'BetaBlockers', 'Estrogens', 'NSAIDS'] as const;
export const LABELS = ['label1', 'label2'] as const;

export function screeningDir(): string {
  const dir = process.env.SCREENING_BENCH_DIR ?? join(toolRoot(), '..', 'shared', 'benchmarks', 'screening');
  if (!existsSync(join(dir, 'README.md'))) throw new Error(`screening benchmark not found in ${dir}; set SCREENING_BENCH_DIR`);
  return dir;
}

export function readSet(name: string): string {
  return readFileSync(join(screeningDir(), `${name}.csv`), 'utf8');
}
