// Root, swap and loop facts from layouts this machine does not have (a live system whose root
// is a loop device over a file on the stick, btrfs, swap partitions), through a fake /proc+/sys.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileId, readSystemFacts, realSysFs, type SysFs } from '../../../cli/flash/system.js';

const dev = (major: number, minor: number): bigint => BigInt((major << 8) | minor);

function fakeSys(files: Record<string, string>, stats: Record<string, { dev?: bigint; ino?: bigint; rdev?: bigint; block?: boolean }>): SysFs {
  return {
    read: (p) => files[p] ?? '',
    list: (p) => [...new Set(Object.keys(files).filter((f) => f.startsWith(`${p}/`)).map((f) => f.slice(p.length + 1).split('/')[0]!))],
    stat: (p) => {
      const s = stats[p];
      return s ? { dev: s.dev ?? 0n, ino: s.ino ?? 1n, rdev: s.rdev ?? 0n, isBlockDevice: () => s.block ?? false } : null;
    },
  };
}

const SWAPS_HEADER = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n';

describe('running-system facts', () => {
  it('follows a root on a loop device down to the partition holding its backing file', () => {
    const facts = readSystemFacts(
      fakeSys(
        {
          '/proc/self/mountinfo': '30 1 7:0 / / ro - squashfs /dev/loop0 ro\n',
          '/sys/dev/block/7:0/loop/backing_file': '/run/live/medium/live/filesystem.squashfs\n',
          '/proc/swaps': SWAPS_HEADER,
        },
        { '/run/live/medium/live/filesystem.squashfs': { dev: dev(8, 17), ino: 12n } },
      ),
    );
    expect([...facts.rootDevices.keys()]).toEqual(['7:0', '8:17']);
    expect(facts.rootDevices.get('8:17')).toContain('/run/live/medium/live/filesystem.squashfs');
  });

  it('uses the mount source when the root shows an anonymous device (btrfs)', () => {
    const facts = readSystemFacts(
      fakeSys(
        { '/proc/self/mountinfo': '27 1 0:33 /@ / rw - btrfs /dev/nvme0n1p2 rw\n', '/proc/swaps': SWAPS_HEADER },
        { '/dev/nvme0n1p2': { rdev: dev(259, 2), block: true } },
      ),
    );
    expect([...facts.rootDevices.keys()]).toEqual(['259:2']);
  });

  it('trusts the device number mountinfo gives over what the source path names now', () => {
    const facts = readSystemFacts(
      fakeSys({ '/proc/self/mountinfo': '27 1 254:0 / / rw - ext4 /dev/root rw\n' }, { '/dev/root': { rdev: dev(8, 1), block: true } }),
    );
    expect([...facts.rootDevices.keys()]).toEqual(['254:0']);
  });

  it('takes an anonymous root device\'s source only when it is a block device under /dev', () => {
    const root = (line: string, stats: Parameters<typeof fakeSys>[1]) =>
      [...readSystemFacts(fakeSys({ '/proc/self/mountinfo': `${line}\n` }, stats)).rootDevices.keys()];
    // ZFS names a dataset, which a stat would look up relative to the current directory.
    expect(root('27 1 0:25 / / rw - zfs rpool/ROOT/ubuntu rw', { 'rpool/ROOT/ubuntu': { rdev: dev(8, 1), block: true } })).toEqual([]);
    // A source that is gone (often /dev/root) or not a block device.
    expect(root('27 1 0:33 / / rw - btrfs /dev/root rw', {})).toEqual([]);
    expect(root('27 1 0:33 / / rw - btrfs /dev/console rw', { '/dev/console': { rdev: dev(5, 1) } })).toEqual([]);
  });

  it('finds no root device for a root that is not on a disk (overlay in a container)', () => {
    const facts = readSystemFacts(fakeSys({ '/proc/self/mountinfo': '1 0 0:50 / / rw - overlay overlay rw\n' }, {}));
    expect(facts.rootDevices.size).toBe(0);
  });

  it('tells swap partitions from swap files, and lists loop backing files', () => {
    const facts = readSystemFacts(
      fakeSys(
        {
          '/proc/self/mountinfo': '',
          '/proc/swaps': `${SWAPS_HEADER}/dev/sda3 partition 1 0 -2\n/swapfile file 1 0 -3\n`,
          '/sys/block/loop1/loop/backing_file': '/tmp/stick.img\n',
          '/sys/block/sda/size': '1\n',
        },
        {
          '/dev/sda3': { rdev: dev(8, 3), block: true },
          '/swapfile': { dev: dev(8, 2), ino: 77n },
          '/tmp/stick.img': { dev: dev(8, 2), ino: 99n },
        },
      ),
    );
    expect([...facts.swapDevices]).toEqual([['8:3', '/dev/sda3']]);
    expect([...facts.swapFiles]).toEqual([[`${dev(8, 2)}:77`, '/swapfile']]);
    expect([...facts.loopBackingFiles]).toEqual([[`${dev(8, 2)}:99`, '/dev/loop1']]);
  });

  it('follows a loop device whose backing file was deleted to the disk that held it', () => {
    const facts = readSystemFacts(
      fakeSys(
        {
          '/proc/self/mountinfo': '30 1 7:0 / / ro - squashfs /dev/loop0 ro\n',
          '/sys/dev/block/7:0/loop/backing_file': '/run/medium/fs.squashfs (deleted)\n',
          // A name that only contains the marker keeps it.
          '/sys/dev/block/8:17/loop/backing_file': '/media/old (deleted) copy/fs.img\n',
        },
        { '/run/medium/fs.squashfs': { dev: dev(8, 17), ino: 12n }, '/media/old (deleted) copy/fs.img': { dev: dev(8, 33) } },
      ),
    );
    expect([...facts.rootDevices.keys()]).toEqual(['7:0', '8:17', '8:33']);
    expect(facts.rootDevices.get('7:0')).toBe('mounted on / (/dev/loop0)');
    expect(facts.rootDevices.get('8:17')).toBe('holds /run/medium/fs.squashfs, the file behind the loop device under /');
  });

  it('stops following loop devices at one already seen, and after 8 of them', () => {
    const loops = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`/sys/dev/block/7:${i}/loop/backing_file`, `/f${i}\n`]));
    const chain = (n: number, to: (i: number) => number) =>
      fakeSys(
        { '/proc/self/mountinfo': '30 1 7:0 / / ro - squashfs /dev/loop0 ro\n', ...loops(n) },
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`/f${i}`, { dev: dev(7, to(i)) }])),
      );
    // loop0 over a file on loop1, loop1 over a file on loop0
    expect([...readSystemFacts(chain(2, (i) => 1 - i)).rootDevices.keys()]).toEqual(['7:0', '7:1']);
    // 20 loop devices, each over a file on the next
    expect([...readSystemFacts(chain(20, (i) => i + 1)).rootDevices.keys()]).toEqual(Array.from({ length: 8 }, (_, i) => `7:${i}`));
  });

  it('skips swap areas and loop backing files that are gone by the time they are looked at', () => {
    const facts = readSystemFacts(
      fakeSys(
        {
          '/proc/self/mountinfo': '',
          '/proc/swaps': `${SWAPS_HEADER}/gone/swapfile file 1 0 -2\n/swapfile file 1 0 -3\n`,
          '/sys/block/loop6/loop/backing_file': '/tmp/gone.img\n',
          '/sys/block/loop7/loop/backing_file': '/tmp/a.img\n',
        },
        { '/swapfile': { dev: dev(8, 2), ino: 77n }, '/tmp/a.img': { dev: dev(8, 2), ino: 5n } },
      ),
    );
    expect([...facts.swapFiles]).toEqual([[`${dev(8, 2)}:77`, '/swapfile']]);
    expect([...facts.loopBackingFiles]).toEqual([[`${dev(8, 2)}:5`, '/dev/loop7']]);
  });
});

describe('the real /proc and /sys', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'spectrum-sysfs-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads, lists and stats files, and reads what is not there as empty', () => {
    mkdirSync(join(tmp, 'block'));
    writeFileSync(join(tmp, 'block', 'size'), '42\n');
    expect(realSysFs.read(join(tmp, 'block', 'size'))).toBe('42\n');
    expect(realSysFs.list(join(tmp, 'block'))).toEqual(['size']);
    const st = realSysFs.stat(join(tmp, 'block', 'size'));
    expect(fileId(st!)).toBe(fileId(statSync(join(tmp, 'block', 'size'), { bigint: true })));
    expect(typeof st!.ino).toBe('bigint');
    expect(realSysFs.read(join(tmp, 'none'))).toBe('');
    expect(realSysFs.list(join(tmp, 'none'))).toEqual([]);
    expect(realSysFs.stat(join(tmp, 'none'))).toBeNull();
  });
});
