// Resolved topologies built by hand, so the emitter is tested on its own input type
// whatever validation would or would not let through.
import type { Topology } from '../../../cli/topology/types.js';
import { vm } from '../../resolved-vm.js';

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
