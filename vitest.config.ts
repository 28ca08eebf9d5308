import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'compat-tests/**/*.test.ts', 'bench/**/*.test.ts'],
    // the fuzz suites run on their own, with a time budget (vitest.fuzz.config.ts)
    exclude: ['**/node_modules/**', '**/*.fuzz.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
