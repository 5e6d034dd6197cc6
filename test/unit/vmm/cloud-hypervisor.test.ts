import { expect, test } from 'vitest';
import { cloudHypervisor } from '../../../vmm/cloud-hypervisor.js';
import { browser, on, sysNet, sysUsb, topology } from './fixtures.js';
import { render } from './render.js';

const cmd = (vm: Parameters<typeof cloudHypervisor.command>[0]) => {
  const { program, argv } = cloudHypervisor.command(vm, topology);
  return [program, ...render(argv)];
};

const boot = (name: string, cid: number) => [
  '--kernel', '<kernel>',
  '--initramfs', '<initramfs>',
  '--cmdline', 'console=ttyS0 quiet panic=-1 spectrum.root=/dev/vda spectrum.verity=/dev/vdb roothash=<roothash>',
  '--disk',
  `path=<rootfs>,readonly=on,serial=spectrum-${name}`,
  `path=<verity>,readonly=on,serial=spectrum-${name}-v`,
  '--serial', 'tty',
  '--console', 'off',
  '--vsock', `cid=${cid},socket=/run/spectrum/vms/${name}/vsock.sock`,
];

test('app VM with network and a share: tap, virtio-fs and shared memory', () => {
  expect(cmd(on({ ...browser, display: null }, 'cloud-hypervisor'))).toEqual([
    'cloud-hypervisor',
    '--api-socket', 'path=/run/spectrum/vms/browser/vmm.sock',
    '--cpus', 'boot=2',
    '--memory', 'size=2048M,shared=on',
    ...boot('browser', 6),
    '--net', 'tap=sv-browser,mac=02:00:00:00:00:06',
    '--fs', 'tag=downloads,socket=/run/spectrum/vms/browser/fs-downloads.sock',
  ]);
});

test('net VM: its NIC through VFIO and one router tap per app VM it serves', () => {
  expect(cmd(sysNet)).toEqual([
    'cloud-hypervisor',
    '--api-socket', 'path=/run/spectrum/vms/sys-net/vmm.sock',
    '--cpus', 'boot=1',
    '--memory', 'size=512M',
    ...boot('sys-net', 3),
    '--net',
    'tap=sr-browser,mac=02:00:00:00:01:06',
    'tap=sr-mail-a-fcd00,mac=02:00:00:00:01:07',
    '--device', 'path=/sys/bus/pci/devices/0000:00:1f.6/',
  ]);
});

test('USB VM: its controller through VFIO, no network', () => {
  expect(cmd(sysUsb)).toEqual([
    'cloud-hypervisor',
    '--api-socket', 'path=/run/spectrum/vms/sys-usb/vmm.sock',
    '--cpus', 'boot=1',
    '--memory', 'size=256M',
    ...boot('sys-usb', 4),
    '--device', 'path=/sys/bus/pci/devices/0000:00:14.0/',
  ]);
});

test('the power button is ch-remote power-button on the API socket; no stand-ins exist', () => {
  const c = cloudHypervisor.command(on(sysNet, 'cloud-hypervisor'), topology);
  expect(c.powerButton).toEqual({ tool: 'vmm', program: 'ch-remote', argv: ['--api-socket', '/run/spectrum/vms/sys-net/vmm.sock', 'power-button'], input: '' });
  expect(render(c.emulatedArgv!).filter((a) => a.startsWith('path=/sys/bus/pci'))).toEqual([]);
  expect(render(c.argv).filter((a) => a.startsWith('path=/sys/bus/pci'))).toEqual(['path=/sys/bus/pci/devices/0000:00:1f.6/']);
});

test('its vsock is hybrid: the host runtime is told the socket the VMM binds', () => {
  const c = cloudHypervisor.command(on(sysNet, 'cloud-hypervisor'), topology);
  expect(c.vsockSocket).toBe('/run/spectrum/vms/sys-net/vsock.sock');
  expect(render(c.argv)).toContain(`cid=${sysNet.ids.cid},socket=${c.vsockSocket}`);
});
