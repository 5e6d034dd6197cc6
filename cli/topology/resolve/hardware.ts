// What the host's kernel command line needs for the PCI devices the topology passes
// through, derived from the machine's hardware.json rather than typed by the user.
import type { Hardware } from '../../hardware/types.js';
import { valid, type TopologySpec } from '../language/spec.js';

/**
 * Intel's IOMMU is off unless the kernel is told (`intel_iommu=on`); AMD-Vi is on whenever
 * the firmware enables it (`amd_iommu=` has no "on", only ways to turn it off or tune it).
 * `vfio-pci.ids=` makes vfio-pci claim the assigned devices' vendor:device ids when it
 * loads, so the host's own drivers never bind them. Nothing without assigned devices.
 */
export function hardwareParams(spec: TopologySpec, hardware: Hardware | null): string[] {
  if (!hardware) return [];
  const byAddress = new Map(hardware.pci.map((fn) => [fn.address, fn]));
  const ids = new Set<string>();
  for (const vm of spec.vms) {
    for (const { value } of valid(vm.devices)) {
      const fn = byAddress.get(value);
      if (fn) ids.add(`${fn.vendor}:${fn.device}`);
    }
  }
  if (ids.size === 0) return [];
  return [...(hardware.cpu === 'intel' ? ['intel_iommu=on'] : []), `vfio-pci.ids=${[...ids].sort().join(',')}`];
}
