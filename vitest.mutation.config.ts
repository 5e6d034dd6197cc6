import { defineConfig } from 'vitest/config';

// The unit tier as Stryker runs it (`npm run mutation`, stryker.config.mjs). The e2e tier is
// not here: it writes disks and boots VMs, and a mutant must never reach that. Left out too:
// the command tests that change directory (Stryker runs tests in worker threads, where
// process.chdir is not allowed) and the hardware scan tests (their sysfs fixtures are
// symlink trees that Stryker's sandbox copy cannot hold).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: [
      'test/unit/check/commands.test.ts',
      'test/unit/emit/generate-command.test.ts',
      'test/unit/hardware/commands.test.ts',
      'test/unit/hardware/hardware.test.ts',
    ],
    testTimeout: 60_000,
  },
});
