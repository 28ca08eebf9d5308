import { defineConfig } from 'vitest/config';

// The fuzz suite: property-based tests with a time budget each (test-support/fuzz.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.fuzz.test.ts', 'compat-tests/**/*.fuzz.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
