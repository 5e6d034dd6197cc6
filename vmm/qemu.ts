// QEMU: for running VMs locally and in tests, not the VMM of choice on a real host.
// Spellings follow microvm-nix/microvm.nix lib/runners/qemu.nix (`-nodefaults -no-user-config`,
// `-chardev stdio,..,signal=off` + `-serial chardev:`, `-drive ..,if=none,read-only=on` +
// `virtio-blk-pci,drive=..,serial=..`, `memory-backend-memfd,..,share=on` + `-numa node,memdev=`
// for vhost-user, `vhost-user-fs-pci,chardev=..,tag=..`, `-netdev tap,ifname=..,script=no`,
// `vhost-vsock-pci,guest-cid=`, `vfio-pci,host=`); every device property is also checked
// against the installed QEMU's `-device <driver>,help` by test/unit/vmm/qemu-properties.test.ts.
// `-accel kvm -accel tcg` makes QEMU fall back to TCG where KVM cannot start (inside a VM
// without nested virtualisation, as in this project's CI); QEMU prints "falling back to tcg".
import type { Topology, Vm } from '../cli/topology/types.js';
import type { Arg, VmmCommand } from './types.js';
import { diskSerials, kernelCmdline } from './boot.js';
import { pciAddress, plain } from './checked.js';
import { tapInterfaces } from './net.js';
import { controlSocket, fsSocket, vncSocket } from './paths.js';

export function qemu(vm: Vm, topology: Topology): VmmCommand {
  const serials = diskSerials(vm);
  const disk = (ref: 'rootfs' | 'verity', serial: string): Arg[] => [
    '-drive', { ref, prefix: 'file=', suffix: `,if=none,id=${ref},format=raw,read-only=on` },
    '-device', `virtio-blk-pci,drive=${ref},serial=${serial}`,
  ];
  // vhost-user devices (virtiofsd) map guest memory, so it must be a shareable memfd.
  const sharedMemory: Arg[] =
    vm.shares.length === 0
      ? []
      : ['-object', `memory-backend-memfd,id=mem,size=${vm.memoryMiB}M,share=on`, '-numa', 'node,memdev=mem'];
  return {
    program: 'qemu-system-x86_64',
    argv: [
      '-accel', 'kvm',
      '-accel', 'tcg',
      '-machine', 'q35',
      '-cpu', 'max',
      '-smp', String(vm.vcpus),
      '-m', `${vm.memoryMiB}M`,
      ...sharedMemory,
      '-nodefaults',
      '-no-user-config',
      '-qmp', `unix:${controlSocket(vm.name)},server=on,wait=off`,
      // The console goes to QEMU's stdout, which the supervisor logs.
      '-chardev', 'stdio,id=console,signal=off',
      '-serial', 'chardev:console',
      '-kernel', { ref: 'kernel' },
      '-initrd', { ref: 'initramfs' },
      '-append', kernelCmdline(),
      ...disk('rootfs', serials.rootfs),
      ...disk('verity', serials.verity),
      '-device', `vhost-vsock-pci,guest-cid=${vm.ids.cid}`,
      ...tapInterfaces(vm, topology).flatMap((t, i) => [
        '-netdev', `tap,id=net${i},ifname=${t.tap},script=no,downscript=no`,
        '-device', `virtio-net-pci,netdev=net${i},mac=${t.mac}`,
      ]),
      ...vm.shares.flatMap((s, i) => [
        '-chardev', `socket,id=fs${i},path=${fsSocket(vm.name, s.tag)}`,
        '-device', `vhost-user-fs-pci,chardev=fs${i},tag=${plain(s.tag, 'share tag')}`,
      ]),
      ...vm.devices.flatMap((d) => ['-device', `vfio-pci,host=${pciAddress(d)}`]),
      // Locally there is no GPU VM to show windows on: the display is served over VNC instead.
      ...(vm.display === null
        ? ['-display', 'none']
        : ['-device', 'virtio-gpu-pci', '-vnc', `unix:${vncSocket(vm.name)}`]),
    ],
  };
}
