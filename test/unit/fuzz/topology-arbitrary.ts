// fast-check arbitraries of topologies a user could write: any mix of roles, net links
// (chains included), displays, USB claims told apart by serial, openings between app VMs of
// one net VM, shares, packages. Valid by construction (check must agree: the properties
// assert it), as plain values that serialize.ts writes in each syntax.
import fc from 'fast-check';
import type { Value } from './serialize.js';

const ROLES = ['app', 'app', 'app', 'net', 'usb', 'gpu'] as const;
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/).filter((n) => !n.includes('--'));
// Descriptions reach Nix strings, JSON and YAML: any text but NUL and lone surrogates.
const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\u0000'));

export const topologyValue: fc.Arbitrary<Value> = fc
  .record({
    name,
    vmm: fc.constantFrom('qemu', 'crosvm', 'cloud-hypervisor'),
    vms: fc.uniqueArray(fc.record({ name, role: fc.constantFrom(...ROLES), description: text, memory: fc.integer({ min: 64, max: 8192 }), pick: fc.nat(), ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 8,
      selector: (v) => v.name,
    }),
  })
  .map(({ name, vmm, vms }) => {
    const of = (role: string) => vms.filter((v) => v.role === role).map((v) => v.name);
    const [nets, usbs, gpus] = [of('net'), of('usb'), of('gpu')];
    const out: Record<string, Value> = {};
    let slot = 0;
    const netOf = new Map<string, string | null>();
    for (const [i, v] of vms.entries()) {
      const vm: Record<string, Value> = { role: v.role, description: v.description, memory: v.memory };
      // Device VMs own a card each; the first net VM owns one, later ones chain behind it.
      if (v.role !== 'app' && !(v.role === 'net' && nets.indexOf(v.name) > 0)) vm.devices = [`0000:${(++slot).toString(16).padStart(2, '0')}:00.0`];
      const net = v.role === 'app' && nets.length > 0 && v.pick % 3 !== 0 ? nets[v.pick % nets.length]! : v.role === 'net' && nets.indexOf(v.name) > 0 ? nets[0]! : null;
      if (net) vm.net = net;
      netOf.set(v.name, net);
      // cloud-hypervisor has no display device (SP2027).
      if (v.role === 'app' && gpus.length > 0 && v.pick % 2 === 0 && vmm !== 'cloud-hypervisor') vm.display = gpus[0]!;
      if (v.role === 'app' && usbs.length > 0 && v.pick % 5 === 1) vm.usb = [`1050:0407 serial=S${i}`];
      if (v.role === 'app') vm.packages = v.pick % 4 === 0 ? ['less'] : [];
      out[v.name] = vm;
    }
    // Openings: from an app VM to another app VM behind the same net VM.
    for (const v of vms) {
      const net = netOf.get(v.name);
      if (v.role !== 'app' || !net) continue;
      const peer = vms.find((w) => w !== v && w.role === 'app' && netOf.get(w.name) === net);
      if (peer && v.pick % 2 === 1) (out[v.name] as Record<string, Value>).reach = [{ vm: peer.name, ports: v.ports }];
    }
    return { name, vmm, vms: out };
  });

/** The same value with every object's keys in reverse order. */
export function reversedKeys(v: Value): Value {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
}
