// Resolved topologies built by hand, so the emitter is tested on its own input type
// whatever validation would or would not let through.
import type { Topology, Vm } from '../../../cli/topology/types.js';

export function vm(name: string, cid: number, overrides: Partial<Vm> = {}): Vm {
  const hex = cid.toString(16).padStart(2, '0');
  return {
    name,
    role: 'app',
    description: `The ${name} VM`,
    memoryMiB: 1024,
    vcpus: 1,
    readyTimeout: 180,
    devices: [],
    net: null,
    usb: [],
    display: null,
    shares: [],
    reach: [],
    uplink: null,
    packages: [],
    vmm: 'cloud-hypervisor',
    after: [],
    ids: { cid, mac: `02:00:00:00:00:${hex}`, diskId: `disk${hex}` },
    netLink: null,
    ...overrides,
  };
}

/** The bundled default topology's shape: a net VM routing for one of two app VMs. */
export function smallTopology(overrides: Partial<Topology> = {}): Topology {
  return {
    name: 'small',
    source: 'topology.nix',
    vmm: 'cloud-hypervisor',
    host: { kernelParams: ['intel_iommu=on', 'iommu=pt'], hardwareParams: [] },
    vms: [
      vm('browser', 3, {
        description: 'Web browsing',
        memoryMiB: 2048,
        vcpus: 2,
        net: 'sys-net',
        packages: ['curl'],
        shares: [{ tag: 'downloads', readOnly: false }],
        after: ['sys-net'],
        netLink: { address: '10.128.0.1', routerAddress: '10.128.0.0', prefixLength: 31, routerMac: '02:00:00:01:00:03' },
      }),
      vm('notes', 4, { packages: ['less'] }),
      vm('sys-net', 5, { role: 'net', memoryMiB: 512, devices: ['0000:00:1f.6'] }),
    ],
    startOrder: ['sys-net', 'browser', 'notes'],
    ...overrides,
  };
}
