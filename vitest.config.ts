import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds dist/ when it is missing or stale: end-to-end tests run the built CLI.
    globalSetup: ['tests/global-setup.ts'],
    // One seed for every fast-check property, so the suite draws the same cases on every machine.
    setupFiles: ['tests/fast-check-seed.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
