import { describe, expect, it } from 'vitest';
import { resolveValue, vmOf } from './topology.js';

describe('start order', () => {
  const t = resolveValue({
    name: 'laptop',
    vmm: 'qemu',
    vms: {
      zoo: {},
      browser: { net: 'sys-net', display: 'sys-gpu', usb: ['046d:c52b'], after: ['vault', 'sys-net'] },
      vault: {},
      'sys-net': { role: 'net', devices: ['0000:00:1f.6'] },
      'sys-usb': { role: 'usb', devices: ['0000:00:14.0'], net: 'sys-net' },
      'sys-usb2': { role: 'usb', devices: ['0000:00:14.1'] },
      'sys-gpu': { role: 'gpu', devices: ['0000:01:00.0'] },
      mail: { net: 'sys-net' },
    },
  });

  it('puts explicit and implied dependencies in after, sorted and unique', () => {
    expect(vmOf(t, 'browser').after).toEqual(['sys-gpu', 'sys-net', 'sys-usb', 'sys-usb2', 'vault']);
    expect(vmOf(t, 'sys-usb').after).toEqual(['sys-net']);
    expect(vmOf(t, 'zoo').after).toEqual([]);
  });

  it('starts every VM after its dependencies, ties by name', () => {
    expect(t.startOrder).toEqual(['sys-gpu', 'sys-net', 'mail', 'sys-usb', 'sys-usb2', 'vault', 'browser', 'zoo']);
  });

  it('does not depend on the order the file lists VMs in', () => {
    const shuffled = resolveValue({
      name: 'laptop',
      vmm: 'qemu',
      vms: {
        mail: { net: 'sys-net' },
        'sys-gpu': { role: 'gpu', devices: ['0000:01:00.0'] },
        'sys-usb2': { role: 'usb', devices: ['0000:00:14.1'] },
        'sys-usb': { net: 'sys-net', devices: ['0000:00:14.0'], role: 'usb' },
        'sys-net': { devices: ['0000:00:1f.6'], role: 'net' },
        vault: {},
        browser: { after: ['sys-net', 'vault'], usb: ['046d:c52b'], display: 'sys-gpu', net: 'sys-net' },
        zoo: {},
      },
    });
    expect(shuffled).toEqual(t);
  });

  it('orders a 10,000-VM chain without recursion limits', () => {
    const vms: Record<string, { after?: string[] }> = {};
    for (let i = 0; i < 10_000; i++) vms[`vm-${i}`] = i === 0 ? {} : { after: [`vm-${i - 1}`] };
    const chain = resolveValue({ name: 'big', vms });
    expect(chain.startOrder.slice(0, 3)).toEqual(['vm-0', 'vm-1', 'vm-2']);
    expect(chain.startOrder.at(-1)).toBe('vm-9999');
  });
});
