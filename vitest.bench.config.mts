import { defineConfig } from 'vitest/config';

// Benchmarks that need the engine's TypeScript in-process; `npm run bench` runs them.
export default defineConfig({
  test: { include: ['test/bench/**/*.ts'], testTimeout: 600_000, pool: 'forks' },
});
