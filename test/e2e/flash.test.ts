// `spectrum flash` for real: the built CLI against this machine's root disk (always with
// --dry-run, and traced to show nothing opened it for writing), loop devices over sparse
// files (this kernel has loop devices but no partition scanning), plain files, a tiny tmpfs
// for a real ENOSPC, a device node without access for a real EACCES, a write-throttled cgroup
// for a slow stick, and a real terminal (script) for the prompt. Verification is checked
// in-process, with the flash's I/O wrapped to change the device behind its page cache.
import { accessSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, execaSync } from 'execa';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../cli/flash/execute.js';
import { nodeIo, type BlockIo } from '../../cli/flash/block-io.js';
import { resolveImage } from '../../cli/flash/image.js';
import { resolveTarget, type Target } from '../../cli/flash/target.js';
import { BLKIO, throttleWrites } from './helpers/slow-device.js';
import { capability } from '../capability.js';
import { isDevice, tracedOpens } from './helpers/opens.js';

const CLI = resolve(__dirname, '../../bin/spectrum.js');
const MiB = 1 << 20;
const IMAGE_BYTES = 16 * MiB;

const tmp = mkdtempSync(join(tmpdir(), 'spectrum-flash-e2e-'));
const image = join(tmp, 'live.img');
const loops: string[] = [];
// File systems on loop devices go before the loops are detached; tmpfs holding backing files after.
const mountsOnLoops: string[] = [];
const mountsUnderLoops: string[] = [];

const run = (args: string[]) => execa('node', [CLI, 'flash', ...args], { reject: false, stdin: 'ignore' });

const attach = (file: string): string => {
  const dev = execaSync('losetup', ['--find', '--show', file]).stdout.trim();
  loops.push(dev);
  return dev;
};

const sparse = (name: string, bytes: number): string => {
  const file = join(tmp, name);
  writeFileSync(file, '');
  truncateSync(file, bytes);
  return file;
};

const read = (path: string, bytes: number, position = 0): Buffer => {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    readSync(fd, buf, 0, bytes, position);
    return buf;
  } finally {
    closeSync(fd);
  }
};

/** A stream that keeps what is written to it. */
const collect = () => {
  let text = '';
  return Object.assign(new PassThrough().on('data', (d) => (text += String(d))), { text: () => text });
};

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const imageHash = () => sha256(readFileSync(image));

beforeAll(() => {
  // A GPT image like the live image (ESP, root, verity: flash refuses anything else), with
  // random partition contents.
  writeFileSync(image, '');
  truncateSync(image, IMAGE_BYTES);
  execaSync('sfdisk', ['-q', image], { input: 'label: gpt\n,4M,U\n,6M,4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709\n,,2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5\n' });
  const fd = openSync(image, 'r+');
  const noise = randomBytes(10 * MiB);
  writeSync(fd, noise, 0, noise.length, 5 * MiB);
  closeSync(fd);
});

afterAll(() => {
  for (const m of mountsOnLoops) execaSync('umount', [m], { reject: false });
  for (const l of loops) execaSync('losetup', ['-d', l], { reject: false });
  for (const m of mountsUnderLoops) execaSync('umount', [m], { reject: false });
  rmSync(tmp, { recursive: true, force: true });
});

describe('refusals (nothing written)', () => {
  it('refuses an image that is not a spectrum live image before looking at the device', async () => {
    const other = join(tmp, 'distro.iso');
    writeFileSync(other, randomBytes(MiB));
    const target = sparse('untouched.img', 32 * MiB);
    const r = await run(['--to-file', '--yes', other, target]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${other} is not a spectrum live image: it has no GPT`);
    expect(sha256(read(target, 32 * MiB))).toBe(sha256(Buffer.alloc(32 * MiB)));
  });

  it('refuses the disk holding / even with --allow-fixed --yes (always with --dry-run)', async () => {
    const majMin = execaSync('findmnt', ['-n', '-o', 'MAJ:MIN', '/']).stdout.trim();
    const name = readFileSync(`/sys/dev/block/${majMin}/uevent`, 'utf8').match(/DEVNAME=(\S+)/)?.[1];
    expect(name, `/ is on ${majMin}, not a block device this test can name`).toBeTruthy();
    const partition = statSync(`/sys/dev/block/${majMin}/partition`, { throwIfNoEntry: false });
    const disk = partition ? `/dev/${readFileSync(`/sys/dev/block/${majMin}/../uevent`, 'utf8').match(/DEVNAME=(\S+)/)?.[1]}` : `/dev/${name}`;
    for (const extra of [[], ['--allow-fixed', '--yes']]) {
      const { result: r, opens } = await tracedOpens(['node', CLI, 'flash', '--dry-run', ...extra, image, disk]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toContain(`refusing to flash ${disk}; nothing was written`);
      expect(r.stderr).toContain("holds the running system's root filesystem");
      expect(r.stdout).not.toContain('dry run');
      // Refused by the rules: neither spectrum nor anything it ran (lsblk, sfdisk) even tried
      // to open the disk for writing. (Reading it back to compare is not possible everywhere:
      // a sandbox's device cgroup denies reading it, as here.)
      expect(opens.filter((o) => o.forWriting && (isDevice(o.path, disk) || isDevice(o.opened, disk)))).toEqual([]);
      expect(r.stderr).not.toContain('cannot open');
    }
  });

  it('sees, through the same trace, a flash open its target for writing', async () => {
    // The check above is only as good as the trace: here it must find the open it rules out there.
    const dev = attach(sparse('traced.img', 32 * MiB));
    const { result: r, opens } = await tracedOpens(['node', CLI, 'flash', '--yes', '--allow-fixed', image, dev]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(opens.filter((o) => o.forWriting && isDevice(o.path, dev)).length).toBeGreaterThan(0);
  });

  it('refuses a loop device with a mounted file system, listing the mountpoint', async () => {
    const dev = attach(sparse('mounted.img', 32 * MiB));
    execaSync('mkfs.ext4', ['-q', dev]);
    const mnt = join(tmp, 'mnt');
    mkdirSync(mnt);
    execaSync('mount', [dev, mnt]);
    mountsOnLoops.push(mnt);
    // Only bytes 0..1023: the mounted ext4 itself rewrites its superblock (at 1024) and fills
    // inode tables in the background, while any flash would start by writing byte 0.
    const before = sha256(read(dev, 1024));
    for (const extra of [['--dry-run'], ['--yes']]) {
      const r = await run([...extra, '--allow-fixed', image, dev]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toContain(`${dev} has mounted filesystems: ${dev} on ${mnt}`);
    }
    expect(sha256(read(dev, 1024))).toBe(before);
  });

  it('refuses a target smaller than the image, and a loop device without --allow-fixed', async () => {
    const dev = attach(sparse('small.img', 8 * MiB));
    const r = await run(['--yes', image, dev]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/is 8\.00 MiB \(8388608 bytes\), smaller than the image's 16\.0 MiB/);
    expect(r.stderr).toContain('is a loop device, not a removable or USB disk');
    expect(sha256(read(dev, 8 * MiB))).toBe(sha256(Buffer.alloc(8 * MiB)));
  });

  it('refuses without a terminal or --yes, and leaves the target as it was', async () => {
    const dev = attach(sparse('unconfirmed.img', 32 * MiB));
    const r = await run(['--allow-fixed', image, dev]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain('there is no terminal to confirm on');
    expect(read(dev, MiB).equals(Buffer.alloc(MiB))).toBe(true);
  });

  it('passes --dry-run on an acceptable target, opening it but writing nothing', async () => {
    const dev = attach(sparse('dry.img', 32 * MiB));
    const r = await run(['--dry-run', '--allow-fixed', image, dev]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`dry run: every check passed and ${dev} can be opened; nothing was written`);
    expect(r.stderr).toContain('Everything on it will be replaced by');
    expect(read(dev, 32 * MiB).equals(Buffer.alloc(32 * MiB))).toBe(true);
  });

  it('refuses a device another program holds exclusively (O_EXCL: EBUSY), even in a dry run', async () => {
    const dev = attach(sparse('claimed.img', 32 * MiB));
    const held = openSync(dev, constants.O_RDONLY | constants.O_EXCL);
    try {
      for (const extra of [['--dry-run'], ['--yes']]) {
        const r = await run([...extra, '--allow-fixed', image, dev]);
        expect(r.exitCode, r.stderr).toBe(1);
        expect(r.stderr).toContain(`cannot open ${dev}: it is in use`);
        expect(r.stderr).toContain('nothing was written');
      }
    } finally {
      closeSync(held);
    }
    expect(read(dev, MiB).equals(Buffer.alloc(MiB))).toBe(true);
  });

  it('refuses with a clear reason when the device cannot be opened (EACCES)', async () => {
    // A node for the loop device that nobody may open, used by root without the capability
    // that overrides file modes: a real EACCES wherever this checkout lives (an unprivileged
    // user could not even read a checkout under /root).
    const dev = attach(sparse('eacces.img', 32 * MiB));
    const [major, minor] = readFileSync(`/sys/class/block/${dev.replace('/dev/', '')}/dev`, 'utf8').trim().split(':');
    const node = join(tmp, 'no-access-node');
    execaSync('mknod', ['-m', '000', node, 'b', major!, minor!]);
    const r = await execa('setpriv', ['--bounding-set', '-dac_override,-dac_read_search', 'node', CLI, 'flash', '--yes', '--allow-fixed', image, node], {
      reject: false,
      stdin: 'ignore',
    });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(`cannot open ${node}: permission denied`);
    expect(r.stderr).toContain('nothing was written');
    expect(read(dev, MiB).equals(Buffer.alloc(MiB))).toBe(true);
  });
});

describe('flashing', () => {
  it('writes a loop device larger than the image, verifies it and moves the backup GPT to its end', async () => {
    const dev = attach(sparse('stick.img', 64 * MiB));
    const r = await run(['--yes', '--allow-fixed', image, dev]);
    expect(r.stderr).toContain('(direct I/O)');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`sha256:   ${imageHash()}`);
    expect(r.stdout).toContain('verified: identical to the image');
    expect(r.stdout).toContain(`GPT:      backup header moved to the end of ${dev}`);
    // sfdisk rewrites only the protective MBR and primary header (LBA 0-1) inside the image range.
    expect(read(dev, IMAGE_BYTES - 1024, 1024).equals(readFileSync(image).subarray(1024))).toBe(true);
    expect(read(dev, 8, 64 * MiB - 512).toString('latin1')).toBe('EFI PART');
    expect((await execa('sfdisk', ['--verify', dev])).stdout).toContain('No errors detected');
  });

  it('writes a loop device of exactly the image size byte for byte, with nothing to move', async () => {
    const dev = attach(sparse('exact.img', IMAGE_BYTES));
    const r = await run(['--yes', '--allow-fixed', image, dev]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('GPT:');
    expect(sha256(read(dev, IMAGE_BYTES))).toBe(imageHash());
  });

  it('writes a new plain file only with --to-file, creating it with the image bytes', async () => {
    const out = join(tmp, 'copy.img');
    const r = await run(['--yes', '--to-file', image, out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(sha256(readFileSync(out))).toBe(imageHash());
  });

  it('writes a new file under a temporary name until verified, and removes what a killed flash left', async () => {
    // A flash killed (SIGKILL) part way skips its cleanup: this is what it leaves (its pid no longer runs).
    const out = join(tmp, 'named-copy.img');
    writeFileSync(join(tmp, '.named-copy.img.spectrum-tmp-999999999'), 'partial');
    const names = () => readdirSync(tmp).filter((n) => n.includes('named-copy'));
    let whileWriting: string[] = [];
    const io: BlockIo = {
      ...nodeIo,
      write: (fd, buf, off, len, pos) => {
        if (pos > 0 && whileWriting.length === 0) whileWriting = names();
        return nodeIo.write(fd, buf, off, len, pos);
      },
    };
    const target = resolveTarget(out, true) as Target;
    const code = await execute({ image: resolveImage(tmp, image), target, capacity: IMAGE_BYTES, sector: 512, err: collect(), out: collect(), io });
    expect(code).toBe(0);
    expect(whileWriting).toEqual([`.named-copy.img.spectrum-tmp-${process.pid}`]);
    expect(names()).toEqual(['named-copy.img']);
    expect(sha256(readFileSync(out))).toBe(imageHash());
  });

  it('exits 130 after Ctrl-C that came too late to stop anything, saying the image was written and verified', async () => {
    // The signal arrives as the summary is printed, after verification (the fault campaign
    // found such a flash exiting 0, which lets a script the user stopped go on).
    const out = sparse('late.img', IMAGE_BYTES);
    const summary = new Writable({ write: (_chunk, _encoding, done) => (process.emit('SIGINT'), done()) });
    const err = collect();
    const target = resolveTarget(out, true) as Target;
    const code = await execute({ image: resolveImage(tmp, image), target, capacity: IMAGE_BYTES, sector: 512, err, out: summary });
    expect(code, err.text()).toBe(130);
    expect(err.text()).toContain('spectrum: interrupted as it finished; the image was written and verified\n');
    expect(sha256(readFileSync(out))).toBe(imageHash());
  });

  it('prints the result as versioned JSON with --json (and a dry run\'s)', async () => {
    const out = join(tmp, 'json-copy.img');
    const r = await run(['--yes', '--json', '--to-file', image, out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      version: 1, flashed: true, image, target: out, bytes: IMAGE_BYTES, writeSeconds: expect.any(Number), verifySeconds: expect.any(Number),
      sha256: imageHash(), directIo: expect.any(Boolean), gptMoved: false,
    });
    const dry = await run(['--dry-run', '--json', '--to-file', image, out]);
    expect(JSON.parse(dry.stdout)).toEqual({ version: 1, flashed: false, dryRun: true, image, target: out, bytes: IMAGE_BYTES });
  });

  it('writes into a larger existing file without truncating it, fixing its GPT', async () => {
    const out = sparse('bigger.img', 48 * MiB);
    const r = await run(['--yes', '--to-file', image, out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(statSync(out).size).toBe(48 * MiB);
    expect((await execa('sfdisk', ['--verify', out])).stdout).toContain('No errors detected');
  });

  it('confirms through a real terminal when the device name is typed', async () => {
    const dev = attach(sparse('typed.img', 32 * MiB));
    const name = dev.replace('/dev/', '');
    const cmd = `node ${CLI} flash --allow-fixed ${image} ${dev}`;
    const wrong = await execa('script', ['-qec', cmd, '/dev/null'], { reject: false, input: 'sdz\n' });
    expect(wrong.exitCode, wrong.stdout).toBe(1);
    expect(wrong.stdout).toContain(`you typed "sdz", not "${name}"`);
    expect(read(dev, MiB).equals(Buffer.alloc(MiB))).toBe(true);
    const right = await execa('script', ['-qec', cmd, '/dev/null'], { reject: false, input: `${name}\n` });
    expect(right.stdout).toContain(`Type ${name} to overwrite it`);
    expect(right.exitCode, right.stdout).toBe(0);
    expect(right.stdout).toContain(`sha256:   ${imageHash()}`);
  });
});

describe('failing well', () => {
  const slowDevices = capability('a blkio cgroup (v1) to make a device slow', () => accessSync(join(BLKIO, 'blkio.throttle.write_bps_device'), constants.W_OK));

  // An image of whole sectors is written and read with O_DIRECT; one that is not goes through
  // the page cache, which the flash must drop (blockdev --flushbufs) before reading back.
  it.each([
    ['with direct I/O', IMAGE_BYTES, true],
    ['through the page cache', IMAGE_BYTES - 100, false],
  ])('verifies by reading the device back %s: a byte changed behind its page cache is found', async (_, bytes, direct) => {
    const source = join(tmp, `behind-${bytes}.img`);
    writeFileSync(source, readFileSync(image).subarray(0, bytes));
    const backing = sparse(`behind-${bytes}.target`, 32 * MiB);
    const dev = attach(backing);
    const at = 5 * MiB + 3;
    const want = readFileSync(source)[at]!;
    // After the write's final sync, and before verification: the device's page cache is
    // filled with the written bytes, then one byte changes in the file under the loop device.
    const io: BlockIo = {
      ...nodeIo,
      fsync: async (fd) => {
        await nodeIo.fsync(fd);
        read(dev, bytes);
        const fd2 = openSync(backing, 'r+');
        writeSync(fd2, Buffer.from([want ^ 0xff]), 0, 1, at);
        closeSync(fd2);
        // The setup is what it claims: the page cache still says the byte is right.
        expect(read(dev, 1, at)[0]).toBe(want);
      },
    };
    const [err, out] = [collect(), collect()];
    const target = resolveTarget(dev, false) as Target;
    const code = await execute({ image: resolveImage(tmp, source), target, capacity: 32 * MiB, sector: 512, err, out, io });
    expect(err.text().includes('(direct I/O)')).toBe(direct);
    expect(code, err.text()).toBe(1);
    expect(err.text()).toContain(`verification failed: byte ${at} of ${dev} differs from the image`);
    expect(err.text()).toContain('flash it again');
    expect(out.text()).toBe('');
  });

  it.runIf(slowDevices)('stops on Ctrl-C mid-write on a slow device, syncs, says the stick is partial and exits 130', async () => {
    // 12 blocks at 8 MiB/s: the signal lands while the first four are in flight.
    const big = sparse('big-live.img', 48 * MiB);
    execaSync('sfdisk', ['-q', big], { input: 'label: gpt\n,4M,U\n,20M,4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709\n,,2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5\n' });
    const fd = openSync(big, 'r+');
    writeSync(fd, randomBytes(8 * MiB), 0, 8 * MiB, 2 * MiB);
    closeSync(fd);
    const dev = attach(sparse('interrupted.img', 64 * MiB));
    const slow = throttleWrites(dev, 8 * MiB);
    try {
      const [program, ...args] = slow.wrap(['node', CLI, 'flash', '--yes', '--allow-fixed', big, dev]);
      const child = execa(program!, args, { reject: false, stdin: 'ignore' });
      let sent = false;
      child.stderr!.on('data', (d: Buffer) => {
        if (!sent && String(d).includes('writing ')) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 500);
        }
      });
      const r = await child;
      expect(r.exitCode, r.stderr).toBe(130);
      const stopped = r.stderr.match(/stopped after writing ([\d.]+) MiB of 48\.0 MiB \((\d+)%\): interrupted \(SIGINT\)/);
      expect(stopped, r.stderr).not.toBeNull();
      expect(Number(stopped![2])).toBeGreaterThan(0);
      expect(Number(stopped![2])).toBeLessThan(100);
      expect(r.stderr).toContain(`${dev} is partially written and will not boot: flash it again.`);
      // What the paragraph says was written did reach the device.
      const written = Number(stopped![1]) * MiB;
      expect(read(dev, written).equals(readFileSync(big).subarray(0, written))).toBe(true);
    } finally {
      slow.remove();
    }
  });

  it('reports a device that runs out of space (loop over a full tmpfs: ENOSPC)', async () => {
    const tiny = join(tmp, 'tiny');
    mkdirSync(tiny);
    execaSync('mount', ['-t', 'tmpfs', '-o', 'size=6M', 'tmpfs', tiny]);
    mountsUnderLoops.push(tiny);
    const dev = attach(join(tiny, sparseIn(tiny, 'backing.img', 64 * MiB)));
    const r = await run(['--yes', '--allow-fixed', image, dev]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/stopped after writing .* no space left/);
    expect(r.stderr).toContain('is partially written');
    const file = await run(['--yes', '--to-file', image, join(tiny, 'out.img')]);
    expect(file.exitCode, file.stderr).toBe(1);
    expect(file.stderr).toContain('(ENOSPC)');
    // The file it created is not left half written.
    expect(file.stderr).toContain('was created by this flash, so the incomplete copy was removed');
    expect(readdirSync(tiny)).toEqual(['backing.img']);
  });

  /** A tmpfs for one case, unmounted after the loops; null (skipped, never in CI) where mounting is not possible. */
  const tmpfs = (name: string, options: string): string | null => {
    const point = join(tmp, name);
    mkdirSync(point);
    if (!capability('mounting a tmpfs', () => execaSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', point]))) return null;
    mountsUnderLoops.push(point);
    return point;
  };

  it('stops an existing sparse file on a full filesystem part way (ENOSPC), says so and keeps its size', async () => {
    const full = tmpfs('full', 'size=6M');
    if (!full) return;
    const out = join(full, sparseIn(full, 'existing.img', IMAGE_BYTES));
    const r = await run(['--yes', '--to-file', image, out]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^spectrum: flashing ${out} stopped after writing .*: no space left: .* \\(ENOSPC\\)\\.$`, 'm'));
    expect(r.stderr).toContain(`${out} is partially written`);
    expect(r.stderr).not.toMatch(/please report|^\s+at /m);
    expect(statSync(out).size).toBe(IMAGE_BYTES);
    expect(readdirSync(full)).toEqual(['existing.img']);
  });

  it('writes nothing on a read-only filesystem (EROFS): an existing file stays as it was, a new one is not made', async () => {
    const readOnly = tmpfs('read-only', 'size=32M');
    if (!readOnly) return;
    const existing = join(readOnly, 'existing.img');
    writeFileSync(existing, randomBytes(IMAGE_BYTES));
    const before = sha256(readFileSync(existing));
    execaSync('mount', ['-o', 'remount,ro', readOnly]);
    for (const out of [existing, join(readOnly, 'new.img')]) {
      const r = await run(['--yes', '--to-file', image, out]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^spectrum: cannot open ${out}: it is read-only \\(EROFS\\); nothing was written$`));
    }
    expect(sha256(readFileSync(existing))).toBe(before);
    expect(readdirSync(readOnly)).toEqual(['existing.img']);
  });
});

function sparseIn(dir: string, name: string, bytes: number): string {
  writeFileSync(join(dir, name), '');
  truncateSync(join(dir, name), bytes);
  return name;
}
