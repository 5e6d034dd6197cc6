import { describe, expect, it } from 'vitest';
import { resolveValue, vmOf } from './topology.js';

describe('resolve defaults', () => {
  it('fills every default of a minimal VM', () => {
    const t = resolveValue({ name: 'laptop', vms: { notes: {} } });
    expect(t.vmm).toBe('cloud-hypervisor');
    expect(t.host).toEqual({ kernelParams: [], hardwareParams: [] });
    const { ids, ...rest } = vmOf(t, 'notes');
    expect(rest).toEqual({
      name: 'notes',
      role: 'app',
      description: '',
      memoryMiB: 512,
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
      netLink: null,
    });
    expect(Object.keys(ids).sort()).toEqual(['cid', 'diskId', 'mac']);
  });

  it('gives device VMs their role default memory and explicit sizes their MiB', () => {
    const t = resolveValue({
      name: 'laptop',
      vms: {
        'sys-net': { role: 'net', devices: ['0000:00:1f.6'] },
        'sys-gpu': { role: 'gpu', devices: ['0000:01:00.0'] },
        a: { memory: '1024K' },
        b: { memory: '2G' },
        c: { memory: '1T' },
        d: { memory: '3GiB' },
        e: { memory: 768 },
      },
    });
    expect(t.vms.map((vm) => [vm.name, vm.memoryMiB])).toEqual([
      ['a', 1],
      ['b', 2048],
      ['c', 1024 * 1024],
      ['d', 3072],
      ['e', 768],
      ['sys-gpu', 1024],
      ['sys-net', 256],
    ]);
  });

  it('takes each VM\'s vmm from the topology unless the VM names its own', () => {
    const t = resolveValue({ name: 'laptop', vmm: 'qemu', vms: { a: {}, b: { vmm: 'crosvm' } } });
    expect([t.vmm, vmOf(t, 'a').vmm, vmOf(t, 'b').vmm]).toEqual(['qemu', 'qemu', 'crosvm']);
  });

  it('normalizes PCI and USB ids to lower case and shares to read-only unless told', () => {
    const t = resolveValue({
      name: 'laptop',
      vms: {
        'sys-usb': { role: 'usb', devices: ['0000:00:1F.6'] },
        b: { usb: ['046D:C52B'], shares: [{ tag: 'a' }, { tag: 'b', readOnly: false }] },
      },
    });
    expect(vmOf(t, 'sys-usb').devices).toEqual(['0000:00:1f.6']);
    expect(vmOf(t, 'b').usb).toEqual([{ id: '046d:c52b', serial: null, port: null }]);
    expect(vmOf(t, 'b').shares).toEqual([
      { tag: 'a', readOnly: true },
      { tag: 'b', readOnly: false },
    ]);
  });

  it('treats null net and display as absent', () => {
    const t = resolveValue({ name: 'laptop', vms: { a: { net: null, display: null } } });
    expect([vmOf(t, 'a').net, vmOf(t, 'a').display, vmOf(t, 'a').netLink]).toEqual([null, null, null]);
  });

  it('keeps the source path as the user gave it and sorts VMs by name', () => {
    const t = resolveValue({ name: 'laptop', vms: { zeta: {}, alpha: {}, 'mid-1': {} } }, '../conf/topology.json');
    expect(t.source).toBe('../conf/topology.json');
    expect(t.vms.map((vm) => vm.name)).toEqual(['alpha', 'mid-1', 'zeta']);
  });
});
