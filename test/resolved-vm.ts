// The one factory of resolved VMs for tests that hand a stage its input directly, whatever
// validation would or would not let through: every field filled, identities from `cid`.
import type { Vm } from '../cli/topology/types.js';

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
