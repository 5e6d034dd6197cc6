// What a run's ending means for the user: a line, an exit code, and for --json the whole
// outcome as a versioned object (docs/build-run.md).
import type { RunOutcome } from './launch.js';

/** Bumped when a field of `run --json` changes meaning or goes away. */
export const RUN_JSON_VERSION = 1;

/** The exit code and the line to print (null: none); interrupted runs are the caller's. */
export function outcomeReport(o: RunOutcome): { code: number; line: string | null } {
  const wanted = o.expect === null ? '' : `/${o.expect}/`;
  const seconds = o.seconds.toFixed(1);
  switch (o.ending.kind) {
    case 'matched':
      return { code: 0, line: `the console printed ${wanted} after ${seconds} s (${o.accel})` };
    case 'boot-failed':
      return { code: 1, line: `the image did not boot (after ${seconds} s): ${o.ending.line}` };
    case 'timeout':
      return { code: 1, line: o.expect !== null ? `the console did not print ${wanted} within ${o.timeoutSeconds} s` : `stopped QEMU after ${o.timeoutSeconds} s (--timeout)` };
    case 'exited':
      if (o.expect !== null) return { code: 1, line: `QEMU exited (status ${o.ending.status}) before the console printed ${wanted}` };
      return o.ending.status === 0 ? { code: 0, line: null } : { code: 1, line: `QEMU exited with status ${o.ending.status}` };
    case 'interrupted':
      return { code: 1, line: 'interrupted; QEMU was stopped' };
  }
}

export function outcomeJson(o: RunOutcome): string {
  const ending = o.ending.kind === 'exited' ? { ending: 'exited', qemuStatus: o.ending.status } : o.ending.kind === 'boot-failed' ? { ending: 'boot-failed', line: o.ending.line } : { ending: o.ending.kind };
  const shape = { version: RUN_JSON_VERSION, disk: o.disk, boot: o.boot, accel: o.accel, memoryMiB: o.memoryMiB, expect: o.expect, ...ending, seconds: o.seconds };
  return `${JSON.stringify(shape, null, 2)}\n`;
}
