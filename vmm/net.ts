// The tap interfaces of a VM. An app VM with a net VM has one tap (its side of the /31 link);
// a net VM has one tap per app VM it routes for (the router side, carrying routerMac). The host
// connects the two taps of a link; the net VM reaches the outside through its VFIO NIC.
import { createHash } from 'node:crypto';
import type { Topology, Vm } from '../cli/topology/types.js';
import { mac, plain } from './checked.js';

export interface TapInterface {
  tap: string;
  mac: string;
}

/** Linux interface names hold at most 15 bytes (IFNAMSIZ 16 with the terminating NUL). */
export const MAX_IFNAME = 15;

const PREFIX = { vm: 'sv-', router: 'sr-', bridge: 'sb-' } as const;
const SHORT_NAME = MAX_IFNAME - 4;

/**
 * The tap name of one side of an app VM's link, derived from the app VM's name alone so it is
 * stable whatever else is in the topology: `sv-<name>` (VM side) or `sr-<name>` (router side),
 * and `sb-<name>` for the host's bridge that joins the two, for names up to 11 characters (at most 14 bytes); longer names become
 * `sv-<first 6 characters>-<5 hex digits of sha256(name)>`, exactly 15 bytes. The two forms
 * differ in length, so a short name never collides with a shortened long one.
 */
export function tapName(appVm: string, side: keyof typeof PREFIX): string {
  const name = plain(appVm, 'VM name');
  if (name.length <= SHORT_NAME) return `${PREFIX[side]}${name}`;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 5);
  return `${PREFIX[side]}${name.slice(0, 6)}-${digest}`;
}

export function tapInterfaces(vm: Vm, topology: Topology): TapInterface[] {
  const own = vm.netLink ? [{ tap: tapName(vm.name, 'vm'), mac: mac(vm.ids.mac) }] : [];
  const routed = clientsOf(vm, topology).map((client) => ({
    tap: tapName(client.name, 'router'),
    mac: mac(client.netLink!.routerMac),
  }));
  return [...own, ...routed];
}

/** A link as the host's runtime sets it up: the bridge of one app VM's link and this VM's tap on it. */
export interface HostLink {
  bridge: string;
  tap: string;
}

/** The links `vm` is one end of: its own link to its net VM, and one per client it routes for. */
export function hostLinks(vm: Vm, topology: Topology): HostLink[] {
  const own = vm.netLink ? [{ bridge: tapName(vm.name, 'bridge'), tap: tapName(vm.name, 'vm') }] : [];
  const routed = clientsOf(vm, topology).map((c) => ({ bridge: tapName(c.name, 'bridge'), tap: tapName(c.name, 'router') }));
  return [...own, ...routed];
}

/** The app VMs `vm` routes for (those whose `net` it is, with their link), sorted by name. */
export const clientsOf = (vm: Vm, topology: Topology): readonly Vm[] => clientsByRouter(topology).get(vm.name) ?? [];

// Emitting every VM asks for its clients; indexing them once per topology keeps that linear.
const clientIndex = new WeakMap<Topology, Map<string, Vm[]>>();

function clientsByRouter(topology: Topology): Map<string, Vm[]> {
  let index = clientIndex.get(topology);
  if (!index) {
    index = new Map();
    for (const vm of topology.vms) {
      if (vm.net === null || vm.netLink === null) continue;
      const clients = index.get(vm.net);
      if (clients) clients.push(vm);
      else index.set(vm.net, [vm]);
    }
    for (const clients of index.values()) clients.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    clientIndex.set(topology, index);
  }
  return index;
}
