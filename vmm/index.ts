// One emitter per VMM, chosen by the VM's resolved `vmm`. Adding a VMM is one file here, its
// entry in EMITTERS and its features in vmms.ts (the Record type makes a missing entry a
// compile error).
import type { Topology, Vm } from '../cli/topology/types.js';
import type { VmmCommand } from './types.js';
import type { VmmName } from './vmms.js';
import { cloudHypervisor } from './cloud-hypervisor.js';
import { crosvm } from './crosvm.js';
import { qemu } from './qemu.js';

export type VmmEmitter = (vm: Vm, topology: Topology) => VmmCommand;

export const EMITTERS: Record<VmmName, VmmEmitter> = {
  'cloud-hypervisor': cloudHypervisor,
  crosvm,
  qemu,
};

/** The command line that starts `vm`, with its build outputs as symbolic references. */
export function vmmCommand(vm: Vm, topology: Topology): VmmCommand {
  return EMITTERS[vm.vmm](vm, topology);
}
