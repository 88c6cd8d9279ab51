import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/reliability: kills, floods, full disks and hostile input (`npm run test:reliability`).
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts'],
    // Integration tests spawn real shells and real cargo: give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
