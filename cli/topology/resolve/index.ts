// Resolve: the typed values validation parsed become one plain, fully defaulted `Topology`.
import type { Hardware } from '../../hardware/types.js';
import { hardwareParams } from './hardware.js';
import { startEdges, type Edge } from '../language/edges.js';
import { DEFAULT_MEMORY_MIB } from '../language/fields.js';
import { type ListSpec, type TopologySpec, type UplinkSpec, type VmSpec } from '../language/spec.js';
import type { Topology, Uplink, Vm } from '../types.js';
import { compareNames } from '../language/names.js';
import { parseUsbClaim } from '../language/usb-claims.js';
import { deriveIdentities, type Identities } from './identities.js';
import { startOrder } from './order.js';

/** Validation guarantees these; failing one is a bug in spectrum, not in the topology. */
function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`resolve: ${what} (validation should have rejected this)`);
  return value;
}

/** A list's entries; with no errors reported, every entry passed its check. */
const entries = <T>(list: ListSpec<T> | null, what: string): T[] =>
  (list?.value ?? []).map((item) => must(item, `an entry of ${what}`).value);

function resolveVm(vm: VmSpec, after: Set<string>, identities: Identities): Vm {
  const role = must(vm.role, `role of ${vm.name}`);
  return {
    name: vm.name,
    role,
    description: vm.description,
    memoryMiB: vm.memoryMiB ?? DEFAULT_MEMORY_MIB[role],
    vcpus: vm.vcpus,
    readyTimeout: vm.readyTimeout,
    devices: entries(vm.devices, `devices of ${vm.name}`),
    net: vm.net?.value ?? null,
    usb: entries(vm.usb, `usb of ${vm.name}`).map(parseUsbClaim),
    display: vm.display?.value ?? null,
    shares: entries(vm.shares, `shares of ${vm.name}`).map((share) => ({
      tag: must(share.tag, `a share of ${vm.name} has no tag`).value,
      readOnly: share.readOnly,
    })),
    packages: entries(vm.packages, `packages of ${vm.name}`),
    reach: entries(vm.reach, `reach of ${vm.name}`)
      .map((r) => ({ vm: must(r.vm, `a reach of ${vm.name} has no vm`).value, ports: [...new Set(r.ports)].sort((a, b) => a - b) }))
      .sort((a, b) => compareNames(a.vm, b.vm)),
    uplink: vm.uplink && resolveUplink(vm.uplink.value, vm.name),
    vmm: must(vm.vmm, `vmm of ${vm.name}`),
    after: [...after].sort(compareNames),
    ids: must(identities.ids.get(vm.name), `identities of ${vm.name}`),
    netLink: identities.links.get(vm.name) ?? null,
  };
}

function resolveUplink(uplink: UplinkSpec, name: string): Uplink {
  const [address, bits] = must(uplink.address, `uplink address of ${name}`).value.split('/');
  return { address: address!, prefixLength: Number(bits), gateway: uplink.gateway?.value ?? null, dns: uplink.dns };
}

function afterSets(edges: readonly Edge[]): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const set = sets.get(from);
    if (set) set.add(to);
    else sets.set(from, new Set([to]));
  }
  return sets;
}

/** `source` is the topology file as the user named it; relative stays relative. */
/** `hardware`: the machine's hardware.json, when the topology has one. */
export function resolve(spec: TopologySpec, source: string, hardware: Hardware | null = null): Topology {
  const name = must(spec.name, 'the topology has no name');
  const vms = [...spec.vms].sort((a, b) => compareNames(a.name, b.name));
  const identities = deriveIdentities(
    name,
    vms.map((vm) => ({ name: vm.name, routed: vm.net !== null })),
  );
  const edges = startEdges(spec);
  const after = afterSets(edges);
  return {
    name,
    source,
    vmm: must(spec.vmm, 'the topology\'s vmm'),
    host: { kernelParams: spec.kernelParams, hardwareParams: hardwareParams(spec, hardware) },
    vms: vms.map((vm) => resolveVm(vm, after.get(vm.name) ?? new Set(), identities)),
    startOrder: startOrder(
      vms.map((vm) => vm.name),
      edges,
    ),
  };
}
