// Every VMM spectrum knows, one file each. Adding a VMM is its file, its entry here and its
// package in each package set (modules/pkgs/host.nix and nixpkgs.nix, `vmms`).
import type { Topology, Vm } from '../cli/topology/types.js';
import type { Vmm, VmmCommand, VmmFeature } from './types.js';
import { cloudHypervisor } from './cloud-hypervisor.js';
import { crosvm } from './crosvm.js';
import { qemu } from './qemu.js';

const LIST = [cloudHypervisor, crosvm, qemu] as const;

export type VmmName = (typeof LIST)[number]['name'];

export const VMMS: readonly Vmm[] = LIST;

export const VMM_NAMES: readonly VmmName[] = LIST.map((v) => v.name);

export const FEATURE_LABELS: Record<VmmFeature, string> = {
  vfio: 'PCI passthrough (VFIO)',
  'virtio-fs': 'shared directories (virtio-fs)',
  vsock: 'vsock',
  display: 'a display (virtio-gpu)',
};

/** The VMM of that name; validation has checked every name a resolved topology holds. */
export function vmmNamed(name: string): Vmm {
  const vmm = VMMS.find((v) => v.name === name);
  if (vmm === undefined) throw new Error(`bug: no VMM named ${name} passed validation`);
  return vmm;
}

/** The command line that starts `vm`, with its build outputs as symbolic references. */
export function vmmCommand(vm: Vm, topology: Topology): VmmCommand {
  return vmmNamed(vm.vmm).command(vm, topology);
}
