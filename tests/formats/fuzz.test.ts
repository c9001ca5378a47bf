/**
 * Seeded fuzzing of every import family (scripts/fuzz-cases.ts): mutated real exports read the way
 * the import reads them. Each case gives records and warnings or a FormatError (exit 1 with the
 * file and line); never another exception, and never a slow case. `npm run fuzz` runs the same
 * cases at scale, in a worker with a time limit, and saves reproducers.
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES, fixturesRoot, makeCase, runCase, seedsFor, SUITE_SIZES } from '../../scripts/fuzz-cases.js';

const CASES = 100;
/** Generous for a loaded 2-core machine: cases are ≤ 40 KB; a quadratic or looping parser takes far longer. */
const CASE_BUDGET_MS = 2_000;

describe.skipIf(!fixturesRoot())('fuzzing each import family (seeded)', () => {
  for (const family of FAMILIES) {
    it(`${family.id}: ${CASES} mutated cases parse or fail as the user's error`, () => {
      const seeds = seedsFor(family);
      expect(seeds.length).toBeGreaterThan(0);
      const outcomes = { parsed: 0, 'user-error': 0 };
      for (let i = 0; i < CASES; i++) {
        const bytes = makeCase(family, seeds, 'suite', i, SUITE_SIZES);
        const started = performance.now();
        const outcome = runCase(bytes, family.fileName);
        const ms = performance.now() - started;
        if (outcome.kind === 'crash') throw new Error(`${family.id} case ${i} crashed: ${outcome.stack}`);
        expect(ms, `${family.id} case ${i} (${bytes.length} bytes)`).toBeLessThan(CASE_BUDGET_MS);
        outcomes[outcome.kind]++;
      }
      // Many mutations leave a readable file (fewer for JSON, which one flipped byte breaks): a
      // plug-in that refused everything would pass otherwise.
      expect(outcomes.parsed).toBeGreaterThan(CASES / 20);
    }, 60_000);
  }
});
