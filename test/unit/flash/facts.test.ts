import { lstatSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseLsblk, readLsblk, type BlockDevice } from '../../../cli/flash/lsblk.js';
import { asOldUtilLinux } from './old-lsblk.js';
import { majMinOf, parseRootMount, parseSwaps, fileId, type SystemFacts } from '../../../cli/flash/system.js';
import { isRefusal, resolveTarget } from '../../../cli/flash/target.js';
import { resolveImage } from '../../../cli/flash/image.js';
import { writeLiveImageFile } from '../live-image-file.js';
import { checkFile } from '../../../cli/flash/file-rules.js';
import { ToolError, UserError } from '../../../cli/diagnostics.js';
import { capability } from '../../capability.js';

const tmp = mkdtempSync(join(tmpdir(), 'spectrum-flash-facts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('lsblk parsing', () => {
  const LSBLK = join(__dirname, '../../fixtures/lsblk');
  const firstMountOnly = (d: BlockDevice): BlockDevice => ({ ...d, mountpoints: d.mountpoints.slice(0, 1), children: d.children.map(firstMountOnly) });

  it.each(readdirSync(LSBLK).filter((f) => f.endsWith('.json') && !f.startsWith('old-')))(
    'reads %s the same from util-linux < 2.37 output (strings for flags and numbers)',
    (file) => {
      const json = readFileSync(join(LSBLK, file), 'utf8');
      expect(parseLsblk(asOldUtilLinux(json), file)).toEqual(firstMountOnly(parseLsblk(json, file)));
    },
  );

  it('reads "1" as set and "0" as unset, and booleans likewise', () => {
    const one = (fields: Record<string, unknown>) => parseLsblk(JSON.stringify({ blockdevices: [{ kname: 'sdb', 'maj:min': '8:16', type: 'disk', ...fields }] }), 'sdb');
    expect(one({ rm: '1', ro: '1' })).toMatchObject({ removable: true, readOnly: true });
    expect(one({ rm: '0', ro: '0' })).toMatchObject({ removable: false, readOnly: false });
    expect(one({ rm: true, ro: true })).toMatchObject({ removable: true, readOnly: true });
    expect(one({ rm: false, ro: false })).toMatchObject({ removable: false, readOnly: false });
    expect(one({ rm: 1, ro: 0 })).toMatchObject({ removable: true, readOnly: false });
  });

  it('reports output that is not JSON or has no device as a tool error', () => {
    expect(() => parseLsblk('lsblk: oops', '/dev/x')).toThrow(new ToolError('lsblk printed something that is not JSON for /dev/x', 'lsblk: oops'));
    expect(() => parseLsblk('{"blockdevices": []}', '/dev/x')).toThrow(/no block device/);
    expect(() => parseLsblk('null', '/dev/x')).toThrow(/no block device/);
    const long = `lsblk: ${'x'.repeat(1000)}`;
    // What lsblk printed is shown, cut short.
    expect(() => parseLsblk(long, '/dev/x')).toThrow(expect.objectContaining({ output: long.slice(0, 400) }));
    const empty = JSON.stringify({ blockdevices: [], note: 'x'.repeat(1000) });
    expect(() => parseLsblk(empty, '/dev/x')).toThrow(expect.objectContaining({ output: empty.slice(0, 400) }));
    const nameless = { 'maj:min': '8:16', type: 'disk', model: 'x'.repeat(1000) };
    expect(() => parseLsblk(JSON.stringify({ blockdevices: [nameless] }), '/dev/x')).toThrow(
      expect.objectContaining({ output: JSON.stringify(nameless).slice(0, 400) }),
    );
  });

  const one = (fields: Record<string, unknown>) => parseLsblk(JSON.stringify({ blockdevices: [{ kname: 'sdb', 'maj:min': '8:16', type: 'disk', ...fields }] }), 'sdb');

  it('refuses a device without the name, number or type the rules need', () => {
    for (const missing of ['kname', 'maj:min', 'type']) {
      const raw: Record<string, unknown> = { kname: 'sdb', 'maj:min': '8:16', type: 'disk' };
      delete raw[missing];
      expect(() => parseLsblk(JSON.stringify({ blockdevices: [raw] }), 'sdb')).toThrow(/lacks kname, maj:min or type/);
    }
    expect(one({ kname: undefined, name: 'sdc' })).toMatchObject({ name: 'sdc', path: '/dev/sdc' });
  });

  it('reads sizes only from digits, and a missing logical sector size as 512', () => {
    expect(one({ size: '16008609792', 'log-sec': '4096' })).toMatchObject({ size: 16008609792, logicalSectorBytes: 4096 });
    for (const size of ['1.5G', '-512', 'x512', null]) expect(one({ size }).size).toBe(0);
    expect(one({}).logicalSectorBytes).toBe(512);
  });

  // A stand-in lsblk first on PATH: it says how it was called, or fails as lsblk does.
  const fakeLsblk = (script: string) => {
    const bin = mkdtempSync(join(tmp, 'bin-'));
    writeFileSync(join(bin, 'lsblk'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    vi.stubEnv('PATH', `${bin}:${process.env.PATH}`);
  };
  afterEach(() => vi.unstubAllEnvs());

  it('asks lsblk for JSON, sizes in bytes and every column', async () => {
    fakeLsblk(`printf '{"blockdevices": [{"kname": "sdb", "maj:min": "8:16", "type": "disk", "model": "%s"}]}' "$*"`);
    expect(await readLsblk('/dev/sdb')).toMatchObject({ name: 'sdb', majMin: '8:16', model: '-J -b -O /dev/sdb' });
  });

  it('reports lsblk failing as a tool error with what it said', async () => {
    fakeLsblk(`echo "lsblk: /dev/sdz: not a block device" >&2; exit 32`);
    await expect(readLsblk('/dev/sdz')).rejects.toThrow(ToolError);
    await expect(readLsblk('/dev/sdz')).rejects.toMatchObject({ message: 'lsblk could not describe /dev/sdz', output: 'lsblk: /dev/sdz: not a block device' });
  });

  it('trims what the device says of itself, and reads blank as unknown', () => {
    expect(one({ vendor: 'SanDisk ', model: '  ', tran: 'usb' })).toMatchObject({ vendor: 'SanDisk', model: null, transport: 'usb' });
  });
});

describe('running-system facts', () => {
  const mountinfo = [
    '22 27 0:21 / /proc rw,relatime - proc proc rw',
    '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
    '30 27 0:40 / /media/my\\040stick rw - vfat /dev/sdb1 rw',
  ].join('\n');

  it('finds the root mount and its device number', () => {
    expect(parseRootMount(mountinfo)).toEqual({ majMin: '254:0', source: '/dev/vda' });
    expect(parseRootMount('22 27 0:21 / /proc rw - proc proc rw')).toBeNull();
  });

  it('skips mountinfo lines cut short, and reads a root without a source as an empty one', () => {
    expect(parseRootMount('27 1 254:0 / / rw,relatime\n\n27')).toBeNull();
    expect(parseRootMount('27 1 254:0 / / rw,relatime\n28 1 8:2 / / rw - ext4 /dev/sda2 rw')).toEqual({ majMin: '8:2', source: '/dev/sda2' });
    expect(parseRootMount('27 1 254:0 / / rw - ext4')).toEqual({ majMin: '254:0', source: '' });
  });

  it('reads /proc/swaps, unescaping paths', () => {
    const swaps = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/sda3   partition\t16777212\t0\t-2\n/swap\\040file file 1024 0 -3\n';
    expect(parseSwaps(swaps)).toEqual([
      { path: '/dev/sda3', type: 'partition' },
      { path: '/swap file', type: 'file' },
    ]);
    expect(parseSwaps('Filename\tType\tSize\tUsed\tPriority\n')).toEqual([]);
  });

  it('skips /proc/swaps lines without a type, and takes one with only a path and a type', () => {
    expect(parseSwaps('Filename Type Size Used Priority\n\n/dev/sda3\n/dev/sda4 partition\n')).toEqual([{ path: '/dev/sda4', type: 'partition' }]);
    expect(parseSwaps('Filename Type Size Used Priority\n  /dev/sda5\tpartition 1 0 -2  \n')).toEqual([{ path: '/dev/sda5', type: 'partition' }]);
  });

  it('splits device numbers as glibc does, including large minors', () => {
    expect(majMinOf(0xfe00)).toBe('254:0');
    expect(majMinOf(0x801)).toBe('8:1');
    // major 259 (blkext), minor 300: minor bits above 0xff live at bit 20.
    expect(majMinOf((259n << 8n) | (300n & 0xffn) | ((300n & ~0xffn) << 12n))).toBe('259:300');
    // As glibc's makedev packs them: major bits above 0xfff from bit 44 up, minor bits above 0xff from bit 20 up.
    const major = 0x12345n;
    const minor = 0x6789an;
    const dev = ((major & 0xfffn) << 8n) | ((major & ~0xfffn) << 32n) | (minor & 0xffn) | ((minor & ~0xffn) << 12n);
    expect(majMinOf(dev)).toBe(`${major}:${minor}`);
  });
});

describe('target and image resolution', () => {
  const file = join(tmp, 'stick.img');
  writeFileSync(file, Buffer.alloc(4096));

  it('refuses a missing device with a hint to find the stick', () => {
    const nope = join(tmp, 'nope');
    expect(resolveTarget(nope, false)).toEqual({
      rule: 'not-found',
      reason: `${nope} does not exist`,
      hint: 'plug the stick in and find its name with `lsblk -d -o NAME,SIZE,TRAN,MODEL`',
    });
  });

  it('refuses a path it cannot examine, even with --to-file (which creates only missing files)', () => {
    const under = join(file, 'x'); // ENOTDIR: a regular file is not a directory
    for (const toFile of [false, true]) {
      expect(resolveTarget(under, toFile)).toEqual({ rule: 'not-found', reason: expect.stringMatching(/^\S+\/stick\.img\/x cannot be examined: ENOTDIR/) });
    }
  });

  it('refuses a regular file unless --to-file, and a character device always', () => {
    expect(resolveTarget(file, false)).toEqual({
      rule: 'not-a-block-device',
      reason: `${file} is a regular file`,
      hint: 'to write the image into a file on purpose, pass --to-file',
    });
    expect(resolveTarget('/dev/null', false)).toEqual({
      rule: 'not-a-block-device',
      reason: '/dev/null is not a block device',
      hint: 'name a whole disk such as /dev/sdb',
    });
    expect(resolveTarget('/dev/null', true)).toEqual({
      rule: 'not-a-file',
      reason: '--to-file was given but /dev/null is not a regular file',
      hint: undefined,
    });
  });

  // Only stat is used: a block device node is looked at, never opened.
  const blockDevice = (): string => {
    const name = readdirSync('/dev').find((n) => lstatSync(join('/dev', n)).isBlockDevice());
    if (!name) throw new Error('no block device node in /dev');
    return join('/dev', name);
  };
  const hasBlockDevice = capability('a block device node in /dev', blockDevice);

  it.runIf(hasBlockDevice)('takes a block device, and refuses it with --to-file', () => {
    const dev = blockDevice();
    expect(resolveTarget(dev, false)).toEqual({ kind: 'block', given: dev, path: dev });
    expect(resolveTarget(dev, true)).toEqual({
      rule: 'not-a-file',
      reason: `--to-file was given but ${dev} is a block device`,
      hint: 'drop --to-file to flash a device: its safety checks apply only then',
    });
  });

  it('tells refusals from targets', () => {
    expect(isRefusal(resolveTarget(file, false))).toBe(true);
    expect(isRefusal(resolveTarget(file, true))).toBe(false);
  });

  it('takes an existing file or a new path with --to-file', () => {
    expect(resolveTarget(file, true)).toMatchObject({ kind: 'file', size: 4096, name: 'stick.img' });
    expect(resolveTarget(join(tmp, 'new.img'), true)).toMatchObject({ kind: 'file', size: null, id: null });
  });

  it('defaults the image to ./result/live.img and says how to get one', () => {
    expect(() => resolveImage(tmp)).toThrow(UserError);
    expect(() => resolveImage(tmp)).toThrow(/no live image at .\/result$/);
    try {
      resolveImage(tmp);
    } catch (e) {
      expect((e as UserError).hint).toContain('spectrum build live-image');
    }
    mkdirSync(join(tmp, 'result'));
    writeLiveImageFile(join(tmp, 'result', 'live.img'));
    expect(resolveImage(tmp).path).toBe(join(tmp, 'result', 'live.img'));
    expect(resolveImage(tmp, 'result').bytes).toBe(8 * 2 ** 20);
  });

  it('refuses an empty image, and a file that is not a spectrum live image', () => {
    writeFileSync(join(tmp, 'empty.img'), '');
    expect(() => resolveImage(tmp, 'empty.img')).toThrow(/is empty/);
    writeFileSync(join(tmp, 'photo.jpg'), 'not a disk image');
    expect(() => resolveImage(tmp, 'photo.jpg')).toThrow(/photo\.jpg is not a spectrum live image: it has no GPT/);
  });
});

describe('--to-file rules', () => {
  const none: SystemFacts = { rootDevices: new Map(), swapDevices: new Map(), swapFiles: new Map(), loopBackingFiles: new Map() };
  const img = join(tmp, 'image.img');
  writeFileSync(img, 'image');
  const id = fileId(statSync(img, { bigint: true }));

  it('refuses the image itself, a swap file and a loop backing file', () => {
    expect(checkFile({ path: img, id, imageId: id, system: none }).map((r) => r.rule)).toEqual(['same-file']);
    const busy = { ...none, swapFiles: new Map([['1:2', '/swapfile']]), loopBackingFiles: new Map([['1:2', '/dev/loop3']]) };
    expect(checkFile({ path: '/x', id: '1:2', imageId: id, system: busy }).map((r) => r.rule)).toEqual(['swap', 'loop-backing']);
  });

  it('allows a new file', () => {
    expect(checkFile({ path: '/x', id: null, imageId: id, system: none })).toEqual([]);
  });
});
