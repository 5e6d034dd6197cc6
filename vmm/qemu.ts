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
import type { Arg, ControlCommand, Vmm, VmmCommand } from './types.js';
import { diskSerials, kernelCmdline } from './boot.js';
import { pciAddress, plain } from './checked.js';
import { tapInterfaces } from './net.js';
import { controlSocket, fsSocket, vncSocket } from './paths.js';

/** QMP wants its capabilities negotiated before any command. */
const POWER_BUTTON_QMP = '{"execute":"qmp_capabilities"}\n{"execute":"system_powerdown"}\n';

export const qemu = { name: 'qemu', features: ['vfio', 'virtio-fs', 'vsock', 'display'], command } as const satisfies Vmm;

function command(vm: Vm, topology: Topology): VmmCommand {
  const passthrough = vm.devices.flatMap((d) => ['-device', `vfio-pci,host=${pciAddress(d)}`]);
  const powerButton: ControlCommand = {
    tool: 'socat',
    program: 'socat',
    argv: ['-t', '5', '-', `UNIX-CONNECT:${controlSocket(vm.name)}`],
    input: POWER_BUTTON_QMP,
  };
  const argv = (devices: Arg[]): Arg[] => qemuArgv(vm, topology, devices);
  return {
    program: 'qemu-system-x86_64',
    kernel: 'bzImage',
    argv: argv(passthrough),
    emulatedArgv: vm.devices.length === 0 ? null : argv(standIns(vm)),
    powerButton,
    vsockSocket: null,
  };
}

/**
 * What stands in for each passed-through device when there is no such hardware (`spectrum
 * run`): by the VM's role, a NIC on QEMU's user-mode network (the net VM's uplink), an xHCI
 * controller, a display. One per device, so the VM sees as many as it would own.
 */
function standIns(vm: Vm): Arg[] {
  return vm.devices.flatMap((_, i) => {
    switch (vm.role) {
      case 'net':
        return ['-netdev', `user,id=uplink${i}`, '-device', `virtio-net-pci,netdev=uplink${i},romfile=`];
      case 'usb':
        return ['-device', `qemu-xhci,id=xhci${i}`];
      case 'gpu':
        return ['-device', 'virtio-gpu-pci'];
      case 'app':
        throw new Error(`bug: app VM ${vm.name} has devices; validation allows them only to net, usb and gpu VMs`);
    }
  });
}

function qemuArgv(vm: Vm, topology: Topology, devices: Arg[]): Arg[] {
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
  return [
    '-accel', 'kvm',
    '-accel', 'tcg',
    '-machine', 'q35',
    '-cpu', 'max',
    '-smp', String(vm.vcpus),
    '-m', `${vm.memoryMiB}M`,
    ...sharedMemory,
    '-nodefaults',
    '-no-user-config',
    // A guest that reboots or panics (panic=-1) ends the VMM; the supervisor starts it afresh.
    '-no-reboot',
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
      // romfile= : no option ROM, the kernel is booted directly (and none is needed on disk).
      '-device', `virtio-net-pci,netdev=net${i},mac=${t.mac},romfile=`,
    ]),
    ...vm.shares.flatMap((s, i) => [
      '-chardev', `socket,id=fs${i},path=${fsSocket(vm.name, s.tag)}`,
      '-device', `vhost-user-fs-pci,chardev=fs${i},tag=${plain(s.tag, 'share tag')}`,
    ]),
    ...devices,
    // Locally there is no GPU VM to show windows on: the display is served over VNC instead.
    ...(vm.display === null
      ? ['-display', 'none']
      : ['-device', 'virtio-gpu-pci', '-vnc', `unix:${vncSocket(vm.name)}`]),
  ];
}
