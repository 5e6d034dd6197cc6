// The resolved views the templates render: plain data in a fixed order, nothing left for a
// template to decide. One function per generated file kind.
import { posix } from 'node:path';
import type { Topology, Vm } from '../topology/types.js';
import type { Arg, ControlCommand } from '../../vmm/types.js';
import { vmmCommand } from '../../vmm/index.js';
import { clientsOf, hostLinks, tapName, type HostLink } from '../../vmm/net.js';
import { compareNames } from '../topology/language/names.js';
import { usbClaimText } from '../topology/language/usb-claims.js';
import { firewallFile } from './firewall.js';

export interface VmRef {
  name: string;
  /** The VM's file, relative to the output directory. */
  file: string;
  /** Its attribute in the flake's packages. */
  package: string;
}

export interface VmView {
  name: string;
  role: string;
  description: string;
  memoryMiB: number;
  vcpus: number;
  cid: number;
  mac: string;
  diskId: string;
  devices: string[];
  usb: string[];
  shares: { tag: string; readOnly: boolean }[];
  packages: string[];
  after: string[];
  display: string | null;
  /** Zero or one link: `{{#each}}` renders it, `{{else}}` renders `null`. */
  net: { vm: string; address: string; routerAddress: string; prefixLength: number; routerMac: string }[];
  /** The links this VM routes for (a net VM's app VMs), sorted by client name. */
  clients: ClientLinkView[];
  /** A USB VM's claims to match plugged devices against: every VM's, numbered from 1. */
  usbClaims: UsbClaimView[];
  /** A net VM's static uplink: zero or one, as `net`. */
  uplink: { address: string; prefixLength: number; gateway: string | null; dns: string[] }[];
  /** A net VM's firewall (cli/emit/firewall.ts), relative to the VM's file: zero or one, as `net`. */
  firewall: string[];
  vmm: {
    name: string;
    program: string;
    kernel: 'bzImage' | 'vmlinux';
    argv: Arg[];
    /** Zero or one stand-in command line (`{{#each}}`/`{{else}}` as for `net`). */
    emulatedArgv: Arg[][];
    powerButton: ControlCommand;
  };
  /** What the host's runtime needs to run the VM (images/runtime/). */
  runtime: {
    readyTimeout: number;
    links: HostLink[];
    shares: { tag: string; mode: 'ro' | 'rw' }[];
    /** A USB VM's claims by number and their owners: the host's relay joins each to its owner only. */
    usbOwners: { claim: number; owner: string }[];
    /** Zero or one hybrid vsock socket (`VmmCommand.vsockSocket`; `{{#each}}` as for `net`). */
    vsockSocket: string[];
  };
}

/** One claim as a USB VM matches it; "-" where the claim does not narrow. */
export interface UsbClaimView {
  claim: number;
  id: string;
  serial: string;
  port: string;
  owner: string;
}

/** One app VM's link as its net VM sees it: `tap` is the router-side tap on the host. */
export interface ClientLinkView {
  name: string;
  address: string;
  routerAddress: string;
  prefixLength: number;
  routerMac: string;
  tap: string;
}

/** VM names become file names, so anything but a validated name here is a bug upstream. */
const VM_NAME = /^[a-z][a-z0-9-]*$/;

export function vmFile(name: string): string {
  if (!VM_NAME.test(name)) throw new Error(`VM name ${JSON.stringify(name)} reached the emitter; validation should have rejected it`);
  return `vms/${name}.nix`;
}

export const vmRefs = (topology: Topology): VmRef[] =>
  sortedVms(topology).map((vm) => ({ name: vm.name, file: vmFile(vm.name), package: `vm-${vm.name}` }));

export function vmView(vm: Vm, topology: Topology): VmView {
  const command = vmmCommand(vm, topology);
  return {
    name: vm.name,
    role: vm.role,
    description: vm.description,
    memoryMiB: vm.memoryMiB,
    vcpus: vm.vcpus,
    cid: vm.ids.cid,
    mac: vm.ids.mac,
    diskId: vm.ids.diskId,
    devices: vm.devices,
    usb: vm.usb.map(usbClaimText),
    shares: vm.shares.map(({ tag, readOnly }) => ({ tag, readOnly })),
    packages: vm.packages,
    after: vm.after,
    display: vm.display,
    net:
      vm.net === null || vm.netLink === null
        ? []
        : [{ vm: vm.net, address: vm.netLink.address, routerAddress: vm.netLink.routerAddress, prefixLength: vm.netLink.prefixLength, routerMac: vm.netLink.routerMac }],
    clients: clientLinks(vm, topology),
    usbClaims: vm.role === 'usb' ? usbClaims(topology) : [],
    uplink: vm.uplink ? [vm.uplink] : [],
    firewall: vm.role === 'net' ? [posix.relative(posix.dirname(vmFile(vm.name)), firewallFile(vm))] : [],
    vmm: {
      name: vm.vmm,
      program: command.program,
      kernel: command.kernel,
      argv: command.argv,
      emulatedArgv: command.emulatedArgv === null ? [] : [command.emulatedArgv],
      powerButton: command.powerButton,
    },
    runtime: {
      readyTimeout: vm.readyTimeout,
      links: hostLinks(vm, topology),
      shares: vm.shares.map((s) => ({ tag: s.tag, mode: s.readOnly ? 'ro' : 'rw' })),
      usbOwners: vm.role === 'usb' ? usbClaims(topology).map(({ claim, owner }) => ({ claim, owner })) : [],
      vsockSocket: command.vsockSocket === null ? [] : [command.vsockSocket],
    },
  };
}

/** Every VM's claims, VMs by name and each VM's in its order, numbered from 1. */
const usbClaims = (topology: Topology): UsbClaimView[] =>
  sortedVms(topology)
    .flatMap((vm) => vm.usb.map((c) => ({ id: c.id ?? '-', serial: c.serial ?? '-', port: c.port ?? '-', owner: vm.name })))
    .map((c, i) => ({ claim: i + 1, ...c }));

/**
 * Only the clients' link data, nothing else of theirs: a net VM's file (and so its build)
 * changes when a link it routes for does, not when a client's memory or packages do.
 */
const clientLinks = (vm: Vm, topology: Topology): ClientLinkView[] =>
  clientsOf(vm, topology).map((client) => {
    const link = client.netLink!;
    return {
      name: client.name,
      address: link.address,
      routerAddress: link.routerAddress,
      prefixLength: link.prefixLength,
      routerMac: link.routerMac,
      tap: tapName(client.name, 'router'),
    };
  });

export const defaultView = (topology: Topology) => ({ vms: vmRefs(topology) });

export const flakeView = (topology: Topology, nixpkgsUrl: string) => ({
  description: `spectrum system ${topology.name}`,
  nixpkgsUrl,
  vms: vmRefs(topology),
});

export const hostView = (topology: Topology) => ({
  name: topology.name,
  // Derived ones first: a parameter the user wrote again comes later and wins.
  kernelParams: [...topology.host.hardwareParams, ...topology.host.kernelParams],
  startOrder: topology.startOrder,
});

export const liveImageView = (topology: Topology) => ({ name: topology.name });

/** The resolver sorts VMs already; sorting again keeps output stable for any caller. */
export const sortedVms = (topology: Topology): Vm[] =>
  [...topology.vms].sort((a, b) => compareNames(a.name, b.name));
