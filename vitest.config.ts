import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'workers/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    reporters: ['default', './test/summary-reporter.ts'],
    hookTimeout: 30_000,
    globalSetup: ['./test/build-cli.setup.ts'],
    setupFiles: ['./test/no-keep-alive.setup.ts'],
  },
});
