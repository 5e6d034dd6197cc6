// What a VMM emitter produces: the command that starts one VM, with symbolic references
// to that VM's build outputs. Only the Nix emitter turns references into store paths.

/** Build outputs of a VM that a command line can point at. */
export type VmOutput = 'kernel' | 'initramfs' | 'rootfs' | 'verity';

/** One argv element: literal text, or text around a build output's path. */
export type Arg = string | { ref: VmOutput; prefix?: string; suffix?: string };

export interface VmmCommand {
  /** Program name of the VMM binary, looked up in the VM bundle's VMM package. */
  program: string;
  argv: Arg[];
}
