// The resolved topology: a plain, fully defaulted value. Every stage after `resolve`
// (emit, build, run, flash) takes this and nothing else.
import type { Role } from './language/roles.js';
import type { UsbClaim } from './language/usb-claims.js';

export type { Role, UsbClaim };

export interface Topology {
  /** `[a-z][a-z0-9-]*`; used in labels and file names. */
  name: string;
  /** The topology file it came from, as the user named it (for generated headers). */
  source: string;
  /**
   * Default VMM; each VM also carries its own resolved `vmm`. A name from vmm/index.ts'
   * VMMS, which validation checks; a plain string because the VMMs read these types.
   */
  vmm: string;
  host: HostConfig;
  /** Sorted by name. */
  vms: Vm[];
  /** VM names in the order the supervisor starts them (dependencies first, ties by name). */
  startOrder: string[];
}

export interface HostConfig {
  /** As the topology writes them. */
  kernelParams: string[];
  /** Derived from hardware.json for the devices passed through (resolve/hardware.ts); empty without one. */
  hardwareParams: string[];
}

export interface Share {
  tag: string;
  readOnly: boolean;
}

/** An opening between two app VMs of one net VM: this VM may connect to `vm` on `ports`. */
export interface Reach {
  vm: string;
  /** TCP and UDP, sorted, unique. */
  ports: number[];
}

/** A net VM's static uplink address (the default is DHCP). */
export interface Uplink {
  address: string;
  prefixLength: number;
  gateway: string | null;
  /** Resolvers, in the topology's order. */
  dns: string[];
}

export interface Vm {
  name: string;
  role: Role;
  description: string;
  memoryMiB: number;
  vcpus: number;
  /** Seconds the host waits for its readiness report before it counts the boot as failed. */
  readyTimeout: number;
  /** PCI addresses `DDDD:BB:DD.F`, lower-case, given to this VM through VFIO. */
  devices: string[];
  /** Name of the net VM that routes for it, or null for no network. */
  net: string | null;
  /** The USB devices it owns, forwarded from the USB VM, in the topology's order. */
  usb: UsbClaim[];
  /** Name of the GPU VM that shows its windows, or null. */
  display: string | null;
  shares: Share[];
  /** Sorted by VM name. */
  reach: Reach[];
  /** A net VM's static uplink; null: DHCP (or no uplink of its own). */
  uplink: Uplink | null;
  /** nixpkgs attribute paths (host set: program names) for its root filesystem. */
  packages: string[];
  /** A name from vmm/index.ts' VMMS (see Topology's `vmm`). */
  vmm: string;
  /** Explicit `after` plus the implied ones (net, display, USB VM), sorted, unique. */
  after: string[];
  /** Derived identities: stable across runs, independent of key order and of other VMs. */
  ids: VmIds;
  /** The link to its net VM, when `net` is set. */
  netLink: NetLink | null;
}

export interface VmIds {
  /** vsock context id, >= 3. */
  cid: number;
  /** Locally administered unicast MAC of its own (first) interface. */
  mac: string;
  /** Stable identifier for its disks (root filesystem image serial). */
  diskId: string;
}

/** A point-to-point /31 between an app VM and its net VM (RFC 3021). */
export interface NetLink {
  /** The net VM's side: gateway of the app VM. */
  routerAddress: string;
  /** The app VM's own address. */
  address: string;
  prefixLength: 31;
  /** MAC of the net VM's side of this link. */
  routerMac: string;
}
