// What a VMM is to spectrum (`Vmm`, one file per VMM) and what its emitter produces: the
// command that starts one VM, with symbolic references to that VM's build outputs. Only the
// Nix emitter turns references into store paths.
import type { Topology, Vm } from '../cli/topology/types.js';

/** Things a VM can ask of its VMM. */
export type VmmFeature = 'vfio' | 'virtio-fs' | 'vsock' | 'display';

/** Everything about one VMM: vmm/<name>.ts exports one, vmm/index.ts lists them. */
export interface Vmm {
  /** The topology's `vmm` value. */
  name: string;
  /** What it can give a VM; validation refuses a VM that asks for more. */
  features: readonly VmmFeature[];
  /** The command that starts `vm`, and how the host's runtime stops it. */
  command(vm: Vm, topology: Topology): VmmCommand;
}

/**
 * Build outputs of a VM that a command line can point at: paths of its kernel, initramfs,
 * root filesystem image and verity hash tree, and the root hash as text (a value known only
 * at build time, which the Nix library substitutes when it writes the launch script).
 */
export type VmOutput = 'kernel' | 'initramfs' | 'rootfs' | 'verity' | 'roothash';

/** One argv element: literal text, or text around a build output's path. */
export type Arg = string | { ref: VmOutput; prefix?: string; suffix?: string };

export interface VmmCommand {
  /** Program name of the VMM binary, looked up in the VM bundle's VMM package. */
  program: string;
  /**
   * The kernel file it boots: the bzImage, or the ELF vmlinux (what cloud-hypervisor needs
   * to boot an x86_64 guest through its PVH entry point). The Nix library builds the vmlinux
   * only for VMs that ask for it.
   */
  kernel: 'bzImage' | 'vmlinux';
  argv: Arg[];
  /**
   * The command line under `spectrum run`, where passed-through devices do not exist: each
   * becomes an emulated stand-in of the same kind where the VMM has one. null when the VM
   * passes nothing through (argv serves as it is).
   */
  emulatedArgv: Arg[] | null;
  /** Presses the VM's ACPI power button: the first step of a graceful stop. */
  powerButton: ControlCommand;
  /**
   * Where the host meets the VM's vsock. null: the kernel's vhost-vsock, where the host
   * listens on and connects to vsock addresses by CID. A path: a "hybrid" vsock (as
   * Firecracker's), a Unix socket the VMM listens on, to which the host connects and writes
   * `CONNECT <port>`; the VM's connections to the host's port P arrive on `<path>_<P>`.
   */
  vsockSocket: string | null;
}

/**
 * A command the host's runtime runs against a running VMM. `tool` says where `program` comes
 * from: the VM's VMM package, or socat from the host's package set (for a socket protocol
 * such as QMP); `input` is written to its standard input.
 */
export interface ControlCommand {
  tool: 'vmm' | 'socat';
  program: string;
  argv: string[];
  input: string;
}
