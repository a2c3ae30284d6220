import { defineConfig } from 'vitest/config';

// SoftHSM reads SOFTHSM2_CONF once per process (at C_Initialize), so every test file runs in
// its own forked process with its own token directory.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    pool: 'forks',
    isolate: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    setupFiles: ['./test/helpers/after-file-hook.ts', './test/helpers/error-catalogue.ts'],
  },
});
