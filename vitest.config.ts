import { defineConfig } from 'vitest/config';

// Two tiers: `unit` is fast (pure functions, golden files, parsing); `e2e` runs real
// nix builds, QEMU boots and loop-device flashes. `npm test` runs both.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/unit/own-tmpdir.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/e2e/workspaces.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
          // Builds and boots share the nix store and 2 cores: run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
