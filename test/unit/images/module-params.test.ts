// The host loads its modules with insmod, which reads no parameters: host-init hands each
// module the ones the kernel command line gives it (vfio-pci.ids= from hardware.json), as
// modprobe would. Run in the shells the scripts meet: dash here, busybox sh in the image.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../check/fixtures.js';

const shells = ['sh', 'busybox'].filter((s) => {
  try {
    execFileSync(s, s === 'busybox' ? ['sh', '-c', 'true'] : ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
});

const params = (shell: string, ko: string, cmdline: string): string[] =>
  execFileSync(shell, [...(shell === 'busybox' ? ['sh'] : []), '-c', `. ${join(REPO, 'images/runtime/common.sh')}; module_params "$1" "$2"`, 'sh', ko, cmdline], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);

describe.each(shells)('module_params in %s', (shell) => {
  it('gives a module its own parameters, "-" and "_" alike in names, values as written', () => {
    const cmdline = 'quiet intel_iommu=on vfio-pci.ids=8086:15d8,10de:1187 vfio_pci.disable_vga=1 vfio-pcix.y=2 vfio-pci kvm.ignore_msrs=1';
    expect(params(shell, 'vfio-pci.ko', cmdline)).toEqual(['ids=8086:15d8,10de:1187', 'disable_vga=1']);
    expect(params(shell, 'kvm.ko', cmdline)).toEqual(['ignore_msrs=1']);
    expect(params(shell, 'tun.ko', cmdline)).toEqual([]);
  });
});
