import { configDefaults, defineConfig } from 'vitest/config';

// Run in-process from src/: the stages, the fuzzers and the emulator. No build needed.
const UNIT = ['test/unit/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/emulator/**/*.test.ts'];
const LOAD = ['test/load/**/*.test.ts'];

export default defineConfig({
  define: { __SECRETS_RUN_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    // End-to-end tests spawn real processes and servers; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `npm run test:unit` runs the first alone: no build, no dist/, seconds. `npm test` runs both.
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: UNIT },
      },
      {
        extends: true,
        // Everything else (test/e2e, test/load, and any new folder until it is listed above) runs the
        // real bin, which runs dist/: global-setup builds it first.
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT, ...LOAD],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
      {
        extends: true,
        // Hundreds of launches at once: run after everything else, one file at a time, so that neither
        // they nor the tests beside them measure a machine the other starved.
        test: { name: 'load', include: LOAD, globalSetup: ['test/helpers/global-setup.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
