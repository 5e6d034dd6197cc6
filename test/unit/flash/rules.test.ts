import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLsblk, type BlockDevice } from '../../../cli/flash/lsblk.js';
import { checkDevice } from '../../../cli/flash/rules.js';
import { checkFile } from '../../../cli/flash/file-rules.js';
import type { SystemFacts } from '../../../cli/flash/system.js';
import { asOldUtilLinux } from './old-lsblk.js';

const DIR = join(__dirname, '../../fixtures/lsblk');
const load = (file: string) => parseLsblk(readFileSync(join(DIR, file), 'utf8'), file);
const loadOld = (file: string) => parseLsblk(asOldUtilLinux(readFileSync(join(DIR, file), 'utf8')), file);
const MiB = 1 << 20;

/** The device as lsblk shows it from a mount namespace where none of it is mounted. */
const withoutMountpoints = (d: BlockDevice): BlockDevice => ({ ...d, mountpoints: [], children: d.children.map(withoutMountpoints) });

const system = (over: Partial<SystemFacts> = {}): SystemFacts => ({
  rootDevices: new Map([['8:2', 'mounted on / (/dev/sda2)']]),
  swapDevices: new Map(),
  swapFiles: new Map(),
  loopBackingFiles: new Map(),
  ...over,
});

interface Case {
  imageBytes?: number;
  allowFixed?: boolean;
  system?: Partial<SystemFacts>;
  refused: string[];
}

// One expectation per fixture file; `refused` is the list of rules that must refuse, in order.
const CASES: Record<string, Case> = {
  'vda-root-disk.json': { system: { rootDevices: new Map([['254:0', 'mounted on / (/dev/vda)']]) }, refused: ['root', 'mounted', 'fixed'] },
  'zram0-unused.json': { refused: ['too-small', 'fixed'] }, // an unconfigured zram device has size 0
  'loop0-empty.json': { refused: ['fixed'] },
  'loop0-mounted.json': { allowFixed: true, refused: ['mounted'] },
  'usb-stick-blank.json': { refused: [] },
  'usb-stick-unmounted.json': { refused: [] },
  'usb-stick-mounted.json': { refused: ['mounted'] },
  'usb-stick-partition.json': { refused: ['partition'] },
  'usb-stick-swap.json': { refused: ['swap'] },
  'usb-stick-luks-open.json': { refused: ['in-use'] },
  'sd-card-write-protected.json': { refused: ['read-only'] },
  'usb-ssd-not-removable.json': { refused: [] },
  'sata-system-disk.json': { allowFixed: true, refused: ['root', 'mounted', 'swap'] },
  'nvme-unmounted.json': { refused: ['fixed'] },
  'dvd-drive.json': { refused: ['not-a-disk'] },
  'old-util-linux-usb-stick.json': { refused: ['mounted'] },
  // Root on a volume inside a partition: the rules must look below the partitions.
  'nvme-root-on-luks.json': { system: { rootDevices: new Map([['254:0', 'mounted on / (/dev/mapper/luks-3f6c2a9e)']]) }, refused: ['root', 'mounted', 'in-use', 'fixed'] },
  'sata-root-on-lvm-on-luks.json': {
    allowFixed: true,
    system: { rootDevices: new Map([['254:1', 'mounted on / (/dev/mapper/laptop--vg-root)']]) },
    refused: ['root', 'mounted', 'swap', 'in-use'],
  },
  // On USB, so the fixed-disk rule lets it through: root, mounts and holders must stop it.
  'usb-ssd-root-on-lvm.json': { system: { rootDevices: new Map([['254:0', 'mounted on / (/dev/mapper/usbvg-root)']]) }, refused: ['root', 'mounted', 'in-use'] },
  'usb-stick-luks-mounted.json': { refused: ['mounted', 'in-use'] },
};

describe('flash safety rules on lsblk fixtures', () => {
  it('has an expectation for every fixture in the folder', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(Object.keys(CASES).sort());
  });

  for (const [file, c] of Object.entries(CASES)) {
    it(`${file}: ${c.refused.length ? `refuses (${c.refused.join(', ')})` : 'allows'}`, () => {
      const refusals = checkDevice({
        device: load(file),
        system: system(c.system),
        imageBytes: c.imageBytes ?? 16 * MiB,
        allowFixed: c.allowFixed ?? false,
      });
      expect(refusals.map((r) => r.rule)).toEqual(c.refused);
    });

    it(`${file} as util-linux < 2.37 prints it ("1"/"0" flags, string numbers): the same`, () => {
      const facts = { system: system(c.system), imageBytes: c.imageBytes ?? 16 * MiB, allowFixed: c.allowFixed ?? false };
      expect(checkDevice({ device: loadOld(file), ...facts }).map((r) => r.rule)).toEqual(c.refused);
    });
  }

  it('refuses a target smaller than the image, saying both sizes', () => {
    const [r] = checkDevice({ device: load('loop0-empty.json'), system: system(), imageBytes: 65 * MiB, allowFixed: true });
    expect(r?.rule).toBe('too-small');
    expect(r?.reason).toContain('67108864 bytes');
    expect(r?.reason).toContain('68157440 bytes');
  });

  it('accepts an image exactly the size of the target', () => {
    expect(checkDevice({ device: load('loop0-empty.json'), system: system(), imageBytes: 64 * MiB, allowFixed: true })).toEqual([]);
  });

  it('names the parent disk when given a partition', () => {
    const [r] = checkDevice({ device: load('usb-stick-partition.json'), system: system(), imageBytes: MiB, allowFixed: false });
    expect(r?.hint).toContain('/dev/sdb');
  });

  it('lists every mountpoint of a mounted stick', () => {
    const [r] = checkDevice({ device: load('usb-stick-mounted.json'), system: system(), imageBytes: MiB, allowFixed: false });
    expect(r?.reason).toBe('/dev/sdb has mounted filesystems: /dev/sdb1 on /media/alice/OLDSTICK, /dev/sdb2 on /media/alice/data');
  });

  it('sees swap listed only in /proc/swaps (lsblk without [SWAP])', () => {
    const refusals = checkDevice({
      device: load('usb-stick-unmounted.json'),
      system: system({ swapDevices: new Map([['8:18', '/dev/sdb2']]) }),
      imageBytes: MiB,
      allowFixed: false,
    });
    expect(refusals.map((r) => r.rule)).toEqual(['swap']);
  });

  it('finds a root that lives on a partition through a loop device backing file', () => {
    const refusals = checkDevice({
      device: load('usb-stick-unmounted.json'),
      system: system({ rootDevices: new Map([['7:0', 'mounted on /'], ['8:17', 'holds the loop backing file']]) }),
      imageBytes: MiB,
      allowFixed: false,
    });
    expect(refusals.map((r) => r.rule)).toEqual(['root']);
    expect(refusals[0]!.reason).toContain('through /dev/sdb1');
  });

  it('finds a root two volumes below a partition from /proc alone (lsblk in another mount namespace shows no mounts)', () => {
    const device = withoutMountpoints(load('sata-root-on-lvm-on-luks.json'));
    const refusals = checkDevice({
      device,
      system: system({ rootDevices: new Map([['254:1', 'mounted on / (/dev/mapper/laptop--vg-root)']]) }),
      imageBytes: MiB,
      allowFixed: true,
    });
    expect(refusals.map((r) => r.rule)).toEqual(['root', 'in-use']);
    expect(refusals[1]!.reason).toBe('/dev/sda is in use by /dev/mapper/sda3_crypt (crypt), /dev/mapper/laptop--vg-root (lvm), /dev/mapper/laptop--vg-swap_1 (lvm)');
    expect(refusals[0]!.reason).toBe("/dev/sda holds the running system's root filesystem through /dev/mapper/laptop--vg-root (mounted on / (/dev/mapper/laptop--vg-root))");
  });

  it('finds swap on a logical volume inside LUKS from /proc/swaps alone', () => {
    const refusals = checkDevice({
      device: withoutMountpoints(load('sata-root-on-lvm-on-luks.json')),
      system: system({ rootDevices: new Map(), swapDevices: new Map([['254:2', '/dev/dm-2']]) }),
      imageBytes: MiB,
      allowFixed: true,
    });
    expect(refusals.map((r) => r.rule)).toEqual(['swap', 'in-use']);
    expect(refusals[0]!.reason).toBe('/dev/mapper/laptop--vg-swap_1 is active swap');
  });

  it('names a mounted file system inside an open LUKS volume and says to unmount it', () => {
    const [r] = checkDevice({ device: load('usb-stick-luks-mounted.json'), system: system(), imageBytes: MiB, allowFixed: false });
    expect(r?.reason).toBe('/dev/sdb has mounted filesystems: /dev/mapper/luks-7e1f on /media/alice/secret');
    expect(r?.hint).toContain('umount /dev/mapper/luks-7e1f');
  });

  it('never lets --allow-fixed override root, mounts or swap', () => {
    const refusals = checkDevice({ device: load('sata-system-disk.json'), system: system(), imageBytes: MiB, allowFixed: true });
    expect(refusals.map((r) => r.rule)).toEqual(['root', 'mounted', 'swap']);
  });

  it('suggests unmounting a partition that is mounted, not its swap', () => {
    const device = load('sata-system-disk.json');
    device.children = [device.children[2]!, ...device.children.slice(0, 2)]; // swap listed first
    const refusals = checkDevice({ device, system: system(), imageBytes: MiB, allowFixed: true });
    expect(refusals.find((r) => r.rule === 'mounted')!.hint).toBe('unmount them first (e.g. `umount /dev/sda1`), then retry');
  });
});

// What the user reads: each refusal's reason names the device and why, its hint what to do.
describe('flash refusals in words', () => {
  const refuse = (file: string, over: Partial<SystemFacts> = {}, device = load(file)) =>
    checkDevice({ device, system: system(over), imageBytes: MiB, allowFixed: false });

  it('say why a disk is not a whole, removable disk, and how to go on', () => {
    expect(refuse('loop0-empty.json')).toEqual([
      { rule: 'fixed', reason: '/dev/loop0 is a loop device, not a removable or USB disk', hint: 'if you really mean to overwrite it, pass --allow-fixed' },
    ]);
    expect(refuse('nvme-unmounted.json')[0]!.reason).toBe('/dev/nvme1n1 is a fixed disk (not removable, transport nvme), not a removable or USB disk');
    expect(refuse('dvd-drive.json')).toEqual([{ rule: 'not-a-disk', reason: '/dev/sr0 is a rom device, not a whole disk' }]);
    expect(refuse('usb-stick-partition.json')).toEqual([
      {
        rule: 'partition',
        reason: '/dev/sdb1 is a partition, not a whole disk: the image carries its own partition table',
        hint: 'flash the whole disk instead: /dev/sdb',
      },
    ]);
    const orphan = { ...load('usb-stick-partition.json'), parent: null };
    expect(refuse('usb-stick-partition.json', {}, orphan)[0]!.hint).toBe('flash the whole disk instead: the disk it belongs to');
  });

  it('say which disk holds the root, mounts, swap and open volumes, and how to free it', () => {
    const root = new Map([['254:0', 'mounted on / (/dev/vda)']]);
    const device = { ...load('vda-root-disk.json'), transport: null };
    expect(refuse('vda-root-disk.json', { rootDevices: root }, device)).toEqual([
      {
        rule: 'root',
        reason: "/dev/vda holds the running system's root filesystem (mounted on / (/dev/vda))",
        hint: 'this is the disk the computer is running from; pick the USB stick instead',
      },
      { rule: 'mounted', reason: '/dev/vda has mounted filesystems: /dev/vda on /', hint: 'unmount them first (e.g. `umount /dev/vda`), then retry' },
      {
        rule: 'fixed',
        reason: '/dev/vda is a fixed disk (not removable, transport unknown), not a removable or USB disk',
        hint: 'if you really mean to overwrite it, pass --allow-fixed',
      },
    ]);
    expect(refuse('usb-stick-swap.json')).toEqual([{ rule: 'swap', reason: '/dev/sdb2 is active swap', hint: 'turn it off first: swapoff /dev/sdb2' }]);
    expect(refuse('usb-stick-unmounted.json', { swapDevices: new Map([['8:17', '/dev/sdb1'], ['8:18', '/dev/sdb2']]) })).toEqual([
      { rule: 'swap', reason: '/dev/sdb1, /dev/sdb2 is active swap', hint: 'turn it off first: swapoff /dev/sdb1 /dev/sdb2' },
    ]);
    expect(refuse('usb-stick-luks-open.json')).toEqual([
      {
        rule: 'in-use',
        reason: '/dev/sdb is in use by /dev/mapper/luks-7e1f (crypt)',
        hint: 'close them first (e.g. `cryptsetup close`, `vgchange -an`, `mdadm --stop`)',
      },
    ]);
    expect(refuse('sd-card-write-protected.json')).toEqual([
      { rule: 'read-only', reason: '/dev/sdc is read-only', hint: 'an SD card may have its write-protect switch on' },
    ]);
  });

  it('say why a file target is refused and how to free it', () => {
    const facts = { path: '/tmp/x.img', imageId: '1:1', system: system({ swapFiles: new Map([['1:2', '/tmp/x.img']]), loopBackingFiles: new Map([['1:3', '/dev/loop4']]) }) };
    expect(checkFile({ ...facts, id: '1:1' })).toEqual([{ rule: 'same-file', reason: '/tmp/x.img is the image itself' }]);
    expect(checkFile({ ...facts, id: '1:2' })).toEqual([
      { rule: 'swap', reason: '/tmp/x.img is an active swap file', hint: 'turn it off first: swapoff /tmp/x.img' },
    ]);
    expect(checkFile({ ...facts, id: '1:3' })).toEqual([
      { rule: 'loop-backing', reason: '/tmp/x.img backs the loop device /dev/loop4', hint: 'detach it first: losetup -d /dev/loop4' },
    ]);
    expect(checkFile({ ...facts, id: null })).toEqual([]);
  });
});
