// The rule set generated for a net VM, loaded into the kernel and exercised with packets: a
// router namespace with the net VM's interfaces (two app VMs' links, an uplink) and one
// namespace per neighbour, joined by veth pairs. Namespaces this test creates, nothing else.
import { execa, execaSync } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitTree } from '../../../cli/emit/index.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';

const tag = `spfw${process.pid}`;
const ns = (name: string) => `${tag}-${name}`;
const work = mkdtempSync(join(tmpdir(), 'spectrum-firewall-'));
const inNs = (name: string, cmd: string[]) => execa('ip', ['netns', 'exec', ns(name), ...cmd], { reject: false, timeout: 10_000 });
const sh = (name: string, script: string) => inNs(name, ['sh', '-c', script]);

/** A TCP connection from `from` to addr:port; what the server sent back, or null. */
async function connect(from: string, addr: string, port: number): Promise<string | null> {
  const r = await inNs(from, ['socat', '-T', '2', '-', `TCP:${addr}:${port},connect-timeout=1`]);
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** A server on `where`:port that answers with the address the connection came from. */
const serve = (where: string, port: number) =>
  sh(where, `socat TCP-LISTEN:${port},reuseaddr,fork SYSTEM:'echo $SOCAT_PEERADDR' >/dev/null 2>&1 &`);

const counted = async () => Number(/packets (\d+)/.exec((await inNs('router', ['nft', 'list', 'counter', 'inet', 'spectrum', 'inter_vm'])).stdout)![1]);

// router-side name, neighbour, router address, neighbour address, prefix length
const LINKS = [
  ['sr-alpha', 'alpha', '100.64.0.0', '100.64.0.1', 31],
  ['sr-beta', 'beta', '100.64.0.2', '100.64.0.3', 31],
  ['eth0', 'uplink', '10.0.2.15', '10.0.2.2', 24],
] as const;

beforeAll(async () => {
  const file = join(work, 'topology.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'fw',
      vms: {
        'sys-net': { role: 'net', devices: ['0000:00:1f.6'] },
        alpha: { net: 'sys-net', reach: [{ vm: 'beta', ports: [8080] }] },
        beta: { net: 'sys-net' },
      },
    }),
  );
  const { topology, diagnostics } = await loadTopology(file);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  writeFileSync(join(work, 'rules.nft'), emitTree(topology!).get('vms/sys-net.nft')!);

  for (const name of ['router', 'alpha', 'beta', 'uplink']) execaSync('ip', ['netns', 'add', ns(name)]);
  for (const [routerSide, peer, routerAddr, peerAddr, bits] of LINKS) {
    execaSync('ip', ['link', 'add', 'tmp0', 'netns', ns('router'), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns(peer)]);
    await sh('router', `ip link set tmp0 name ${routerSide} && ip addr add ${routerAddr}/${bits} dev ${routerSide} && ip link set ${routerSide} up && ip link set lo up`);
    // The uplink side has no route back to the links: replies reach the app VMs only if the router masquerades.
    const route = peer === 'uplink' ? 'true' : `ip route add default via ${routerAddr}`;
    await sh(peer, `ip addr add ${peerAddr}/${bits} dev eth0 && ip link set eth0 up && ip link set lo up && ${route}`);
  }
  const load = await inNs('router', ['nft', '-f', join(work, 'rules.nft')]);
  expect(load.exitCode, load.stderr).toBe(0);
  await sh('router', 'echo 1 > /proc/sys/net/ipv4/ip_forward');
  for (const [where, port] of [['uplink', 9000], ['beta', 8080], ['beta', 8081], ['alpha', 8080], ['router', 53], ['router', 22]] as const) await serve(where, port);
  await new Promise((r) => setTimeout(r, 300));
});

afterAll(() => {
  for (const name of ['router', 'alpha', 'beta', 'uplink']) {
    execaSync('ip', ['netns', 'pids', ns(name)], { reject: false }).stdout.split('\n').filter(Boolean).forEach((pid) => execaSync('kill', [pid], { reject: false }));
    execaSync('ip', ['netns', 'del', ns(name)], { reject: false });
  }
  rmSync(work, { recursive: true, force: true });
});

describe("a net VM's generated firewall, in the kernel", () => {
  it('lets app VMs out through the uplink, masqueraded as the net VM', async () => {
    expect(await connect('alpha', '10.0.2.2', 9000)).toBe('10.0.2.15');
    expect(await connect('beta', '10.0.2.2', 9000)).toBe('10.0.2.15');
  });

  it('opens exactly what reach declares between app VMs, one way, and counts what it drops', async () => {
    const before = await counted();
    expect(await connect('alpha', '100.64.0.3', 8080)).toBe('100.64.0.1');
    expect(await connect('alpha', '100.64.0.3', 8081)).toBeNull();
    expect(await connect('beta', '100.64.0.1', 8080)).toBeNull();
    expect((await inNs('alpha', ['busybox', 'ping', '-c', '1', '-W', '1', '100.64.0.3'])).exitCode).not.toBe(0);
    expect(await counted()).toBeGreaterThanOrEqual(before + 3);
  });

  it('lets app VMs ask the net VM for names and ping it, nothing else; the uplink not even that', async () => {
    expect(await connect('alpha', '100.64.0.0', 53)).toBe('100.64.0.1');
    expect((await inNs('alpha', ['busybox', 'ping', '-c', '1', '-W', '1', '100.64.0.0'])).exitCode).toBe(0);
    expect(await connect('alpha', '100.64.0.0', 22)).toBeNull();
    expect(await connect('uplink', '10.0.2.15', 53)).toBeNull();
    expect(await connect('uplink', '10.0.2.15', 22)).toBeNull();
  });
});
