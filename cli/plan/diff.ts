// What a topology change does, as data: VMs added, removed and changed (by field, as the
// topology names them), and the derived values that move with it (identities, link
// addresses, start positions). Both sides are resolved topologies; nothing is re-read.
import type { Topology, Vm } from '../topology/types.js';
import { usbClaimText } from '../topology/language/usb-claims.js';

export interface Change {
  /** The field as the topology (or, for derived values, `spectrum check`'s output) names it. */
  field: string;
  before: unknown;
  after: unknown;
}

export interface VmChange {
  name: string;
  changes: Change[];
}

export interface TopologyDiff {
  /** Topology-wide fields: name, vmm, host.kernelParams, host.hardwareParams (derived from hardware.json). */
  topology: Change[];
  added: string[];
  removed: string[];
  /** VMs in both whose own fields differ. */
  changed: VmChange[];
  /** VMs in both whose derived values moved. */
  derived: VmChange[];
}

/** The fields of a VM as its author wrote them, under the topology's own key names. */
const authored = (vm: Vm): Record<string, unknown> => ({
  role: vm.role,
  description: vm.description,
  memory: vm.memoryMiB,
  vcpus: vm.vcpus,
  readyTimeout: vm.readyTimeout,
  devices: vm.devices,
  net: vm.net,
  usb: vm.usb.map(usbClaimText),
  display: vm.display,
  shares: vm.shares,
  reach: vm.reach,
  uplink: vm.uplink,
  packages: vm.packages,
  vmm: vm.vmm,
  after: vm.after,
});

/** What spectrum derives for a VM; `start` is its 1-based position in the start order. */
const derivedOf = (vm: Vm, start: number, topology: Topology): Record<string, unknown> => ({
  cid: vm.ids.cid,
  mac: vm.ids.mac,
  diskId: vm.ids.diskId,
  address: vm.netLink?.address ?? null,
  routerAddress: vm.netLink?.routerAddress ?? null,
  routerMac: vm.netLink?.routerMac ?? null,
  routesFor: topology.vms.filter((other) => other.net === vm.name).map((other) => other.name),
  start,
});

function changes(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  return Object.keys(after)
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

export function diffTopologies(before: Topology, after: Topology): TopologyDiff {
  const old = new Map(before.vms.map((vm) => [vm.name, vm]));
  const now = new Map(after.vms.map((vm) => [vm.name, vm]));
  const position = (t: Topology) => new Map(t.startOrder.map((name, i) => [name, i + 1]));
  const [oldStart, newStart] = [position(before), position(after)];
  const both = after.vms.filter((vm) => old.has(vm.name));
  const perVm = (of: (vm: Vm, side: Topology) => Record<string, unknown>): VmChange[] =>
    both.map((vm) => ({ name: vm.name, changes: changes(of(old.get(vm.name)!, before), of(vm, after)) })).filter((c) => c.changes.length > 0);
  return {
    topology: changes(
      { name: before.name, vmm: before.vmm, 'host.kernelParams': before.host.kernelParams, 'host.hardwareParams': before.host.hardwareParams },
      { name: after.name, vmm: after.vmm, 'host.kernelParams': after.host.kernelParams, 'host.hardwareParams': after.host.hardwareParams },
    ),
    added: after.vms.filter((vm) => !old.has(vm.name)).map((vm) => vm.name),
    removed: before.vms.filter((vm) => !now.has(vm.name)).map((vm) => vm.name),
    changed: perVm((vm) => authored(vm)),
    derived: perVm((vm, side) => derivedOf(vm, (side === before ? oldStart : newStart).get(vm.name)!, side)),
  };
}

export const isEmpty = (diff: TopologyDiff): boolean =>
  diff.topology.length + diff.added.length + diff.removed.length + diff.changed.length + diff.derived.length === 0;
