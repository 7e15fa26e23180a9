import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Real-socket tests and the spawned Prism peer need more than the default 5 s on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
