/** Throughput of the delimited reader on the largest benchmark (7,159 records, 12 MB of abstracts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { genericCsv } from '../../../src/formats/csv/generic.js';
import { SHARED } from '../../helpers/project.js';

it('parses digital_work at a useful speed', () => {
  const text = readFileSync(join(SHARED, 'benchmarks', 'dedupe', 'digital_work', 'records_pre_merged.csv'), 'utf8');
  genericCsv.parse(text); // warm-up: JIT
  const runs = 3;
  const start = performance.now();
  for (let i = 0; i < runs; i++) expect(genericCsv.parse(text).records).toHaveLength(7159);
  const perSecond = Math.round((7159 * runs) / ((performance.now() - start) / 1000));
  console.log(`generic-csv: ${perSecond} records/s on digital_work (${(text.length / 1e6).toFixed(1)} M chars)`);
  // A loose floor so a quadratic slip fails, while a slow CI machine does not.
  expect(perSecond).toBeGreaterThan(5000);
});
