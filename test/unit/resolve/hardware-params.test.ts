// The host kernel parameters resolve derives from hardware.json: the IOMMU switch for Intel
// and vfio-pci.ids= for the assigned devices. The hardware goldens check them on whole
// machines; here each part of the derivation is pinned on its own.
import { describe, expect, it } from 'vitest';
import type { Hardware, PciFunction } from '../../../cli/hardware/types.js';
import type { TopologySpec } from '../../../cli/topology/language/spec.js';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { hardwareParams } from '../../../cli/topology/resolve/hardware.js';
import { validate } from '../../../cli/topology/validate/index.js';

const pci = (address: string, vendor: string, device: string, cls: string, iommuGroup: number): PciFunction => ({
  address,
  vendor,
  device,
  class: cls,
  iommuGroup,
  driver: null,
  bootVga: false,
  resetMethods: [],
});

const machine = (cpu: Hardware['cpu']): Hardware => ({
  cpu,
  pci: [
    pci('0000:00:1f.6', '8086', '15d8', '020000', 1),
    pci('0000:02:00.0', '8086', '15d8', '020000', 2), // a second NIC of the same model
    pci('0000:01:00.0', '10de', '1187', '030000', 3),
    pci('0000:01:00.1', '10de', '0e0a', '040300', 3),
    pci('0000:00:14.0', '8086', 'a36d', '0c0330', 4),
  ],
  usb: [],
  unread: [],
});

/** The validated spec of `vms`, checked without hardware so any address may be named. */
function spec(vms: Record<string, unknown>): TopologySpec {
  const loaded = parseTopology(JSON.stringify({ name: 'pc', vms }), 'topology.json');
  const validated = validate(loaded.root!);
  expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return validated.spec!;
}

const assigned = spec({
  'sys-net': { role: 'net', devices: ['0000:02:00.0', '0000:00:1f.6'] },
  'sys-gpu': { role: 'gpu', devices: ['0000:01:00.1', '0000:01:00.0'] },
});

describe('host kernel parameters from hardware.json', () => {
  it('turn on the Intel IOMMU and give vfio-pci each assigned model once, sorted', () => {
    expect(hardwareParams(assigned, machine('intel'))).toEqual(['intel_iommu=on', 'vfio-pci.ids=10de:0e0a,10de:1187,8086:15d8']);
  });

  it('leave the IOMMU switch out on AMD and when the CPU is unknown (AMD-Vi has no "on")', () => {
    expect(hardwareParams(assigned, machine('amd'))).toEqual(['vfio-pci.ids=10de:0e0a,10de:1187,8086:15d8']);
    expect(hardwareParams(assigned, machine(null))).toEqual(['vfio-pci.ids=10de:0e0a,10de:1187,8086:15d8']);
  });

  it('are none without a hardware file', () => {
    expect(hardwareParams(assigned, null)).toEqual([]);
  });

  it('are none when no VM is assigned a device, even on Intel', () => {
    expect(hardwareParams(spec({ app: {} }), machine('intel'))).toEqual([]);
  });

  it('skip an address the machine does not have', () => {
    const params = hardwareParams(spec({ 'sys-net': { role: 'net', devices: ['0000:00:1f.6', '0000:05:00.0'] } }), machine('amd'));
    expect(params).toEqual(['vfio-pci.ids=8086:15d8']);
    expect(hardwareParams(spec({ 'sys-net': { role: 'net', devices: ['0000:05:00.0'] } }), machine('intel'))).toEqual([]);
  });
});
