import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time: most of a file's time is spent waiting (local servers, Chromium,
    // worker threads, fsync), and vitest's default of cores - 1 ran one at a time on 2-core CI.
    maxWorkers: 2,
  },
});
