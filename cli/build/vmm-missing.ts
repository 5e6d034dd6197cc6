// VMs a build made that cannot start because the package set lacked their VMM: the host set
// copies VMMs from the build machine, which may not have the one the topology names. The
// build still succeeds (the image may be meant for another machine) and the VM's bundle says
// why when the host boots (modules/vm.nix, `vmm-missing`); `spectrum build` says it now, from
// what the build wrote: the host's list (modules/host-system.nix), which the live image's
// spectrum.json carries, or a lone VM bundle's note.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { term } from '../output/term.js';
import type { Topology } from '../topology/types.js';
import type { ImageInfo } from './summary.js';
import type { Target } from './targets.js';

/** One warning per VM of the built target that cannot start. */
export function vmmMissingWarnings(target: Target, outPath: string, image: ImageInfo | null, topology: Topology): string[] {
  const names =
    image ? image.vmsWithoutVmm
    : target.kind === 'host' ? readFileSync(join(outPath, 'vms-without-vmm'), 'utf8').split('\n')
    : target.kind === 'vm' && existsSync(join(outPath, 'vmm-missing')) ? [target.name]
    : [];
  return topology.vms
    .filter((vm) => names.includes(vm.name))
    .map((vm) =>
      term`warning: VM ${vm.name} cannot start on what was built: its VMM, ${vm.vmm}, is not on the build machine, where the host package set takes it from; install it here, give the VM another vmm, or build with --pkgs nixpkgs`,
    );
}
