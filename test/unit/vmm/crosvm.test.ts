import { expect, test } from 'vitest';
import { crosvm } from '../../../vmm/crosvm.js';
import { browser, on, sysNet, sysUsb, topology } from './fixtures.js';
import { render } from './render.js';

const cmd = (vm: Parameters<typeof crosvm.command>[0]) => {
  const { program, argv } = crosvm.command(vm, topology);
  return [program, ...render(argv)];
};

const start = (name: string, vcpus: number, mem: number) => [
  'crosvm', 'run',
  '--socket', `/run/spectrum/vms/${name}/vmm.sock`,
  '--cpus', `num-cores=${vcpus}`,
  '--mem', `size=${mem}`,
  '--serial', 'type=stdout,hardware=serial,num=1,console=true',
  '--initrd', '<initramfs>',
  '--params', 'console=ttyS0 quiet panic=-1 spectrum.root=/dev/vda spectrum.verity=/dev/vdb roothash=<roothash>',
  '--block', `path=<rootfs>,ro=true,id=spectrum-${name}`,
  '--block', `path=<verity>,ro=true,id=spectrum-${name}-v`,
];

test('app VM with network, a share and a display through the GPU VM', () => {
  expect(cmd(browser)).toEqual([
    ...start('browser', 2, 2048),
    '--vsock', 'cid=6',
    '--net', 'tap-name=sv-browser,mac=02:00:00:00:00:06',
    '--vhost-user-fs', '/run/spectrum/vms/browser/fs-downloads.sock:downloads',
    '--gpu', 'context-types=cross-domain,displays=[]',
    '--wayland-sock', '/run/spectrum/vms/sys-gpu/wayland-0',
    '<kernel>',
  ]);
});

test('net VM: its NIC through VFIO and one router tap per app VM it serves', () => {
  expect(cmd(on(sysNet, 'crosvm'))).toEqual([
    ...start('sys-net', 1, 512),
    '--vsock', 'cid=3',
    '--net', 'tap-name=sr-browser,mac=02:00:00:00:01:06',
    '--net', 'tap-name=sr-mail-a-fcd00,mac=02:00:00:00:01:07',
    '--vfio', '/sys/bus/pci/devices/0000:00:1f.6/',
    '<kernel>',
  ]);
});

test('USB VM: its controller through VFIO, the kernel last', () => {
  expect(cmd(on(sysUsb, 'crosvm'))).toEqual([
    ...start('sys-usb', 1, 256),
    '--vsock', 'cid=4',
    '--vfio', '/sys/bus/pci/devices/0000:00:14.0/',
    '<kernel>',
  ]);
});

test('the power button is crosvm powerbtn on the control socket; no stand-ins exist', () => {
  const c = crosvm.command(on(sysNet, 'crosvm'), topology);
  expect(c.powerButton).toEqual({ tool: 'vmm', program: 'crosvm', argv: ['powerbtn', '/run/spectrum/vms/sys-net/vmm.sock'], input: '' });
  expect(render(c.emulatedArgv!)).not.toContain('--vfio');
  expect(render(c.argv)).toContain('--vfio');
});

test('its vsock is the kernel vhost-vsock: no socket for the host runtime', () => {
  expect(crosvm.command(on(sysNet, 'crosvm'), topology).vsockSocket).toBeNull();
});
