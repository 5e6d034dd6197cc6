import { expect, test } from 'vitest';
import { qemu } from '../../../vmm/qemu.js';
import { browser, on, sysNet, sysUsb, topology } from './fixtures.js';
import { render } from './render.js';

const cmd = (vm: Parameters<typeof qemu.command>[0]) => {
  const { program, argv } = qemu.command(vm, topology);
  return [program, ...render(argv)];
};

const machine = (vcpus: number, mem: number) => [
  'qemu-system-x86_64',
  '-accel', 'kvm',
  '-accel', 'tcg',
  '-machine', 'q35',
  '-cpu', 'max',
  '-smp', String(vcpus),
  '-m', `${mem}M`,
];

const boot = (name: string, cid: number) => [
  '-nodefaults',
  '-no-user-config',
  '-no-reboot',
  '-qmp', `unix:/run/spectrum/vms/${name}/vmm.sock,server=on,wait=off`,
  '-chardev', 'stdio,id=console,signal=off',
  '-serial', 'chardev:console',
  '-kernel', '<kernel>',
  '-initrd', '<initramfs>',
  '-append', 'console=ttyS0 quiet panic=-1 spectrum.root=/dev/vda spectrum.verity=/dev/vdb roothash=<roothash>',
  '-drive', 'file=<rootfs>,if=none,id=rootfs,format=raw,read-only=on',
  '-device', `virtio-blk-pci,drive=rootfs,serial=spectrum-${name}`,
  '-drive', 'file=<verity>,if=none,id=verity,format=raw,read-only=on',
  '-device', `virtio-blk-pci,drive=verity,serial=spectrum-${name}-v`,
  '-device', `vhost-vsock-pci,guest-cid=${cid}`,
];

test('app VM with network, a share (shared memfd memory) and a display over VNC', () => {
  expect(cmd(on(browser, 'qemu'))).toEqual([
    ...machine(2, 2048),
    '-object', 'memory-backend-memfd,id=mem,size=2048M,share=on',
    '-numa', 'node,memdev=mem',
    ...boot('browser', 6),
    '-netdev', 'tap,id=net0,ifname=sv-browser,script=no,downscript=no',
    '-device', 'virtio-net-pci,netdev=net0,mac=02:00:00:00:00:06,romfile=',
    '-chardev', 'socket,id=fs0,path=/run/spectrum/vms/browser/fs-downloads.sock',
    '-device', 'vhost-user-fs-pci,chardev=fs0,tag=downloads',
    '-device', 'virtio-gpu-pci',
    '-vnc', 'unix:/run/spectrum/vms/browser/vnc.sock',
  ]);
});

test('net VM: its NIC through VFIO and one router tap per app VM it serves', () => {
  expect(cmd(on(sysNet, 'qemu'))).toEqual([
    ...machine(1, 512),
    ...boot('sys-net', 3),
    '-netdev', 'tap,id=net0,ifname=sr-browser,script=no,downscript=no',
    '-device', 'virtio-net-pci,netdev=net0,mac=02:00:00:00:01:06,romfile=',
    '-netdev', 'tap,id=net1,ifname=sr-mail-a-fcd00,script=no,downscript=no',
    '-device', 'virtio-net-pci,netdev=net1,mac=02:00:00:00:01:07,romfile=',
    '-device', 'vfio-pci,host=0000:00:1f.6',
    '-display', 'none',
  ]);
});

test('USB VM: its controller through VFIO, no display', () => {
  expect(cmd(on(sysUsb, 'qemu'))).toEqual([
    ...machine(1, 256),
    ...boot('sys-usb', 4),
    '-device', 'vfio-pci,host=0000:00:14.0',
    '-display', 'none',
  ]);
});

test('stand-ins replace passed-through devices by role, for spectrum run', () => {
  const standIns = (vm: Parameters<typeof qemu.command>[0]) => render(qemu.command(vm, topology).emulatedArgv!).filter((a) => /uplink|xhci|vfio/.test(a));
  expect(standIns(on(sysNet, 'qemu'))).toEqual(['user,id=uplink0', 'virtio-net-pci,netdev=uplink0,romfile=']);
  expect(standIns(on(sysUsb, 'qemu'))).toEqual(['qemu-xhci,id=xhci0']);
  // Nothing else differs from the real command line.
  const real = render(qemu.command(on(sysNet, 'qemu'), topology).argv);
  const emulated = render(qemu.command(on(sysNet, 'qemu'), topology).emulatedArgv!);
  expect(emulated.filter((a) => !real.includes(a))).toEqual(['user,id=uplink0', 'virtio-net-pci,netdev=uplink0,romfile=']);
  expect(qemu.command(on(browser, 'qemu'), topology).emulatedArgv).toBeNull();
});

test('the power button is QMP system_powerdown on the control socket, after capabilities', () => {
  expect(qemu.command(on(browser, 'qemu'), topology).powerButton).toEqual({
    tool: 'socat',
    program: 'socat',
    argv: ['-t', '5', '-', 'UNIX-CONNECT:/run/spectrum/vms/browser/vmm.sock'],
    input: '{"execute":"qmp_capabilities"}\n{"execute":"system_powerdown"}\n',
  });
});

test('its vsock is the kernel vhost-vsock: no socket for the host runtime', () => {
  expect(qemu.command(on(browser, 'qemu'), topology).vsockSocket).toBeNull();
});
