// Mutation testing of the safety-critical modules (`npm run mutation`; scores in README.md,
// explained survivors in docs/mutation.md). Only the unit tier runs: see vitest.mutation.config.ts.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Static mutants (code run while test files are collected, e.g. a topology resolved at the
  // top of a describe) must rerun every related test file, about a minute each here: with
  // them a run takes hours. They are reported as Ignored and not scored (docs/mutation.md).
  ignoreStatic: true,
  // Two cores, shared: one test process at a time.
  concurrency: 1,
  mutate: [
    // flash: the rules that refuse a disk or file, the facts they read, the prompt, read-back
    'cli/flash/rules.ts',
    'cli/flash/file-rules.ts',
    'cli/flash/lsblk.ts',
    'cli/flash/system.ts',
    'cli/flash/target.ts',
    'cli/flash/confirm.ts',
    'cli/flash/verify.ts',
    // emit: the one Nix escaper
    'cli/emit/nix-syntax.ts',
    // resolve: identities (CIDs, MACs, link addresses, disk serials) and the kernel command line
    'cli/topology/resolve/identities.ts',
    'cli/topology/resolve/pool.ts',
    'cli/topology/resolve/hardware.ts',
    // diagnostics: offsets to line and column, and the caret under them
    'cli/topology/load/source.ts',
    'cli/diagnostics-print.ts',
  ],
  // The sandbox is a copy, and Stryker cannot copy the symlinked directories of the sysfs
  // fixtures; the tests that scan them are left out in vitest.mutation.config.ts.
  ignorePatterns: ['dist', 'reports', 'result', 'result-*', 'spectrum-out', 'bench', 'test/fixtures/hardware/*/sysfs'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
};
