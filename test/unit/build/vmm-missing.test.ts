// `spectrum build`'s warning about VMs that cannot start because the package set lacked
// their VMM (test/e2e/build.test.ts and image.test.ts see the real bundles and image).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vmmMissingWarnings } from '../../../cli/build/vmm-missing.js';
import { topology } from '../vmm/fixtures.js';

const image = (vmsWithoutVmm: string[]) => ({ name: 'laptop', rootHash: 'ab'.repeat(32), imageBytes: 1, contentBytes: 1, vmsWithoutVmm });
const laptop = { ...topology, vms: topology.vms.map((vm) => (vm.name === 'browser' ? { ...vm, vmm: 'crosvm' as const } : vm)) };

describe('VMs built without their VMM', () => {
  it('warns once per VM the live image names, with its VMM, in the order of the topology', () => {
    expect(vmmMissingWarnings({ kind: 'live-image' }, '/nix/store/x', image(['sys-usb', 'browser']), laptop)).toEqual([
      'warning: VM browser cannot start on what was built: its VMM, crosvm, is not on the build machine, where the host package set takes it from; install it here, give the VM another vmm, or build with --pkgs nixpkgs',
      'warning: VM sys-usb cannot start on what was built: its VMM, cloud-hypervisor, is not on the build machine, where the host package set takes it from; install it here, give the VM another vmm, or build with --pkgs nixpkgs',
    ]);
  });

  it('names only VMs of the topology, whatever the image says', () => {
    expect(vmmMissingWarnings({ kind: 'live-image' }, '/nix/store/x', image(['\u001b[2Jghost']), laptop)).toEqual([]);
  });

  it("reads the host's list", () => {
    const host = mkdtempSync(join(tmpdir(), 'host-'));
    writeFileSync(join(host, 'vms-without-vmm'), 'sys-net\nmail-and-calendar\n');
    expect(vmmMissingWarnings({ kind: 'host' }, host, null, laptop).map((w) => w.split(' ')[2])).toEqual(['mail-and-calendar', 'sys-net']);
    writeFileSync(join(host, 'vms-without-vmm'), '');
    expect(vmmMissingWarnings({ kind: 'host' }, host, null, laptop)).toEqual([]);
  });

  it("reads a VM bundle's own note, and says nothing for targets that hold no VM", () => {
    const bundle = mkdtempSync(join(tmpdir(), 'bundle-'));
    expect(vmmMissingWarnings({ kind: 'vm', name: 'mail-and-calendar' }, bundle, null, laptop)).toEqual([]);
    writeFileSync(join(bundle, 'vmm-missing'), 'spectrum: vm mail-and-calendar cannot start: ...\n');
    expect(vmmMissingWarnings({ kind: 'vm', name: 'mail-and-calendar' }, bundle, null, laptop)).toHaveLength(1);
    expect(vmmMissingWarnings({ kind: 'kernel' }, bundle, null, laptop)).toEqual([]);
  });
});
