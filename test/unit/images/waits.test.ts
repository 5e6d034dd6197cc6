// The host's runtime waits without forking (images/runtime/common.sh, `pause`): under TCG,
// where spectrum run and the tests emulate the host, each fork and exec costs the one CPU its
// VMs boot on, and waits that forked many times a second kept three booting VMs from their
// first kernel line for six minutes (docs/runtime.md). Each case runs a real runtime script
// with busybox in a chroot, in a PID namespace of its own, twice: once with short waits, once
// with long ones. PIDs in the namespace count every process the run made, so both runs must
// count the same: a wait that forked would count more, the longer it waited.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { capability } from '../../capability.js';
import { RuntimeRoot } from './runtime-root.js';

const canUnshare = capability('a PID namespace with its own /proc (unshare)', () =>
  execFileSync('unshare', ['--pid', '--fork', '--mount', '--mount-proc', 'true'], { stdio: 'pipe' }));

const roots: RuntimeRoot[] = [];
const runs: ReturnType<typeof inNamespace>[] = [];
// A case that failed half way leaves its namespace running: end it (--kill-child: with its
// PID 1 go all its processes) before its root, whose FIFO its waits read, is removed.
afterEach(async () => {
  for (const run of runs.splice(0)) {
    run.kill('SIGKILL');
    await run;
  }
  for (const r of roots.splice(0)) r.remove();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * A root with the given VM states (started in this order), a place for /proc, the FIFO pause
 * reads (host-init makes it on a host), and a VMM stand-in for alpha.
 */
function root(states: Record<string, string>): RuntimeRoot {
  const r = new RuntimeRoot(Object.entries(states).map(([name, state], i) => ({ name, cid: 3 + i, role: 'app', state })));
  roots.push(r);
  mkdirSync(r.path('proc'));
  writeFileSync(r.path('run/spectrum/host-up'), '1.00\n');
  mkdirSync(r.path('etc/spectrum'), { recursive: true });
  writeFileSync(r.path('etc/spectrum/start-order'), Object.keys(states).join('\n') + '\n');
  execFileSync('mkfifo', [r.path('run/spectrum/idle')]);
  // alpha comes after beta; its "VMM" runs until the test makes /run/stop-vmm. The test's own
  // scripts wait as pause does, written out, so they fork nothing with the old scripts either.
  writeFileSync(r.path('usr/lib/spectrum/vms/alpha/runtime.env'),
    `${r.read('usr/lib/spectrum/vms/alpha/runtime.env')}SPECTRUM_VM_AFTER='beta'\nSPECTRUM_VM_LINKS=''\nSPECTRUM_VM_SHARES=''\nSPECTRUM_VM_READY_TIMEOUT='60'\n`);
  mkdirSync(r.path('usr/lib/spectrum/vms/alpha/bin'));
  writeFileSync(r.path('usr/lib/spectrum/vms/alpha/bin/run'), '#!/bin/sh\nuntil [ -f /run/stop-vmm ]; do read -r -t 0.05 _ 0<>/run/spectrum/idle; done\nexit 0\n', { mode: 0o755 });
  return r;
}

/**
 * Runs `script` as PID 1 of a new PID namespace, chrooted in `r`; then a last process prints
 * its own PID, one more than the PIDs the run used.
 */
function inNamespace(r: RuntimeRoot, script: string) {
  const run = execa('unshare', ['--pid', '--fork', '--kill-child', '--mount', `--mount-proc=${r.path('proc')}`, '/usr/sbin/chroot', r.root, '/bin/sh', '-c',
    `${script}\nsh -c 'echo "next pid $$"'\n:`], { env: {}, extendEnv: false, reject: false });
  runs.push(run);
  return run;
}

const state = (r: RuntimeRoot, vm: string) => (existsSync(r.path(`run/spectrum/vms/${vm}/state`)) ? r.read(`run/spectrum/vms/${vm}/state`).trim() : '');
const setState = (r: RuntimeRoot, vm: string, s: string) => {
  writeFileSync(r.path(`run/spectrum/vms/${vm}/state.tmp`), `${s}\n`);
  renameSync(r.path(`run/spectrum/vms/${vm}/state.tmp`), r.path(`run/spectrum/vms/${vm}/state`));
};
const nextPid = (output: string): number => Number(/^next pid (\d+)$/m.exec(output)?.[1] ?? NaN);

describe.runIf(canUnshare)('the host runtime waits without forking', () => {
  // vm-run: waits for the VM it comes after, starts its "VMM", waits for its readiness report.
  async function vmRun(waitMs: number): Promise<number> {
    const r = root({ beta: 'starting', alpha: 'stopped' });
    const run = inNamespace(r, 'sh /usr/lib/spectrum/runtime/vm-run alpha 3>/dev/null; echo "vm-run $?"');
    await until('alpha waiting', () => state(r, 'alpha') === 'waiting');
    await sleep(waitMs);
    setState(r, 'beta', 'ready');
    await until('alpha starting', () => existsSync(r.path('run/spectrum/vms/alpha/started')));
    await sleep(waitMs);
    writeFileSync(r.path('run/spectrum/vms/alpha/ready'), `12.34 ${r.read('run/spectrum/vms/alpha/started').trim()}\n`);
    await until('alpha ready', () => state(r, 'alpha') === 'ready');
    writeFileSync(r.path('run/stop-vmm'), 'stop\n');
    const out = await run;
    expect(out.stdout, out.stderr.slice(-300)).toMatch(/^vm-run 0$/m);
    return nextPid(out.stdout);
  }

  it('vm-run, waiting for the VM it comes after and for its own readiness report', async () => {
    const short = await vmRun(300);
    const long = await vmRun(2_500);
    expect(short).toBeGreaterThan(2);
    expect(long).toBe(short);
  });

  // boot-watch: waits until every VM has settled, prints its summary, then sleeps for good.
  async function bootWatch(waitMs: number): Promise<{ next: number; summary: string }> {
    const r = root({ beta: 'ready', alpha: 'starting' });
    const run = inNamespace(r, [
      'sh /usr/lib/spectrum/runtime/boot-watch 2>/tmp/summary &',
      // Until it has become its last command, sleep: its summary and console shells are done.
      'comm=; while [ "$comm" != sleep ]; do read -r comm </proc/$!/comm; read -r -t 0.05 _ 0<>/run/spectrum/idle; done',
      'kill $!',
    ].join('\n'));
    await sleep(waitMs);
    setState(r, 'alpha', 'ready');
    const out = await run;
    return { next: nextPid(out.stdout), summary: readFileSync(r.path('tmp/summary'), 'utf8') };
  }

  it('boot-watch, waiting for every VM to settle', async () => {
    const short = await bootWatch(300);
    const long = await bootWatch(2_500);
    expect(short.summary).toMatch(/^spectrum: all 2 VMs ready \([0-9.]+ s after host up\)$/m);
    expect(short.next).toBeGreaterThan(2);
    expect(long.next).toBe(short.next);
  });
});
