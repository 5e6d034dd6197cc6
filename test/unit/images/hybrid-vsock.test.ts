// The host's side of cloud-hypervisor's hybrid vsock (images/runtime/vsock.sh, vsock-connect,
// vsock-handshake), run for real with busybox and socat in a chroot laid out as the host's
// runtime is. cloud-hypervisor is not in Debian 12, so its side is played by a stand-in that
// does what its source does (virtio-devices/src/vsock/unix/muxer.rs): a VM's connection to the
// host's port P arrives at `<socket>_P`; the host's connection to `<socket>` asks for the
// VM's port with "CONNECT P" and is answered "OK <host port>" once the VM accepts, or closed;
// and, as every release before 53.0 (the one nixpkgs 24.11 has), the host's half-close of a
// connection ends it for the VM too. Behind the stand-in run what the VM would run: its real
// `vm exec` agent (images/vm-agent) on port 5001, and on 5002 an echo for a USB owner.
import { execa, type ResultPromise } from 'execa';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hybridSocket, RuntimeRoot } from './runtime-root.js';

const SOCAT = '/usr/bin/socat';

// A VM's end of its VMM's socket, as cloud-hypervisor gives the host: what the VM accepts on
// each port. /tmp/refuse stands for a VM that is not listening (the VMM closes the socket).
// socat -t 0: once the host's side ends, even half, the VM's answer goes nowhere.
const VM_SIDE = `#!/bin/sh
IFS=' ' read -r word port || exit 1
[ "$word" = CONNECT ] && [ ! -e /tmp/refuse ] || exit 1
case $port in
  5001) echo "OK 1073741824"; SOCAT_PEERADDR=2 exec /usr/bin/socat -t 0 STDIO 'EXEC:/bin/sh /usr/lib/vm-agent' ;;
  5002) echo "OK 1073741825"; exec /usr/bin/socat -t 0 STDIO EXEC:/bin/cat ;;
  *) exit 1 ;;
esac
`;

describe('hybrid vsock (cloud-hypervisor), the host side', () => {
  const host = new RuntimeRoot(
    [
      { name: 'ch', cid: 4, role: 'app', state: 'starting', hybrid: true },
      { name: 'sys-usb', cid: 3, role: 'usb', usbOwners: '1 ch', state: 'ready', hybrid: true },
      { name: 'qemu-vm', cid: 5, role: 'app', state: 'starting' },
    ],
    { 'vm-side': VM_SIDE },
    [SOCAT],
  );
  const outside = (p: string) => host.path(p);
  const vmSides: ResultPromise[] = [];

  /** The VMM's socket of `vm`, with the stand-in behind it (as cloud-hypervisor binds it at start). */
  async function vmm(vm: string) {
    const p = execa('/usr/sbin/chroot', [host.root, SOCAT, `UNIX-LISTEN:${hybridSocket(vm)},fork`, 'EXEC:/usr/lib/spectrum/bin/vm-side,nofork'], { reject: false });
    vmSides.push(p);
    for (let i = 0; !existsSync(outside(hybridSocket(vm))); i++) {
      if (i === 250) {
        p.kill();
        throw new Error(`the stand-in of ${vm}'s VMM is not listening: ${(await p).stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** What the VM sends to the host's port `port` and what it gets back (socat, as images/vm-init). */
  const fromVm = (vm: string, port: number, input: string | Buffer) =>
    execa(SOCAT, ['-t', '5', '-', `UNIX-CONNECT:${outside(`${hybridSocket(vm)}_${port}`)}`], { input, reject: false, encoding: 'buffer' });
  const up = (vm: string) => host.sh(`. /usr/lib/spectrum/runtime/common.sh; . "$BUNDLES/$1/runtime.env"; . /usr/lib/spectrum/runtime/vsock.sh; vsock_up "$1" >> /tmp/listeners.log 2>&1`, [vm]);
  const down = (vm: string) => host.sh(`. /usr/lib/spectrum/runtime/common.sh; . "$BUNDLES/$1/runtime.env"; . /usr/lib/spectrum/runtime/vsock.sh; vsock_down "$1"`, [vm]);
  const listeners = (vm: string) => {
    const f = outside(`run/spectrum/vms/${vm}/vsock-listeners`);
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[0])) : [];
  };
  // A killed listener may stay a zombie here, where nothing reaps orphans promptly.
  const alive = (pid: number) => existsSync(`/proc/${pid}/stat`) && !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  /** Those of `pids` still running once a SIGTERM has had its time (a busy machine is slow to deliver). */
  async function survivors(pids: number[]): Promise<number[]> {
    for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    return pids.filter(alive);
  }

  beforeAll(() => cpSync(resolve(__dirname, '../../../images/vm-agent'), outside('usr/lib/vm-agent')));
  beforeEach(() => rmSync(outside('tmp/refuse'), { force: true }));
  afterAll(async () => {
    for (const vm of ['ch', 'sys-usb']) await down(vm);
    for (const p of vmSides) p.kill();
    await Promise.all(vmSides);
    host.remove();
  });

  it('listens for a VM on its own socket: its readiness report counts that VM, and a stale VMM socket is gone', async () => {
    host.write('run/spectrum/vms/ch/started', '100.25\n');
    host.write(hybridSocket('ch'), 'left by an earlier run');
    expect((await up('ch')).exitCode).toBe(0);
    expect(existsSync(outside(hybridSocket('ch')))).toBe(false);
    // An app VM exports no USB device: only its readiness port.
    expect(existsSync(outside(`${hybridSocket('ch')}_5000`))).toBe(true);
    expect(existsSync(outside(`${hybridSocket('ch')}_5002`))).toBe(false);
    const r = await fromVm('ch', 5000, 'ready 3.25\n');
    expect(Buffer.from(r.stdout).toString()).toBe('ok');
    expect(host.read('run/spectrum/vms/ch/ready')).toBe('3.25 100.25\n');
  });

  it('stops its listeners and removes its sockets once the VMM is gone, or before it starts again', async () => {
    await up('sys-usb');
    const before = listeners('sys-usb');
    // A run that ended without vm-finish (its supervisor gone): the next start cleans up,
    // and the listeners it stopped leave the new ones' sockets alone, even when they end only
    // after the new ones listen (held here with SIGSTOP until then).
    for (const pid of before) process.kill(pid, 'SIGSTOP');
    await up('sys-usb');
    for (const pid of before) process.kill(pid, 'SIGCONT');
    expect(await survivors(before)).toEqual([]);
    host.write('run/spectrum/vms/sys-usb/started', '100.25\n');
    expect(Buffer.from((await fromVm('sys-usb', 5000, 'ready 1.5\n')).stdout).toString()).toBe('ok');
    const pids = listeners('sys-usb');
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);
    expect((await down('sys-usb')).exitCode).toBe(0);
    expect(await survivors(pids)).toEqual([]);
    expect(existsSync(outside(`${hybridSocket('sys-usb')}_5000`))).toBe(false);
    expect(existsSync(outside(`${hybridSocket('sys-usb')}_5002`))).toBe(false);
    expect(listeners('sys-usb')).toEqual([]);
  });

  it('vm exec runs a command in the VM through CONNECT 5001: its output, whole, and its exit status', async () => {
    await vmm('ch');
    const r = await host.sh('/usr/lib/spectrum/runtime/vm exec ch -- sh -c \'printf "%s|" "$@"; echo err >&2; exit 3\' sh "a b" "" "$(printf "x\\ny")"');
    expect(r.stdout, r.stderr).toBe('a b||x\ny|err');
    expect(r.exitCode).toBe(3);
  });

  it('vm exec says the agent did not answer when the VM does not accept', async () => {
    host.write('tmp/refuse', '');
    const r = await host.sh('/usr/lib/spectrum/runtime/vm exec ch -- true');
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain("no answer from ch's agent");
  });

  it("relays a USB VM's export from its own socket to its owner's, byte for byte both ways", async () => {
    // The USB VM under cloud-hypervisor, its device's owner too; the owner's end echoes.
    host.write('run/spectrum/vms/ch/state', 'ready\n');
    await up('sys-usb');
    const stream = Buffer.from([...Buffer.from('65538 5 2-1\n'), 0, 1, 0xff, 0x0a, 0x80, 0x7f]);
    const r = await fromVm('sys-usb', 5002, Buffer.concat([Buffer.from('1 2-1\n'), stream]));
    expect(Buffer.compare(Buffer.from(r.stdout), stream)).toBe(0);
    expect(readFileSync(outside('tmp/listeners.log'), 'utf8')).toContain('spectrum: usb sys-usb 2-1 (claim 1) attached to ch');
  });
});
