// The host runs its VMs, for real: the live image of test/e2e/topologies/runtime is booted
// under `spectrum run` (TCG, the host's VMs under nested KVM) and driven from the host's
// serial console as a person would, with the `vm` command. One boot serves every case, in
// order: start-up, links, exec, the net VMs, a console, power-off. Restarting a VM (a killed
// VMM, vm stop then vm start) is not here: a VM's second start sometimes stalls before its VMM
// runs (an open bug), which made this file hang.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
// Once the shell runs, the host's lines can land right after its prompt, so the cases below
// match them without ^.

describe('the host runtime', () => {
  it('starts every VM after the ones it comes after are ready', async () => {
    await host.waitFor(/^spectrum: all 5 VMs ready \([0-9.]+ s after host up\)$/m, 900_000);
    // Then the console offers its shell, where the cases below type.
    await host.waitFor(/^spectrum# /m, 60_000);
    const t = host.text;
    const ready = (vm: string) => t.split('\n').findIndex((l) => new RegExp(`^spectrum: vm ${vm} ready \\([0-9.]+ s\\)$`).test(l));
    const starting = (vm: string) => lineIndex(t, `spectrum: vm ${vm} starting`);
    for (const vm of ['sys-net', 'alpha', 'beta', 'sys-vpn', 'gamma']) expect(ready(vm), `${vm} ready`).toBeGreaterThan(starting(vm));
    // A net VM is ready before its clients start.
    for (const vm of ['alpha', 'beta', 'sys-vpn']) expect(ready('sys-net')).toBeLessThan(starting(vm));
    expect(ready('sys-vpn')).toBeLessThan(starting('gamma'));
  });

  it('lists the VMs with vm list --json', async () => {
    const { output, status } = await host.sh('vm list --json');
    expect(status).toBe(0);
    const vms = JSON.parse(output.trim()) as { name: string; state: string; pid: number | null; restarts: number; cid: number }[];
    expect(vms.map((v) => [v.name, v.state])).toEqual([['sys-net', 'ready'], ['alpha', 'ready'], ['beta', 'ready'], ['sys-vpn', 'ready'], ['gamma', 'ready']]);
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

  it('routes a VM behind a chained net VM out through it', async () => {
    expect(await host.sh('vm exec gamma -- timeout 10 wget -q -O - http://10.0.2.2:8080/')).toEqual({ output: 'spectrum-uplink-ok\n', status: 0 });
    expect((await host.sh('vm exec gamma -- nslookup alpha')).output).toMatch(/Address: 100\./);
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

  it('powers off: VMs stop in reverse start order, then the host', async () => {
    const from = host.text.length;
    host.type('poweroff');
    expect(await host.exit()).toBe(0);
    const t = host.text.slice(from);
    const order = [...t.matchAll(/spectrum: vm (\S+) stopped$/gm)].map((m) => m[1]);
    expect(order).toEqual(['gamma', 'sys-vpn', 'beta', 'alpha', 'sys-net']);
    expect(t).not.toMatch(/killing its VMM/);
  });
});
