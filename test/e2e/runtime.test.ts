// The host runs its VMs, for real: the live image of test/e2e/topologies/runtime is booted
// under `spectrum run` (TCG, the host's VMs under nested KVM) and driven from the host's
// serial console as a person would, with the `vm` command. One boot serves every case, in
// order: start-up (with one VM whose kernel cannot boot), links, exec, the net VMs, USB
// devices, a console, a killed VMM, stop and start, power-off.
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spectrum, workspace } from './cli.js';
import { HostConsole } from './helpers/host-console.js';

const TOPOLOGY = resolve(__dirname, 'topologies/runtime/topology.nix');
const ws = workspace('runtime');
let host: HostConsole;

beforeAll(async () => {
  const r = await spectrum(['build', 'live-image', TOPOLOGY, '--pkgs', 'host'], ws);
  expect(r.exitCode, r.all).toBe(0);
  host = new HostConsole([], ws.cwd, ws.env);
});
afterAll(() => host?.kill());

const lineIndex = (text: string, line: string): number => text.split('\n').indexOf(line);
// vm list --json's one line; a line the host prints meanwhile (a VM's state) can share the output.
const listed = (output: string): unknown => JSON.parse(/^\[\{.*\}\]$/m.exec(output)?.[0] ?? output);
// Once the shell runs, the host's lines can land right after its prompt, so the cases below
// match them without ^.

const STARTUP = 'starts every VM after the ones it comes after are ready';
// Every case after the first types at the shell the console offers once start-up has settled:
// when start-up failed, they fail at once, saying so, instead of each waiting out its timeout.
let startedUp = false;

describe('the host runtime', () => {
  beforeEach(({ task }) => {
    if (task.name !== STARTUP && !startedUp) throw new Error(`the start-up case ("${STARTUP}") failed or did not run; this case needs the host it starts`);
  });

  it(STARTUP, async () => {
    // A VM other than delta that is not ready in time ends the case there, not at its timeout.
    const settled = await host.waitFor(
      /^spectrum: 7 of 8 VMs ready \([0-9.]+ s after host up\); failed: delta$|^spectrum: vm (?!delta )\S+ not ready within \d+ s$/m,
      1_200_000,
    );
    expect(settled[0]).toMatch(/^spectrum: 7 of 8 VMs ready/);
    // Then the console offers its shell, where the cases below type.
    await host.waitFor(/^spectrum# /m, 60_000);
    const t = host.text;
    const ready = (vm: string) => t.split('\n').findIndex((l) => new RegExp(`^spectrum: vm ${vm} ready \\([0-9.]+ s\\)$`).test(l));
    const starting = (vm: string) => lineIndex(t, `spectrum: vm ${vm} starting`);
    for (const vm of ['sys-lab', 'sys-net', 'sys-usb', 'alpha', 'beta', 'sys-vpn', 'gamma']) expect(ready(vm), `${vm} ready`).toBeGreaterThan(starting(vm));
    // delta's kernel cannot boot: five tries, doubling backoff, then given up on.
    const delta = t.slice(t.indexOf('spectrum: vm delta starting'));
    expect([...delta.matchAll(/^spectrum: vm delta exited \(\d+\), restarting in (\d+) s$/gm)].map((m) => Number(m[1]))).toEqual([1, 2, 4, 8]);
    expect(delta).toMatch(/^spectrum: vm delta failed: 5 failures within 600 s \(last: (exited with status \d+|not ready within 20 s)\)$/m);
    expect(ready('gamma')).toBeLessThan(starting('delta'));
    // The VMs that own USB devices start once the USB VM is ready.
    for (const vm of ['alpha', 'beta']) expect(ready('sys-usb')).toBeLessThan(starting(vm));
    // A net VM is ready before its clients start.
    for (const vm of ['alpha', 'beta', 'sys-vpn']) expect(ready('sys-net')).toBeLessThan(starting(vm));
    expect(ready('sys-vpn')).toBeLessThan(starting('gamma'));
    startedUp = true;
  });

  it('lists the VMs with vm list --json', async () => {
    const { output, status } = await host.sh('vm list --json');
    expect(status).toBe(0);
    const vms = listed(output) as { name: string; state: string; pid: number | null; restarts: number; cid: number }[];
    expect(vms.map((v) => [v.name, v.state])).toEqual([['sys-lab', 'ready'], ['sys-net', 'ready'], ['sys-usb', 'ready'], ['alpha', 'ready'], ['beta', 'ready'], ['sys-vpn', 'ready'], ['gamma', 'ready'], ['delta', 'failed']]);
    expect(vms.find((v) => v.name === 'delta')!.restarts).toBe(4);
    expect(vms.find((v) => v.name === 'alpha')!.pid).toBeGreaterThan(1);
    expect(vms.find((v) => v.name === 'alpha')!.restarts).toBe(0);
  });

  it('runs a command in a VM with vm exec, with its output and exit status', async () => {
    const r = await host.sh(`vm exec alpha -- sh -c 'echo "out of $(hostname)"; exit 3'`);
    expect(r).toEqual({ output: 'out of alpha\n', status: 3 });
  });

  it('gives each app VM its own link: it reaches its router, not the other app VM', async () => {
    const ping = await host.sh(`vm exec alpha -- sh -c '. /etc/spectrum/vm.env; ping -c 1 -W 10 $SPECTRUM_NET_ROUTER'`);
    expect(ping.status, ping.output).toBe(0);
    expect(ping.output).toMatch(/1 packets received/);
    // Each link is a bridge of two taps; beta's address is not on alpha's segment at all.
    expect((await host.sh('ls /sys/class/net/sb-alpha/brif')).output.split(/\s+/).filter(Boolean).sort()).toEqual(['sr-alpha', 'sv-alpha']);
    const beta = (await host.sh(`vm exec beta -- sh -c '. /etc/spectrum/vm.env; echo $SPECTRUM_NET_ADDRESS'`)).output.trim();
    expect(beta).toMatch(/^100\.\d+\.\d+\.\d+$/);
    const arping = await host.sh(`vm exec alpha -- sh -c 'arping -c 2 -w 4 -I $(ls /sys/class/net | grep -v lo | head -n 1) ${beta}'`);
    expect(arping.status, arping.output).not.toBe(0);
  });

  it('the net VM takes a DHCP lease on its uplink and routes app VMs out through it, masqueraded', async () => {
    // Under spectrum run the net VM's NIC is a stand-in on QEMU's user-mode network.
    const addr = await host.sh('vm exec sys-net -- ip -o -f inet addr show');
    expect(addr.output).toMatch(/inet 10\.0\.2\.15\/24/);
    expect((await host.sh('vm log sys-net')).output).toMatch(/spectrum: vm sys-net: uplink \S+: lease 10\.0\.2\.15\/24 via 10\.0\.2\.2/);
    // A server on the uplink side: the host's loopback, which the user-mode network's
    // gateway (10.0.2.2) reaches.
    await host.sh('mkdir -p /tmp/www && echo spectrum-uplink-ok > /tmp/www/index.html && httpd -p 127.0.0.1:8080 -h /tmp/www');
    const page = await host.sh('vm exec alpha -- wget -q -O - http://10.0.2.2:8080/');
    expect(page).toEqual({ output: 'spectrum-uplink-ok\n', status: 0 });
  });

  it('gives a net VM the static uplink address the topology names, and no DHCP client', async () => {
    expect((await host.sh('vm exec sys-lab -- ip -o -f inet addr show')).output).toMatch(/inet 10\.0\.2\.50\/24/);
    expect((await host.sh('vm exec sys-lab -- ip route show default')).output).toMatch(/^default via 10\.0\.2\.2 /m);
    expect((await host.sh('vm log sys-lab')).output).toMatch(/spectrum: vm sys-lab: uplink \S+: static 10\.0\.2\.50\/24 via 10\.0\.2\.2/);
    expect((await host.sh('vm exec sys-lab -- cat /run/spectrum/resolv.upstream')).output).toBe('nameserver 10.0.2.3\n');
    expect((await host.sh('vm exec sys-lab -- pidof udhcpc')).status).not.toBe(0);
    // Out through its gateway to the server the case above started on the host's loopback.
    expect(await host.sh('vm exec sys-lab -- timeout 10 wget -q -O - http://10.0.2.2:8080/')).toEqual({ output: 'spectrum-uplink-ok\n', status: 0 });
  });

  it('answers names through the net VM, and drops and counts traffic between app VMs', async () => {
    const beta = (await host.sh(`vm exec beta -- sh -c '. /etc/spectrum/vm.env; echo $SPECTRUM_NET_ADDRESS'`)).output.trim();
    const lookup = await host.sh('vm exec alpha -- nslookup beta');
    expect(lookup.status, lookup.output).toBe(0);
    expect(lookup.output).toContain(beta);
    const counted = async () => Number(/packets (\d+)/.exec((await host.sh('vm exec sys-net -- nft list counter inet spectrum inter_vm')).output)![1]);
    const before = await counted();
    const ping = await host.sh(`vm exec alpha -- ping -c 2 -W 3 ${beta}`);
    expect(ping.status, ping.output).not.toBe(0);
    const tcp = await host.sh(`vm exec alpha -- nc -w 3 ${beta} 80`);
    expect(tcp.status).not.toBe(0);
    expect(await counted()).toBeGreaterThanOrEqual(before + 3);
  });

  it('lets through what the topology opens (alpha to beta on 8080) and nothing more', async () => {
    const beta = (await host.sh(`vm exec beta -- sh -c '. /etc/spectrum/vm.env; echo $SPECTRUM_NET_ADDRESS'`)).output.trim();
    const serve = (port: number) => `vm exec beta -- sh -c 'mkdir -p /tmp/w${port} && echo from-beta-${port} > /tmp/w${port}/index.html && httpd -p ${port} -h /tmp/w${port} >/dev/null 2>&1'`;
    expect((await host.sh(serve(8080))).status).toBe(0);
    expect((await host.sh(serve(8081))).status).toBe(0);
    expect(await host.sh(`vm exec alpha -- timeout 5 wget -q -O - http://${beta}:8080/`)).toEqual({ output: 'from-beta-8080\n', status: 0 });
    expect((await host.sh(`vm exec alpha -- timeout 5 wget -q -O - http://${beta}:8081/`)).status).not.toBe(0);
    // The opening is one way: beta cannot reach a server on alpha's 8080.
    const alpha = (await host.sh(`vm exec alpha -- sh -c '. /etc/spectrum/vm.env; echo $SPECTRUM_NET_ADDRESS'`)).output.trim();
    expect((await host.sh(`vm exec alpha -- sh -c 'mkdir -p /tmp/w && echo from-alpha > /tmp/w/index.html && httpd -p 8080 -h /tmp/w >/dev/null 2>&1'`)).status).toBe(0);
    expect((await host.sh(`vm exec alpha -- timeout 5 wget -q -O - http://127.0.0.1:8080/`)).output).toBe('from-alpha\n');
    expect((await host.sh(`vm exec beta -- timeout 5 wget -q -O - http://${alpha}:8080/`)).status).not.toBe(0);
  });

  it('routes a VM behind a chained net VM out through it, and only through it', async () => {
    expect(await host.sh('vm exec gamma -- timeout 10 wget -q -O - http://10.0.2.2:8080/')).toEqual({ output: 'spectrum-uplink-ok\n', status: 0 });
    // gamma asks sys-vpn's forwarder, which knows no alpha and forwards to its upstream,
    // sys-net's, which answers: a forwarder forwarding to a real resolver.
    expect((await host.sh('vm exec gamma -- nslookup alpha')).output).toMatch(/Address: 100\./);
    // Without the VPN VM, gamma has no way out.
    const from = host.text.length;
    expect((await host.sh('vm stop sys-vpn')).status).toBe(0);
    await host.waitFor(/spectrum: vm sys-vpn stopped$/m, 60_000, from);
    expect((await host.sh('vm exec gamma -- timeout 5 wget -q -O - http://10.0.2.2:8080/')).status).not.toBe(0);
    expect((await host.sh('vm start sys-vpn')).status).toBe(0);
    await host.waitFor(/spectrum: vm sys-vpn starting$/m, 60_000, from);
  });

  // USB sticks are QEMU usb-storage devices plugged into the USB VM's stand-in xHCI through
  // its QMP socket, as a person plugs a stick: each holds an image made on the host, whose
  // hash the owner must read back through USB/IP over vsock.
  const qmp = (command: object): Promise<{ output: string; status: number }> =>
    host.sh(`printf '%s\\n' '{"execute":"qmp_capabilities"}' '${JSON.stringify(command)}' | socat -t 2 - UNIX-CONNECT:/run/spectrum/vms/sys-usb/vmm.sock`);
  const plug = async (stick: string, serial: string, port: number): Promise<void> => {
    const r = await qmp({ execute: 'device_add', arguments: { driver: 'usb-storage', id: stick, bus: 'xhci0.0', port: String(port), drive: stick, serial } });
    expect(r.output).not.toMatch(/"error"/);
  };
  const unplug = async (stick: string): Promise<void> => {
    expect((await qmp({ execute: 'device_del', arguments: { id: stick } })).output).not.toMatch(/"error"/);
  };
  const makeStick = async (stick: string): Promise<string> => {
    await host.sh(`dd if=/dev/urandom of=/tmp/${stick}.img bs=1M count=4 2>/dev/null`);
    const r = await qmp({ execute: 'blockdev-add', arguments: { driver: 'raw', 'node-name': stick, 'read-only': true, file: { driver: 'file', filename: `/tmp/${stick}.img`, 'read-only': true } } });
    expect(r.output).not.toMatch(/"error"/);
    return (await host.sh(`sha256sum /tmp/${stick}.img`)).output.split(' ')[0];
  };
  // The hash of the VM's one USB disk, once it has appeared; what ls shows when none does.
  // Waits until the disk can be read, not until its node exists: the kernel makes /dev/sda
  // before the disk is live, and opening it in between fails with ENXIO (seen in CI).
  const diskHash = (vm: string) =>
    host.sh(`vm exec ${vm} -- sh -c 'for i in $(seq 120); do head -c 1 /dev/sda >/dev/null 2>&1 && break; sleep 1; done; sha256sum /dev/sda || ls /sys/class/block'`, 180_000);
  // Matched as whole lines: a console line the host prints meanwhile may share the output.
  const hashLine = (hash: string) => new RegExp(`^${hash}  /dev/sda$`, 'm');
  const usbTable = async () =>
    (await host.sh('vm usb')).output.split('\n').filter((l) => l.startsWith('sys-usb ')).map((l) => l.trim().split(/\s+/));

  it('hands a claimed USB stick to its owner only, takes it back on unplug and returns it on re-plug', async () => {
    const hash = await makeStick('sticka');
    let from = host.text.length;
    await plug('sticka', 'ALPHA1', 1);
    const attached = await host.waitFor(/spectrum: usb sys-usb (\S+) \(claim 1\) attached to alpha/, 240_000, from);
    const busid = attached[1];
    expect((await diskHash('alpha')).output).toMatch(hashLine(hash));
    expect((await host.sh('vm exec beta -- ls /sys/class/block')).output).not.toMatch(/sd/);
    expect(await usbTable()).toContainEqual(['sys-usb', busid, '46f4:0001', 'ALPHA1', 'alpha', 'attached']);

    from = host.text.length;
    await unplug('sticka');
    await host.waitFor(new RegExp(`spectrum: usb sys-usb ${busid} \\(claim 1\\) detached from alpha`), 120_000, from);
    const gone = await host.sh(`vm exec alpha -- sh -c 'for i in $(seq 60); do [ -b /dev/sda ] || exit 0; sleep 1; done; exit 1'`, 120_000);
    expect(gone.status).toBe(0);

    // Plugged again, nobody acting: back in alpha, same content.
    from = host.text.length;
    await plug('sticka', 'ALPHA1', 1);
    await host.waitFor(/spectrum: usb sys-usb \S+ \(claim 1\) attached to alpha/, 240_000, from);
    expect((await diskHash('alpha')).output).toMatch(hashLine(hash));
  });

  it('tells identical sticks apart by serial and keeps an unclaimed one in the USB VM', async () => {
    const hashB = await makeStick('stickb');
    await makeStick('stickc');
    const from = host.text.length;
    await plug('stickb', 'BETA1', 2);
    await plug('stickc', 'NOBODY', 3);
    await host.waitFor(/spectrum: usb sys-usb \S+ \(claim 2\) attached to beta/, 240_000, from);
    expect((await diskHash('beta')).output).toMatch(hashLine(hashB));
    // alpha still has its own stick only.
    expect((await host.sh('vm exec alpha -- ls /sys/class/block')).output.split(/\s+/).filter((d) => d.startsWith('sd'))).toEqual(['sda']);
    const table = await usbTable();
    expect(table.map((r) => [r[3], r[4], r.slice(5).join(' ')]).sort()).toEqual([
      ['ALPHA1', 'alpha', 'attached'],
      ['BETA1', 'beta', 'attached'],
      ['NOBODY', '-', 'unclaimed'],
    ]);
  });

  it('attaches to a VM console and leaves it with ~.', async () => {
    const from = host.text.length;
    host.type('vm console beta');
    await host.waitFor(/vm: attached to beta's console/m, 30_000, from);
    host.type('echo con$((40+2))sole');
    await host.waitFor(/con42sole$/m, 60_000, from);
    host.type('~.');
    await host.waitFor(/vm: left beta's console$/m, 30_000, from);
    // One attacher at a time: the lock is free again.
    expect((await host.sh('ls /run/spectrum/vms/beta')).output).not.toMatch(/console\.lock/);
  });

  // From here on, VMs boot a second time. Under TCG these boots used to stall now and then
  // for minutes; spectrum run's once-a-second interrupt to the emulated host (the balloon's
  // statistics request, docs/runtime.md) is what keeps them bounded.
  it('restarts a VMM that was killed; it is ready again and gets its USB device back', async () => {
    const from = host.text.length;
    const { status } = await host.sh('kill -9 $(s6-svstat -o pid /run/service/beta)');
    expect(status).toBe(0);
    await host.waitFor(/spectrum: vm beta exited \(137\), restarting in 1 s$/m, 60_000, from);
    await host.waitFor(/spectrum: vm beta starting$/m, 60_000, from);
    await host.waitFor(/spectrum: vm beta ready \([0-9.]+ s\)$/m, 300_000, from);
    const vms = listed((await host.sh('vm list --json')).output) as { name: string; state: string; restarts: number }[];
    expect(vms.find((v) => v.name === 'beta')).toMatchObject({ state: 'ready', restarts: 1 });
    // The USB VM exports the stick again once its owner can take it.
    await host.waitFor(/spectrum: usb sys-usb \S+ \(claim 2\) attached to beta$/m, 240_000, from);
  });

  it('gives up on a VM that keeps failing, with doubling backoff, while the others run', async () => {
    const from = host.text.length;
    // beta failed once above; four more failures within the window make five.
    for (const backoff of [2, 4, 8]) {
      await host.sh('kill -9 $(s6-svstat -o pid /run/service/beta)');
      await host.waitFor(new RegExp(`spectrum: vm beta exited \\(137\\), restarting in ${backoff} s$`, 'm'), 60_000, from);
      await host.sh('until [ "$(s6-svstat -o pid /run/service/beta)" -gt 0 ]; do sleep 0.2; done');
    }
    await host.sh('kill -9 $(s6-svstat -o pid /run/service/beta)');
    await host.waitFor(/spectrum: vm beta failed: 5 failures within 600 s \(last: exited with status 137\)$/m, 60_000, from);
    const vms = listed((await host.sh('vm list --json')).output) as { name: string; state: string; pid: number | null }[];
    expect(vms.find((v) => v.name === 'beta')!.state).toBe('failed');
    for (const vm of ['sys-net', 'sys-usb', 'alpha', 'gamma']) expect(vms.find((v) => v.name === vm)!.state, vm).toBe('ready');
    expect(vms.find((v) => v.name === 'beta')!.pid).toBeNull();
    // Left stopped: no restart comes.
    expect(host.text.slice(from)).not.toMatch(/restarting in 16 s/);
    // vm start tries again, with a clean count.
    const again = host.text.length;
    expect((await host.sh('vm start beta')).status).toBe(0);
    await host.waitFor(/spectrum: vm beta starting$/m, 60_000, again);
  });

  it('stops a VM gracefully with vm stop, starts it with vm start, and stops a booting one at once', async () => {
    const from = host.text.length;
    const stop = await host.sh('vm stop alpha');
    expect(stop.status, stop.output).toBe(0);
    // The power button, not the kill: nothing says it had to be killed.
    expect(stop.output).not.toMatch(/killing/);
    await host.waitFor(/spectrum: vm alpha stopped$/m, 60_000, from);
    expect((await host.sh('ls /sys/class/net')).output).not.toMatch(/sv-alpha/);
    const again = host.text.length;
    expect((await host.sh('vm start alpha')).status).toBe(0);
    await host.waitFor(/spectrum: vm alpha starting$/m, 60_000, again);
    await host.waitFor(/spectrum: vm alpha ready \([0-9.]+ s\)$/m, 300_000, again);
    await host.waitFor(/spectrum: usb sys-usb \S+ \(claim 1\) attached to alpha$/m, 240_000, again);
    // One still booting is not waited for: vm stop ends it at once.
    const booting = host.text.length;
    expect((await host.sh('vm restart alpha')).status).toBe(0);
    await host.waitFor(/spectrum: vm alpha starting$/m, 60_000, booting);
    const t = Date.now();
    expect((await host.sh('vm stop alpha')).status).toBe(0);
    expect(Date.now() - t).toBeLessThan(20_000);
  });

  it('powers off: VMs stop in reverse start order, then the host', async () => {
    const from = host.text.length;
    host.type('poweroff');
    expect(await host.exit()).toBe(0);
    const t = host.text.slice(from);
    const order = [...t.matchAll(/spectrum: vm (\S+) stopped$/gm)].map((m) => m[1]);
    // alpha was stopped above; VMs still booting (beta, maybe sys-vpn) are killed at once.
    expect(order).toEqual(['gamma', 'sys-vpn', 'beta', 'sys-usb', 'sys-net', 'sys-lab']);
    expect(t).not.toMatch(/killing its VMM/);
  });
});
