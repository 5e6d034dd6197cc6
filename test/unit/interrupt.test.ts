// withInterrupts in a real process with real signals (the built module in a child, as
// test/unit/fsutil/killed-writes.test.ts does): the kernel delivers a signal at once, but Node
// hands it to the listeners only on a later turn of its loop, possibly after `fn` returned.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULE = resolve(__dirname, '../../dist/cli/interrupt.js');

/** A child that sends itself `signal` at the end of `fn` and then lingers; how it ended. */
function lateSignal(signal: 'SIGINT' | 'SIGTERM') {
  const script = `
    import(${JSON.stringify(MODULE)}).then(async ({ withInterrupts }) => {
      const code = await withInterrupts(async () => { process.kill(process.pid, ${JSON.stringify(signal)}); return 0; });
      setTimeout(() => console.log('went on with', code), 300);
    });`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

/** A child whose command has finished and whose loop has nothing left to do when `signal` comes. */
function signalAtExit(signal: 'SIGINT' | 'SIGTERM') {
  const script = `
    import(${JSON.stringify(MODULE)}).then(async ({ withInterrupts }) => {
      await withInterrupts(async () => 0);
      process.once('beforeExit', () => process.kill(process.pid, ${JSON.stringify(signal)}));
    });`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

describe('withInterrupts', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('dies of a %s that comes when the process is about to exit (the listener for late signals let Node swallow it: exit 0)', (signal) => {
    expect(signalAtExit(signal).signal).toBe(signal);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('dies of a %s that reaches the listeners only after fn returned (the fault campaign found it dropped: exit 0)', (signal) => {
    const r = lateSignal(signal);
    expect(r.stdout).toBe('');
    expect(r.signal).toBe(signal);
  });
});
