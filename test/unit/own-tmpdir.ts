// Setup file of the unit tier: each test file gets a temporary directory of its own as
// TMPDIR (os.tmpdir() reads it on every call, and the processes a test starts inherit it),
// removed after the file, so the temporary files of its tests and of the CLI runs they make
// do not pile up in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const outer = process.env.TMPDIR;
const own = mkdtempSync(join(tmpdir(), 'spectrum-unit-'));
process.env.TMPDIR = own;

afterAll(() => {
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  rmSync(own, { recursive: true, force: true, maxRetries: 3 });
});
