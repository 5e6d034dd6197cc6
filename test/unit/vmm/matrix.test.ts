// Properties every VMM's command must have, checked for every VMM in the one list
// (vmm/index.ts) and every kind of VM: adding a VMM whose command breaks these fails here.
import { describe, expect, test } from 'vitest';
import { VMMS, VMM_NAMES, vmmCommand, vmmNamed } from '../../../vmm/index.js';
import type { VmOutput } from '../../../vmm/types.js';
import { browser, mail, on, sysGpu, sysNet, sysUsb, topology } from './fixtures.js';

const OUTPUTS: VmOutput[] = ['kernel', 'initramfs', 'rootfs', 'verity', 'roothash'];
const noDisplay = { ...browser, display: null };

test('VMM names are unique, and a name no VMM has is a bug, not a guess', () => {
  expect(new Set(VMM_NAMES).size).toBe(VMMS.length);
  expect(() => vmmNamed('firecracker')).toThrow(/bug: no VMM named firecracker/);
});

describe.each(VMM_NAMES)('%s', (vmm) => {
  const vms = [sysNet, sysUsb, sysGpu, mail, noDisplay].map((vm) => on(vm, vmm));
  const canDisplay = vmmNamed(vmm).features.includes('display');

  test('vmmCommand dispatches on vm.vmm', () => {
    expect(vmmCommand(vms[0]!, topology)).toEqual(vmmNamed(vmm).command(vms[0]!, topology));
  });

  test.each(vms.map((vm) => [vm.name, vm] as const))('%s: refers to each build output once', (_, vm) => {
    const refs = vmmCommand(vm, topology).argv.flatMap((a) => (typeof a === 'string' ? [] : [a.ref]));
    expect([...refs].sort()).toEqual([...OUTPUTS].sort());
  });

  test.each(vms.map((vm) => [vm.name, vm] as const))('%s: no empty or padded argument', (_, vm) => {
    const { program, argv } = vmmCommand(vm, topology);
    for (const a of [program, ...argv]) {
      const text = typeof a === 'string' ? a : `${a.prefix ?? ''}${a.suffix ?? ''}`;
      if (typeof a === 'string') expect(text).not.toBe('');
      expect(text).toBe(text.trim());
      expect(text).not.toMatch(/undefined|null|NaN|\[object/);
    }
  });

  test('passes through every VFIO device of a VM', () => {
    const text = JSON.stringify(vmmCommand(on(sysGpu, vmm), topology).argv);
    for (const device of sysGpu.devices) expect(text).toContain(device);
  });

  test('gives the VM its vsock CID and a tap with its own MAC', () => {
    const text = JSON.stringify(vmmCommand(on(mail, vmm), topology).argv);
    expect(text).toMatch(new RegExp(`cid=${mail.ids.cid}\\b`));
    expect(text).toContain(mail.ids.mac);
  });

  test('gives a net VM the router side of each link it serves', () => {
    const text = JSON.stringify(vmmCommand(on(sysNet, vmm), topology).argv);
    expect(text).toContain(browser.netLink!.routerMac);
    expect(text).toContain(mail.netLink!.routerMac);
  });

  test(canDisplay ? 'shows a display VM' : 'refuses a display it cannot show', () => {
    const vm = on(browser, vmm);
    if (canDisplay) expect(JSON.stringify(vmmCommand(vm, topology).argv)).toMatch(/gpu/);
    else expect(() => vmmCommand(vm, topology)).toThrow(/display/);
  });

  test('refuses a share tag that would inject options', () => {
    const vm = on({ ...mail, shares: [{ tag: 'a,socket=/etc', readOnly: false }] }, vmm);
    expect(() => vmmCommand(vm, topology)).toThrow(/share tag/);
  });
});
