import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Pool } from '../../../cli/topology/resolve/pool.js';
import { cidFrom, deriveIdentities, linkFrom, macFrom } from '../../../cli/topology/resolve/identities.js';
import type { Topology, Vm } from '../../../cli/topology/types.js';
import { resolveValue, vmOf } from './topology.js';

const routed = (extra: Record<string, unknown> = {}) => ({
  name: 'laptop',
  vms: {
    'sys-net': { role: 'net', devices: ['0000:00:1f.6'] },
    browser: { net: 'sys-net', memory: '2G' },
    ...extra,
  },
});

const identity = (vm: Vm) => ({ ids: vm.ids, netLink: vm.netLink });
const identities = (t: Topology) => Object.fromEntries(t.vms.map((vm) => [vm.name, identity(vm)]));

/** The documented derivation: one sha256 per VM; a retry hashes purpose and attempt too. */
const digest = (topology: string, vm: string): Buffer => createHash('sha256').update(`spectrum\0id\0${topology}\0${vm}`).digest();
const retry = (purpose: string, topology: string, vm: string, attempt: number): Buffer =>
  createHash('sha256').update(`spectrum\0${purpose}\0${topology}\0${vm}\0${attempt}`).digest();
const hex = (b: Buffer): string => b.toString('hex');

describe('derived identities', () => {
  const base = resolveValue(routed());

  it('are the same on every run', () => {
    expect(identities(resolveValue(routed()))).toEqual(identities(base));
  });

  it('do not change when other VMs are added, removed or reordered', () => {
    const more = resolveValue(routed({ mail: { net: 'sys-net' }, 'sys-usb': { role: 'usb', devices: ['0000:00:14.0'] } }));
    const reordered = resolveValue({ name: 'laptop', vms: { browser: { memory: '2G', net: 'sys-net' }, 'sys-net': { devices: ['0000:00:1f.6'], role: 'net' } } });
    const fewer = resolveValue({ name: 'laptop', vms: { browser: { memory: '2G' } } });
    for (const t of [more, reordered]) {
      expect(identity(vmOf(t, 'browser'))).toEqual(identity(vmOf(base, 'browser')));
      expect(identity(vmOf(t, 'sys-net'))).toEqual(identity(vmOf(base, 'sys-net')));
    }
    expect(vmOf(fewer, 'browser').ids).toEqual(vmOf(base, 'browser').ids);
  });

  it('do not change when the VM\'s own settings change, only its name or the topology\'s', () => {
    const edited = resolveValue(routed({ browser: { net: 'sys-net', memory: '4G', vcpus: 4, packages: ['firefox'] } }));
    expect(identity(vmOf(edited, 'browser'))).toEqual(identity(vmOf(base, 'browser')));
    const renamed = resolveValue({ ...routed(), name: 'desktop' });
    expect(vmOf(renamed, 'browser').ids.cid).not.toBe(vmOf(base, 'browser').ids.cid);
  });

  it('follow the documented derivation and stay in their ranges', () => {
    const vm = vmOf(base, 'browser');
    const d = digest('laptop', 'browser');
    expect(vm.ids.cid).toBe(3 + (d.readUInt32BE(0) % (2 ** 32 - 4)));
    const mac = (at: number) => [...d.subarray(at, at + 6)].map((b, i) => (i === 0 ? (b & 0xfc) | 2 : b).toString(16).padStart(2, '0')).join(':');
    expect(vm.ids.mac).toBe(mac(4));
    expect(vm.ids.diskId).toBe(d.subarray(20, 28).toString('hex'));
    const router = 0x64400000 + 2 * (d.readUInt32BE(16) >>> 11);
    const ip = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
    expect(vm.netLink).toEqual({ routerAddress: ip(router), address: ip(router + 1), prefixLength: 31, routerMac: mac(10) });
    for (let i = 0; i < 2000; i++) {
      const d = hex(digest('t', String(i)));
      const cid = cidFrom(d);
      expect(cid >= 3 && cid <= 2 ** 32 - 2).toBe(true);
      const first = parseInt(macFrom(d).slice(0, 2), 16);
      expect(first & 0b11).toBe(0b10); // locally administered, unicast
      const { routerAddress, address } = linkFrom(d);
      const [a, b, , last] = routerAddress.split('.').map(Number);
      expect(a === 100 && b >= 64 && b < 128 && last % 2 === 0).toBe(true);
      expect(address).toBe(routerAddress.replace(/\d+$/, String(last + 1)));
    }
    expect(cidFrom('f'.repeat(64))).toBe(3 + ((2 ** 32 - 1) % (2 ** 32 - 4)));
    expect(cidFrom('0'.repeat(64))).toBe(3);
  });

  it('resolve a real hash collision by probing in sorted-name order', () => {
    // vm-172 and vm-708 hash to the same /31 in topology "laptop" (found by search).
    expect(linkFrom(hex(digest('laptop', 'vm-172')), 16)).toEqual(linkFrom(hex(digest('laptop', 'vm-708')), 16));
    const both = resolveValue(routed({ 'vm-708': { net: 'sys-net' }, 'vm-172': { net: 'sys-net' } }));
    const alone = resolveValue(routed({ 'vm-708': { net: 'sys-net' } }));
    const first = vmOf(both, 'vm-172').netLink!;
    const second = vmOf(both, 'vm-708').netLink!;
    expect(first.routerAddress).toBe(linkFrom(hex(digest('laptop', 'vm-172')), 16).routerAddress);
    expect(second.routerAddress).toBe(linkFrom(hex(retry('link', 'laptop', 'vm-708', 1))).routerAddress);
    // Only a collision makes one VM's identity depend on another: alone, vm-708 keeps its own hash.
    expect(vmOf(alone, 'vm-708').netLink!.routerAddress).toBe(first.routerAddress);
    // Everything else of vm-708 is untouched by the collision.
    expect(vmOf(both, 'vm-708').ids).toEqual(vmOf(alone, 'vm-708').ids);
  });

  it('claim in sorted-name order whatever order the VMs come in', () => {
    const ownLink = linkFrom(hex(digest('laptop', 'vm-172')), 16);
    for (const order of [['vm-708', 'vm-172'], ['vm-172', 'vm-708']]) {
      const { links } = deriveIdentities('laptop', order.map((name) => ({ name, routed: true })));
      expect(links.get('vm-172')).toMatchObject(ownLink);
      expect(links.get('vm-708')).toMatchObject(linkFrom(hex(retry('link', 'laptop', 'vm-708', 1))));
    }
  });

  it('resolve a CID collision with a retry hash of its own', () => {
    // vm-142138 and vm-99866 hash to the same CID in topology "laptop" (found by search).
    const cid = cidFrom(hex(digest('laptop', 'vm-142138')));
    expect(cidFrom(hex(digest('laptop', 'vm-99866')))).toBe(cid);
    const { ids } = deriveIdentities('laptop', [{ name: 'vm-99866', routed: false }, { name: 'vm-142138', routed: false }]);
    expect(ids.get('vm-142138')!.cid).toBe(cid);
    expect(ids.get('vm-99866')!.cid).toBe(cidFrom(hex(retry('cid', 'laptop', 'vm-99866', 1))));
    // Nothing else of the later VM moves.
    const alone = deriveIdentities('laptop', [{ name: 'vm-99866', routed: false }]).ids.get('vm-99866')!;
    expect({ ...ids.get('vm-99866')!, cid: alone.cid }).toEqual(alone);
  });

  it('resolve MAC collisions, a VM\'s own MACs and its net VM side\'s drawing on one pool', () => {
    // Pairs of 46-bit collisions in topology "laptop" (found by search over 8 million names).
    const mac = (vm: string, at: 4 | 10) => macFrom(hex(digest('laptop', vm)), at);
    const derive = (...names: string[]) => deriveIdentities('laptop', names.map((name) => ({ name, routed: true })));
    // Own MAC against own MAC: the later name retries.
    expect(mac('vm-6002395', 4)).toBe(mac('vm-2353718', 4));
    let got = derive('vm-6002395', 'vm-2353718');
    expect(got.ids.get('vm-2353718')!.mac).toBe(mac('vm-2353718', 4));
    expect(got.ids.get('vm-6002395')!.mac).toBe(macFrom(hex(retry('mac', 'laptop', 'vm-6002395', 1))));
    // Net VM side against net VM side.
    expect(mac('vm-6267800', 10)).toBe(mac('vm-4988826', 10));
    got = derive('vm-6267800', 'vm-4988826');
    expect(got.links.get('vm-4988826')!.routerMac).toBe(mac('vm-4988826', 10));
    expect(got.links.get('vm-6267800')!.routerMac).toBe(macFrom(hex(retry('routerMac', 'laptop', 'vm-6267800', 1))));
    // Own MAC against an earlier VM's net VM side.
    expect(mac('vm-776652', 4)).toBe(mac('vm-2359477', 10));
    got = derive('vm-776652', 'vm-2359477');
    expect(got.links.get('vm-2359477')!.routerMac).toBe(mac('vm-2359477', 10));
    expect(got.ids.get('vm-776652')!.mac).toBe(macFrom(hex(retry('mac', 'laptop', 'vm-776652', 1))));
  });

  it('are unique across a 10,000-VM topology', () => {
    const vms: Record<string, unknown> = { 'sys-net': { role: 'net', devices: ['0000:00:1f.6'] } };
    for (let i = 0; i < 10_000; i++) vms[`vm-${i}`] = { net: 'sys-net' };
    const t = resolveValue({ name: 'laptop', vms });
    const unique = (values: unknown[]) => new Set(values).size === values.length;
    expect(unique(t.vms.map((vm) => vm.ids.cid))).toBe(true);
    expect(unique(t.vms.flatMap((vm) => [vm.ids.mac, ...(vm.netLink ? [vm.netLink.routerMac] : [])]))).toBe(true);
    expect(unique(t.vms.map((vm) => vm.ids.diskId))).toBe(true);
    expect(unique(t.vms.flatMap((vm) => (vm.netLink ? [vm.netLink.routerAddress] : [])))).toBe(true);
  });
});

describe('Pool', () => {
  it('gives colliding keys distinct values, the first claimant keeping its own', () => {
    // Every key hashes to the same value on its first attempt: a forced collision.
    const pool = new Pool<string>((v) => v);
    const got = ['alpha', 'mid', 'zeta'].map((key) => pool.claim('same', (attempt) => `${key}#${attempt}`));
    expect(got).toEqual(['same', 'mid#1', 'zeta#1']);
  });

  it('keeps probing while later attempts collide too', () => {
    const pool = new Pool<number>((v) => v);
    expect([pool.claim(5, (a) => 5 + a), pool.claim(5, (a) => (a < 2 ? 5 : 7))]).toEqual([5, 7]);
  });
});
