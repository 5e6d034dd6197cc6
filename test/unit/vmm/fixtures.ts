// A resolved topology with one VM of every kind the emitters treat differently: a net VM (VFIO
// NIC, routes for two app VMs), a USB VM (VFIO controller), a GPU VM, an app VM with network,
// a share and a display, and an app VM with a name too long for a plain tap name.
import type { Topology, Vm } from '../../../cli/topology/types.js';
import type { VmmName } from '../../../vmm/index.js';
import { vm } from '../../resolved-vm.js';

// Small VMs with no description, their disk ids named after them.
const base = (name: string, cid: number): Vm => {
  const v = vm(name, cid, { description: '', memoryMiB: 256 });
  return { ...v, ids: { ...v.ids, diskId: `spectrum-${name}`.slice(0, 20) } };
};

export const sysNet: Vm = {
  ...base('sys-net', 3),
  role: 'net',
  memoryMiB: 512,
  devices: ['0000:00:1f.6'],
};

export const sysUsb: Vm = {
  ...base('sys-usb', 4),
  role: 'usb',
  devices: ['0000:00:14.0'],
};

export const sysGpu: Vm = {
  ...base('sys-gpu', 5),
  role: 'gpu',
  devices: ['0000:01:00.0', '0000:01:00.1'],
};

export const browser: Vm = {
  ...base('browser', 6),
  description: 'Web browsing',
  memoryMiB: 2048,
  vcpus: 2,
  net: 'sys-net',
  usb: ['046d:c52b'],
  display: 'sys-gpu',
  shares: [{ tag: 'downloads', readOnly: false }],
  packages: ['firefox'],
  vmm: 'crosvm',
  after: ['sys-gpu', 'sys-net', 'sys-usb'],
  netLink: {
    routerAddress: '100.64.0.0',
    address: '100.64.0.1',
    prefixLength: 31,
    routerMac: '02:00:00:00:01:06',
  },
};

export const mail: Vm = {
  ...base('mail-and-calendar', 7),
  net: 'sys-net',
  shares: [{ tag: 'mail', readOnly: true }],
  after: ['sys-net'],
  netLink: {
    routerAddress: '100.64.0.2',
    address: '100.64.0.3',
    prefixLength: 31,
    routerMac: '02:00:00:00:01:07',
  },
};

export const topology: Topology = {
  name: 'laptop',
  source: 'topology.nix',
  vmm: 'cloud-hypervisor',
  host: { kernelParams: [] },
  vms: [browser, mail, sysGpu, sysNet, sysUsb],
  startOrder: ['sys-gpu', 'sys-net', 'sys-usb', 'browser', 'mail-and-calendar'],
};

/** The same VM run by another VMM. */
export const on = (vm: Vm, vmm: VmmName): Vm => ({ ...vm, vmm });
