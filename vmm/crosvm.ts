// crosvm: the VMM for VMs that show windows (virtio-gpu cross-domain to a Wayland compositor).
// Flag spellings verified against google/crosvm src/crosvm/cmdline.rs (RunCommand at a8985f0:
// `--block path=..,ro=..,id=..` (id <= 20 bytes), `--cpus num-cores=`, `--mem size=` (MiB),
// `-i/--initrd`, `-p/--params`, `-s/--socket`, `--serial type=stdout,..,console=true`,
// `--net tap-name=..,mac=..`, `--vfio PATH`, `--vhost-user-fs SOCKET_PATH:TAG`, `--vsock cid=`,
// `--gpu context-types=..`, `--wayland-sock`, the kernel as the positional argument) and
// docs/book/src/devices/wayland.md (`--gpu --wayland-sock`). Newer crosvm logs a deprecation
// for the `SOCKET:TAG` form of --vhost-user-fs but still accepts it (src/crosvm/config.rs
// parse_vhost_user_fs_option); it is the one form every crosvm since then parses.
// vsock is kernel vhost-vsock: the host reaches the VM by CID, there is no socket file.
import type { Topology, Vm } from '../cli/topology/types.js';
import type { Arg, Vmm, VmmCommand } from './types.js';
import { diskSerials, kernelCmdline } from './boot.js';
import { pciAddress, plain } from './checked.js';
import { tapInterfaces } from './net.js';
import { controlSocket, fsSocket, pciSysfsPath, waylandSocket } from './paths.js';

export const crosvm = { name: 'crosvm', features: ['vfio', 'virtio-fs', 'vsock', 'display'], command } as const satisfies Vmm;

function command(vm: Vm, topology: Topology): VmmCommand {
  const passthrough = vm.devices.flatMap((d) => ['--vfio', pciSysfsPath(pciAddress(d))]);
  return {
    program: 'crosvm',
    kernel: 'bzImage',
    argv: argv(vm, topology, passthrough),
    // crosvm has no user-mode network or xHCI to stand in for a device: under `spectrum run`
    // its VM starts without them.
    emulatedArgv: vm.devices.length === 0 ? null : argv(vm, topology, []),
    powerButton: { tool: 'vmm', program: 'crosvm', argv: ['powerbtn', controlSocket(vm.name)], input: '' },
    vsockSocket: null,
  };
}

function argv(vm: Vm, topology: Topology, devices: Arg[]): Arg[] {
  const serials = diskSerials(vm);
  return [
    'run',
    '--socket', controlSocket(vm.name),
    '--cpus', `num-cores=${vm.vcpus}`,
    '--mem', `size=${vm.memoryMiB}`,
    // The console goes to crosvm's stdout, which the supervisor logs.
    '--serial', 'type=stdout,hardware=serial,num=1,console=true',
    '--initrd', { ref: 'initramfs' },
    '--params', kernelCmdline(),
    '--block', { ref: 'rootfs', prefix: 'path=', suffix: `,ro=true,id=${serials.rootfs}` },
    '--block', { ref: 'verity', prefix: 'path=', suffix: `,ro=true,id=${serials.verity}` },
    '--vsock', `cid=${vm.ids.cid}`,
    ...tapInterfaces(vm, topology).flatMap((t) => ['--net', `tap-name=${t.tap},mac=${t.mac}`]),
    ...vm.shares.flatMap((s) => [
      '--vhost-user-fs',
      `${fsSocket(vm.name, s.tag)}:${plain(s.tag, 'share tag')}`,
    ]),
    ...devices,
    // Windows reach the GPU VM's compositor through cross-domain; no scanout window is needed.
    ...(vm.display === null
      ? []
      : [
          '--gpu', 'context-types=cross-domain,displays=[]',
          '--wayland-sock', waylandSocket(plain(vm.display, 'VM name')),
        ]),
    { ref: 'kernel' },
  ];
}
