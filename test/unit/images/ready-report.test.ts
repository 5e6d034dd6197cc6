// The host's side of a VM's readiness report (images/runtime/ready-report), run for real with
// busybox in a chroot laid out as the host's runtime is: what it counts, and the answer that
// tells the VM it may stop reporting (images/vm-init sends its report until it gets "ok").
// test/e2e/runtime.test.ts sees real VMs report over vsock.
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeRoot } from './runtime-root.js';

describe('ready-report (the host)', () => {
  const host = new RuntimeRoot([
    { name: 'alpha', cid: 4, role: 'app', state: 'starting' },
    { name: 'beta', cid: 5, role: 'app', state: 'waiting' },
  ]);
  afterAll(() => host.remove());
  const ready = (vm: string) => (existsSync(host.path(`run/spectrum/vms/${vm}/ready`)) ? host.read(`run/spectrum/vms/${vm}/ready`) : null);
  beforeEach(() => {
    host.write('run/spectrum/vms/alpha/state', 'starting\n');
    // Both have a start under way, so a refusal below comes from the state, not a missing start.
    for (const vm of ['alpha', 'beta']) host.write(`run/spectrum/vms/${vm}/started`, '100.25\n');
    for (const vm of ['alpha', 'beta']) rmSync(host.path(`run/spectrum/vms/${vm}/ready`), { force: true });
  });

  it('counts a starting VM ready with its uptime and the start it counts, and answers ok', async () => {
    const r = await host.connection('ready-report', 4, 'ready 12.34\n');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('ok');
    expect(ready('alpha')).toBe('12.34 100.25\n');
  });

  it('does not count a VM whose start is over (its report outlived it)', async () => {
    rmSync(host.path('run/spectrum/vms/alpha/started'));
    const r = await host.connection('ready-report', 4, 'ready 12.34\n');
    expect(r.stdout).toBe('');
    expect(ready('alpha')).toBeNull();
  });

  it('answers ok again to a report sent again, and changes nothing', async () => {
    host.write('run/spectrum/vms/alpha/ready', '12.34 100.25\n');
    host.write('run/spectrum/vms/alpha/state', 'ready\n');
    const r = await host.connection('ready-report', 4, 'ready 99.9\n');
    expect(r.stdout).toBe('ok');
    expect(ready('alpha')).toBe('12.34 100.25\n');
  });

  it('answers nothing to a report it does not count: the VM tries again, or its timeout ends it', async () => {
    for (const [peer, input] of [
      [5, 'ready 1.0\n'], // a VM that is not starting (still waiting for another)
      [99, 'ready 1.0\n'], // a CID that is no VM
      [4, 'ready\n'],
      [4, 'ready 1.0; reboot\n'],
      // not one number, which `vm list --json` could not print as one
      [4, 'ready 1.2.3\n'],
      [4, 'ready 1.\n'],
      [4, 'up 1.0\n'],
      [4, ''],
    ] as const) {
      const r = await host.connection('ready-report', peer, input);
      expect(r.stdout, `${peer} ${JSON.stringify(input)}`).toBe('');
      expect(r.exitCode, `${peer} ${JSON.stringify(input)}`).not.toBe(0);
    }
    expect(ready('alpha')).toBeNull();
    expect(ready('beta')).toBeNull();
  });
});
