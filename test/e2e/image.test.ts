// The verified image pipeline for real: `spectrum generate` writes the tree of
// test/e2e/topologies/image, whose live image the Nix library (modules/) and image scripts
// (images/) build with the host package set; it then boots directly and through UEFI, refuses
// tampered or mismatched roots, its VM bundles boot to their verified roots and configure the
// links spectrum derived, it rebuilds bit for bit, and a one-VM change of the topology rebuilds
// only what it touches. One build is shared by the whole file; boots run two at a time.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopology } from '../../cli/topology/pipeline.js';
import type { Vm } from '../../cli/topology/types.js';
import { bootDirect, bootUefi, consoleOf, usbStick } from './helpers/qemu.js';
import { build, buildExpression, check, closureDerivations, generatedTree, instantiate, wouldBuild } from './helpers/nix-tree.js';

const TOPOLOGY = resolve(__dirname, 'topologies/image/topology.nix');
const SOURCE = readFileSync(TOPOLOGY, 'utf8');
const HOST_UP = 'spectrum: host up (root verified)';
const BOOT_FAILED = /^spectrum: boot failed: .*$/m;

let tree: string;
const trees: string[] = [];
let out: string;
let roothash: string;
let cmdline: string;
let vms: Map<string, Vm>;

/** The tree of the test topology with `edit` applied to its text, removed after the file's tests. */
async function treeOf(prefix: string, edit?: (source: string) => string): Promise<string> {
  const edited = edit?.(SOURCE) ?? SOURCE;
  if (edit !== undefined && edited === SOURCE) throw new Error(`the edit of ${prefix} changed nothing`);
  const dir = await generatedTree(prefix, edited);
  trees.push(dirname(dir));
  return dir;
}

beforeAll(async () => {
  const { topology } = await loadTopology(TOPOLOGY);
  vms = new Map(topology!.vms.map((vm) => [vm.name, vm]));
  tree = await treeOf('image');
  out = await build(tree, 'live-image', 'result');
  roothash = readFileSync(join(out, 'roothash'), 'utf8').trim();
  cmdline = readFileSync(join(out, 'boot/cmdline'), 'utf8');
});

afterAll(() => {
  for (const dir of trees) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the live image with one byte flipped at `offset`. */
function tampered(name: string, offset: number): string {
  const image = readFileSync(join(out, 'live.img'));
  image[offset] ^= 0x01;
  const path = join(tree, name);
  writeFileSync(path, image);
  return path;
}

const direct = (o: { cmdline: string; image?: string; until: RegExp }) =>
  bootDirect({ kernel: join(out, 'boot/kernel'), initrd: join(out, 'boot/initrd'), image: join(out, 'live.img'), ...o });

/**
 * Boots a VM bundle's parts with QEMU under TCG (its own command line asks for KVM and a vsock
 * device, which this build machine lacks; the host runs it in test/e2e/runtime.test.ts),
 * with one NIC carrying `mac` where given, as the VM's VMM would attach its link.
 */
async function bootBundle(attr: string, link: string, until: RegExp, mac?: string): Promise<string> {
  const bundle = await build(tree, attr, link);
  const hash = readFileSync(join(bundle, 'rootfs/roothash'), 'utf8').trim();
  return consoleOf('qemu-system-x86_64', [
    '-accel', 'tcg', '-m', '512', '-nographic', '-no-reboot',
    '-kernel', join(bundle, 'kernel'), '-initrd', join(bundle, 'initrd'),
    '-append', `console=ttyS0 spectrum.root=/dev/vda spectrum.verity=/dev/vdb roothash=${hash}`,
    '-drive', `file=${join(bundle, 'rootfs/root.erofs')},format=raw,if=virtio,readonly=on`,
    '-drive', `file=${join(bundle, 'rootfs/root.verity')},format=raw,if=virtio,readonly=on`,
    ...(mac === undefined ? ['-net', 'none'] : ['-netdev', 'user,id=n0', '-device', `virtio-net-pci,netdev=n0,mac=${mac},romfile=`]),
  ], until);
}

/** The GPT as sfdisk reads it. */
async function partitions(): Promise<{ id: string; partitions: { start: number; size: number; type: string; uuid: string; name: string; attrs?: string }[] }> {
  const r = await execa('sfdisk', ['--json', join(out, 'live.img')]);
  return JSON.parse(r.stdout).partitiontable;
}

describe('the live image', () => {
  it("has the contract's outputs", () => {
    expect(roothash).toMatch(/^[0-9a-f]{64}$/);
    expect(cmdline).toBe(`console=tty0 console=ttyS0 panic=-1 roothash=${roothash} intel_iommu=on iommu=pt`);
    const info = JSON.parse(readFileSync(join(out, 'spectrum.json'), 'utf8'));
    expect(Object.keys(info)).toEqual(['contentBytes', 'imageBytes', 'name', 'rootHash', 'vmCount', 'vmMemoryMiB', 'vmsWithoutVmm']);
    expect(info).toMatchObject({ name: 'lab', rootHash: roothash, imageBytes: statSync(join(out, 'live.img')).size });
    for (const f of ['uki.efi', 'boot/kernel', 'boot/initrd']) expect(statSync(join(out, f)).size).toBeGreaterThan(0);
  });

  it('is sized to its content: within 10% + 8 MiB', () => {
    const info = JSON.parse(readFileSync(join(out, 'spectrum.json'), 'utf8'));
    expect(info.imageBytes).toBeLessThanOrEqual(info.contentBytes * 1.1 + 8 * 2 ** 20);
  });

  it('follows the Discoverable Partitions Specification', async () => {
    const gpt = await partitions();
    const uuid = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5').toUpperCase();
    expect(gpt.partitions.map((p) => [p.type, p.name, p.uuid, p.attrs])).toEqual([
      ['C12A7328-F81F-11D2-BA4B-00A0C93EC93B', 'esp', expect.any(String), undefined],
      ['4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709', 'root-x86-64', uuid(roothash.slice(0, 32)), 'GUID:60'],
      ['2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5', 'root-x86-64-verity', uuid(roothash.slice(32)), 'GUID:60'],
    ]);
    for (const p of gpt.partitions) expect(p.start % 2048, 'MiB-aligned').toBe(0);
  });
});

// Each boot is a test of its own; they run side by side, two guests at a time.
describe.concurrent('booting', () => {
  it('boots the kernel directly to the host-up line and starts the VMs it has a VMM for', async ({ expect }) => {
    const console = await direct({ cmdline, until: /^spectrum: vm notes starting$/m });
    expect(console).toContain(HOST_UP);
    expect(console).toMatch(/^spectrum: vm browser cannot start: VMM cloud-hypervisor is missing: cloud-hypervisor not found/m);
    expect(console).not.toMatch(BOOT_FAILED);
  });

  it('boots through OVMF, systemd-boot and the UKI', async ({ expect }) => {
    const console = await bootUefi({ image: join(out, 'live.img'), until: new RegExp(HOST_UP.replace(/[()]/g, '\\$&')) });
    expect(console).toContain(HOST_UP);
  });

  it('boots through OVMF from a USB stick, with no other disk', async ({ expect }) => {
    // What a flashed stick needs of the kernel: xHCI and USB storage drivers in the initramfs.
    const until = new RegExp(`${HOST_UP.replace(/[()]/g, '\\$&')}|${BOOT_FAILED.source}`, 'm');
    const console = await bootUefi({ image: join(out, 'live.img'), attach: usbStick, until });
    expect(console).not.toMatch(BOOT_FAILED);
    expect(console).toContain(HOST_UP);
  });

  it('a VM bundle boots to its own verified root', async ({ expect }) => {
    const console = await bootBundle('vms.notes', 'vm-notes', /^spectrum: vm notes up.*$/m);
    expect(console).toMatch(/^spectrum: vm notes up \(root verified\)$/m);
    expect(console).not.toMatch(BOOT_FAILED);
  });

  it('an app VM configures the link to its net VM that spectrum derived', async ({ expect }) => {
    const browser = vms.get('browser')!;
    const link = browser.netLink!;
    const console = await bootBundle('vms.browser', 'browser-for-net', /^spectrum: vm browser up.*$/m, browser.ids.mac);
    expect(console).toContain(`\nspectrum: vm browser: eth0 ${link.address}/31 via ${link.routerAddress} (sys-net)\n`);
    expect(console).toMatch(/^spectrum: vm browser up \(root verified\)$/m);
  });

  it("a net VM configures the router side of its client's link that spectrum derived", async ({ expect }) => {
    const link = vms.get('browser')!.netLink!;
    const console = await bootBundle('vms.sys-net', 'sys-net-for-net', /^spectrum: vm sys-net up.*$/m, link.routerMac);
    expect(console).toContain(`\nspectrum: vm sys-net: sr-browser ${link.routerAddress}/31 routes for browser (${link.address})\n`);
    expect(console).toMatch(/^spectrum: vm sys-net up \(root verified\)$/m);
  });

  it('gives cloud-hypervisor VMs the kernel as an ELF with a PVH entry point, others the bzImage', async ({ expect }) => {
    // The browser VM boots this same file through its PVH entry in the link test above.
    const browserKernel = join(await build(tree, 'vms.browser', 'browser-kernel'), 'kernel');
    expect(readFileSync(browserKernel).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect((await execa('readelf', ['-nW', browserKernel])).stdout).toMatch(/^ *Xen +0x0+8\s+Unknown note type: \(0x00000012\)/m);
    const notesKernel = readFileSync(join(await build(tree, 'vms.notes', 'notes-kernel'), 'kernel'));
    expect(notesKernel.subarray(0x202, 0x206).toString('latin1'), 'bzImage setup header').toBe('HdrS');
    // Only a topology with a cloud-hypervisor VM builds the vmlinux at all.
    const uses = async (attr: string) => (await closureDerivations(await instantiate(tree, attr))).some((d) => /-host-vmlinux-/.test(d));
    expect([await uses('vms.notes'), await uses('vms.browser')]).toEqual([false, true]);
  });

  it("boots VMs that own hardware with the host's kernel, the others with the cloud kernel", async ({ expect }) => {
    // sys-net owns a NIC, whose driver only the generic kernel has; notes owns nothing.
    // (sys-net runs on cloud-hypervisor, which boots the kernel as a vmlinux.)
    const part = async (vm: string, file: string) => realpathSync(join(await build(tree, `vms.${vm}`, `${vm}-kernel-choice`), file));
    const hostVersion = /-kernel-image-(.+)\/bzImage$/.exec(realpathSync(join(out, 'boot/kernel')))?.[1];
    expect(hostVersion).not.toMatch(/-cloud-/);
    expect(await part('sys-net', 'kernel')).toMatch(new RegExp(`-host-vmlinux-${hostVersion}/vmlinux$`));
    expect(await part('notes', 'kernel')).toMatch(/-kernel-image-[0-9.]+-[0-9]+-cloud-amd64\/bzImage$/);
    // Each kernel with its own initramfs: modules load only into the kernel they were built for.
    expect(await part('notes', 'initrd')).toMatch(/-vm-[0-9.]+-[0-9]+-cloud-amd64-initramfs\/initrd$/);
    expect(await part('sys-net', 'initrd')).not.toMatch(/-cloud-/);
  });

  it('says why a VM cannot start when the package set lacks its VMM', async ({ expect }) => {
    const bundle = await build(tree, 'vms.browser', 'vm-browser');
    const line = 'spectrum: vm browser cannot start: VMM cloud-hypervisor is missing: cloud-hypervisor not found on the build machine (host package set)';
    expect(readFileSync(join(bundle, 'vmm-missing'), 'utf8')).toBe(`${line}\n`);
    const r = await execa(join(bundle, 'bin/run'), { reject: false });
    expect([r.exitCode, r.stderr]).toEqual([1, line]);
    // The live image names every such VM, for `spectrum build` to warn about them.
    const onCloudHypervisor = [...vms.values()].filter((vm) => vm.vmm === 'cloud-hypervisor').map((vm) => vm.name).sort();
    expect(onCloudHypervisor.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, 'spectrum.json'), 'utf8')).vmsWithoutVmm).toEqual(onCloudHypervisor);
  });

  it('a flipped byte in a file makes that file unreadable and nothing else', async ({ expect }) => {
    // The browser VM's root image is a file in the host root; its superblock block holds its
    // own UUID, so these bytes occur once in the live image.
    const browserRoot = join(await build(tree, 'vms.browser', 'browser-for-tamper'), 'rootfs/root.erofs');
    const notesRoot = join(await build(tree, 'vms.notes', 'notes-for-tamper'), 'rootfs/root.erofs');
    const needle = readFileSync(browserRoot).subarray(1024, 1152);
    const at = readFileSync(join(out, 'live.img')).indexOf(needle);
    expect(at).toBeGreaterThan(0);
    const image = tampered('data.img', at + 24);
    const paths = ['/usr/lib/spectrum/vms/browser/rootfs/root.erofs', '/usr/lib/spectrum/vms/notes/rootfs/root.erofs'];
    const console = await direct({ cmdline: `${cmdline} spectrum.selftest=${paths.join(',')}`, image, until: /selftest: done/ });
    const notesSum = createHash('sha256').update(readFileSync(notesRoot)).digest('hex');
    expect(console).toContain(HOST_UP);
    expect(console).toContain(`spectrum: selftest: ${paths[0]}: read failed: Input/output error`);
    expect(console).toContain(`spectrum: selftest: ${paths[1]}: sha256 ${notesSum}`);
    expect(console).toMatch(/device-mapper: verity: .*: data block \d+ is corrupted/);
  });

  it('a flipped byte in the hash tree stops the boot', async ({ expect }) => {
    const verity = (await partitions()).partitions[2];
    // Block 0 is veritysetup's superblock; block 1 holds the top level of the tree.
    const image = tampered('hash.img', verity.start * 512 + 4096 + 100);
    const console = await direct({ cmdline, image, until: BOOT_FAILED });
    expect(console.match(BOOT_FAILED)?.[0]).toBe('spectrum: boot failed: root hash does not match /dev/vda2 and /dev/vda3 (dm-verity refused the first block)');
    expect(console).not.toContain('spectrum: host up');
  });

  it('no roothash= stops the boot and halts the machine with the line on screen', async ({ expect }) => {
    // Waits past the line for the kernel's last word: halted, not powered off or rebooted
    // (either would end QEMU here and blank a real screen).
    const console = await direct({ cmdline: cmdline.replace(/ roothash=\S+/, ''), until: /^.*reboot: (System halted|Power down|Restarting system).*$/m });
    expect(console.match(BOOT_FAILED)?.[0]).toBe('spectrum: boot failed: no roothash= on the kernel command line');
    expect(console).toMatch(/reboot: System halted/);
  });

  it('a malformed roothash= stops the boot', async ({ expect }) => {
    const console = await direct({ cmdline: cmdline.replace(roothash, roothash.slice(1)), until: BOOT_FAILED });
    expect(console.match(BOOT_FAILED)?.[0]).toBe(`spectrum: boot failed: roothash= is not 64 hex digits: ${roothash.slice(1)}`);
  });

  it('another root hash finds no partitions of its own', async ({ expect }) => {
    const wrong = [...roothash].reverse().join('');
    const console = await direct({ cmdline: `${cmdline.replace(roothash, wrong)} spectrum.rootwait=1`, until: BOOT_FAILED });
    expect(console.match(BOOT_FAILED)?.[0]).toMatch(/^spectrum: boot failed: no partitions with PARTUUID \S+ \(root\) and \S+ \(verity\) from roothash= \(partitions seen: vda1=\S+ vda2=\S+ vda3=\S+\)$/);
    expect(console).not.toContain('spectrum: host up');
  });

  it('another root hash over the right partitions fails verification', async ({ expect }) => {
    const wrong = `${roothash.slice(0, 63)}${roothash.endsWith('0') ? '1' : '0'}`;
    const console = await direct({ cmdline: `${cmdline.replace(roothash, wrong)} spectrum.root=/dev/vda2 spectrum.verity=/dev/vda3`, until: BOOT_FAILED });
    expect(console.match(BOOT_FAILED)?.[0]).toBe('spectrum: boot failed: root hash does not match /dev/vda2 and /dev/vda3 (dm-verity refused the first block)');
    expect(console).not.toContain('spectrum: host up');
  });
});

describe('building', () => {
  it('rebuilds every image derivation bit for bit (nix-store --check)', async () => {
    const drvs = await closureDerivations(await instantiate(tree, 'live-image'));
    // Plain copies of the machine's kernel and QEMU are left out: checking them proves only cp.
    const checked = drvs.filter((d) => !/-host-(kernel|vmm)-/.test(d));
    expect(checked.length).toBeGreaterThan(20);
    const r = await check(checked);
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
  });

  // What each rebuilds, beyond the VM's own derivations: the host root that holds the VM
  // bundles and the image assembled from it.
  const above = ['disk-lab', 'esp-lab', 'host-lab', 'host-lab-config', 'host-lab-rootfs', 'live-image-lab', 'uki-lab'];

  it("changing one VM's memory rebuilds only that VM and the assembly above it", async () => {
    const changed = await treeOf('image-memory', (s) => s.replace('notes = { vmm = "qemu"; memory = 1024;', 'notes = { vmm = "qemu"; memory = 1536;'));
    expect(await wouldBuild(changed, 'live-image')).toEqual([...above, 'vm-notes', 'vm-notes-config', 'vm-notes-rootfs'].sort());
  });

  it("changing an app VM's memory leaves its net VM's derivations alone", async () => {
    // The net VM's data holds the client's link, and only that: a client's other settings
    // are not its concern.
    const changed = await treeOf('image-client', (s) => s.replace('memory = "2G";', 'memory = "3G";'));
    expect(await wouldBuild(changed, 'live-image')).toEqual([...above, 'vm-browser', 'vm-browser-config', 'vm-browser-rootfs'].sort());
  });

  it("changing one VM's packages adds only its program set", async () => {
    const changed = await treeOf('image-packages', (s) => s.replace('packages = [ "less" ];', 'packages = [ "less" "sed" ];'));
    expect(await wouldBuild(changed, 'live-image')).toEqual([...above, 'vm-notes', 'vm-notes-config', 'vm-notes-host-programs', 'vm-notes-rootfs'].sort());
  });

  it('names every program the build machine lacks, and the VM, in one line', async () => {
    const lib = join(tree, 'lib/modules');
    const r = await buildExpression(
      `(import ${lib} { pkgsSet = "host"; }).pkgs.programs { vm = "browser"; names = [ "curl" "no-such-program-a" "no-such-program-b" ]; }`,
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(
      'spectrum: VM browser asks for programs not found on the build machine: no-such-program-a, no-such-program-b (host package set; install them there, or use the nixpkgs package set)\n',
    );
  });
});
