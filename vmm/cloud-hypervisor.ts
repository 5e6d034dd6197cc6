// cloud-hypervisor: the default VMM. Flag spellings verified against
//   cloud-hypervisor/cloud-hypervisor vmm/src/config.rs (DiskConfig/VsockConfig SYNTAX: `serial=`,
//     `cid=..,socket=..`), docs/vfio.md (`--device path=/sys/bus/pci/devices/<addr>/`,
//     `--serial tty --console off`), docs/fs.md (`--fs tag=..,socket=..` needs
//     `--memory size=..,shared=on`), docs/vsock.md, and the v37 `--help` (`--api-socket path=`,
//     `--cpus boot=`, `--net tap=..,mac=..`, `--initramfs`, `--cmdline`);
//   astro/microvm.nix lib/runners/cloud-hypervisor.nix: since v36 (clap) a list option is one
//     flag followed by all its values (`--disk A B`), which is what `group` emits.
// Disk serials need v35+ (cloud-hypervisor PR #5754); nixpkgs 24.11 ships a later release.
import type { Topology, Vm } from '../cli/topology/types.js';
import type { Arg, Vmm, VmmCommand } from './types.js';
import { diskSerials, kernelCmdline } from './boot.js';
import { pciAddress, plain } from './checked.js';
import { tapInterfaces } from './net.js';
import { controlSocket, fsSocket, pciSysfsPath, vsockSocket } from './paths.js';

const group = (flag: string, values: Arg[]): Arg[] => (values.length ? [flag, ...values] : []);

export const cloudHypervisor = {
  name: 'cloud-hypervisor',
  // No virtio-gpu device, so it cannot show an app VM's windows through a GPU VM.
  features: ['vfio', 'virtio-fs', 'vsock'],
  command,
} as const satisfies Vmm;

function command(vm: Vm, topology: Topology): VmmCommand {
  if (vm.display !== null) {
    throw new Error(`bug: VM ${vm.name} has a display on cloud-hypervisor, which has no virtio-gpu`);
  }
  const passthrough = group('--device', vm.devices.map((d) => `path=${pciSysfsPath(pciAddress(d))}`));
  return {
    program: 'cloud-hypervisor',
    kernel: 'vmlinux',
    argv: argv(vm, topology, passthrough),
    // cloud-hypervisor has no user-mode network, xHCI or display to stand in for a device:
    // under `spectrum run` its VM starts without them.
    emulatedArgv: vm.devices.length === 0 ? null : argv(vm, topology, []),
    // ch-remote ships with cloud-hypervisor and speaks its HTTP API on the control socket.
    powerButton: { tool: 'vmm', program: 'ch-remote', argv: ['--api-socket', controlSocket(vm.name), 'power-button'], input: '' },
    // Its vsock is hybrid (virtio-devices/src/vsock/unix/muxer.rs): the host's runtime speaks
    // `CONNECT <port>` on this socket and listens on `<socket>_<port>`.
    vsockSocket: vsockSocket(vm.name),
  };
}

function argv(vm: Vm, topology: Topology, devices: Arg[]): Arg[] {
  const serials = diskSerials(vm);
  // vhost-user devices (virtiofsd) map guest memory, so it must be shared.
  const shared = vm.shares.length > 0 ? ',shared=on' : '';
  return [
    '--api-socket', `path=${controlSocket(vm.name)}`,
    '--cpus', `boot=${vm.vcpus}`,
    '--memory', `size=${vm.memoryMiB}M${shared}`,
    // The library hands cloud-hypervisor the kernel as an ELF vmlinux: it boots x86_64
    // guests only through their PVH entry point, not from a bzImage.
    '--kernel', { ref: 'kernel' },
    '--initramfs', { ref: 'initramfs' },
    '--cmdline', kernelCmdline(),
    ...group('--disk', [
      { ref: 'rootfs', prefix: 'path=', suffix: `,readonly=on,serial=${serials.rootfs}` },
      { ref: 'verity', prefix: 'path=', suffix: `,readonly=on,serial=${serials.verity}` },
    ]),
    // The console goes to the VMM's stdout, which the supervisor logs; virtio-console is off
    // because two consoles on the tty are refused.
    '--serial', 'tty',
    '--console', 'off',
    '--vsock', `cid=${vm.ids.cid},socket=${vsockSocket(vm.name)}`,
    ...group('--net', tapInterfaces(vm, topology).map((t) => `tap=${t.tap},mac=${t.mac}`)),
    ...group(
      '--fs',
      vm.shares.map((s) => `tag=${plain(s.tag, 'share tag')},socket=${fsSocket(vm.name, s.tag)}`),
    ),
    ...devices,
  ];
}
