#!/usr/bin/env node
// Runs the benchmarks named on the command line (default: the fast ones), one after the
// other so they do not compete for the two cores. Each prints its own ratios against a
// baseline it measures in the same run. Usage: npm run bench [-- check generate flash build]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const FAST = ['check', 'generate', 'flash'];
const names = process.argv.slice(2).length ? process.argv.slice(2) : FAST;

let failed = 0;
for (const name of names) {
  const script = join(here, `${name}.js`);
  if (!existsSync(script)) {
    console.error(`bench: no benchmark named "${name}" (expected ${script})`);
    failed++;
    continue;
  }
  console.log(`\n=== bench ${name}`);
  const { status } = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
