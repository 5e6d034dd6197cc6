// Setup file of the e2e tier: after a test file, its workspaces (built images, `result` links
// that keep store paths alive, consoles' logs) are removed if nothing in it failed. After a
// failure they are kept to read, and their paths printed.
import { rmSync } from 'node:fs';
import type { Suite, Task } from 'vitest';
import { afterAll } from 'vitest';
import { workspaces } from './cli.js';

/** A failed test, or a hook that failed (a failed beforeAll fails the suite, not its tests). */
const failedIn = (task: Task): boolean =>
  task.result?.state === 'fail' || (task.result?.errors?.length ?? 0) > 0 || ('tasks' in task && task.tasks.some(failedIn));

// Registered before the file's own hooks, so it runs after them (hooks unwind as a stack):
// the file has stopped its QEMU by then.
afterAll((file: Readonly<Suite>) => {
  if (failedIn(file as Suite)) {
    if (workspaces.length > 0) console.warn(`kept for reading after the failure:\n  ${workspaces.join('\n  ')}`);
    return;
  }
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});
