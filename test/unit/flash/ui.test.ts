import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirm, describeDevice } from '../../../cli/flash/confirm.js';
import { parseLsblk } from '../../../cli/flash/lsblk.js';
import { startProgress } from '../../../cli/flash/progress.js';
import { bytes, duration } from '../../../cli/output/units.js';
import { alignedBuffers } from '../../../cli/flash/aligned.js';

const terminal = (typed: string) => {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d) => (shown += String(d)));
  setImmediate(() => input.write(typed));
  return { io: { input, output }, shown: () => shown };
};

describe('confirmation', () => {
  it('asks for the name in the prompt', async () => {
    const t = terminal('sdb\n');
    await confirm('sdb', false, t.io);
    expect(t.shown()).toContain('Type sdb to overwrite it');
  });

  // What a terminal delivers for each answer: Enter as \n or \r, Backspace as DEL.
  it.each([
    ['the name', 'sdb\n'],
    ['the /dev/ path', '/dev/sdb\n'],
    ['the name between spaces and tabs', ' \tsdb  \n'],
    ['the name ended by a carriage return', 'sdb\r'],
    ['the name after a typo corrected with Backspace', 'sdc\x7fb\n'],
  ])('confirms %s', async (_, typed) => {
    expect(await confirm('sdb', false, terminal(typed).io)).toBe('confirmed');
  });

  it.each([
    ['nothing (Enter alone)', '\n'],
    ['only spaces', '   \n'],
    ['a prefix', 'sd\n'],
    ['a prefix of the /dev/ path', '/dev/sd\n'],
    ['the name with more after it', 'sdb1\n'],
    ['the name twice', 'sdbsdb\n'],
    ['another disk', 'sdc\n'],
    ['the name in capitals', 'SDB\n'],
    ['the name with a capital', 'Sdb\n'],
    ['the /dev/ path in capitals', '/DEV/SDB\n'],
    ['the name with a space inside', 'sd b\n'],
    ['a /dev/ path without its leading slash', 'dev/sdb\n'],
    ['another path to the same name', '/dev//sdb\n'],
    ['y', 'y\n'],
    ['yes', 'yes\n'],
  ])('refuses %s', async (_, typed) => {
    expect(await confirm('sdb', false, terminal(typed).io)).toMatchObject({ rule: 'not-confirmed' });
  });

  it('says what was typed when refusing', async () => {
    expect(await confirm('sdb', false, terminal('y\n').io)).toMatchObject({ reason: 'you typed "y", not "sdb"' });
  });

  it.each([
    ['the input ends with the name typed but no Enter', 'sdb', true],
    ['the input ends with nothing typed', '', true],
    ['Ctrl-D is pressed on an empty line', '\x04', false],
  ])('refuses when %s', async (_, typed, end) => {
    const t = terminal(typed);
    if (end) setImmediate(() => t.io.input.end());
    expect(await confirm('sdb', false, t.io)).toEqual({ rule: 'not-confirmed', reason: 'you typed "", not "sdb"' });
  });

  it('reports Ctrl-C at the prompt as an interruption', async () => {
    expect(await confirm('sdb', false, terminal('\x03').io)).toBe('interrupted');
  });

  it('refuses without a terminal unless --yes', async () => {
    const io = { input: new PassThrough(), output: new PassThrough() };
    expect(await confirm('sdb', false, io)).toEqual({
      rule: 'no-confirmation',
      reason: 'there is no terminal to confirm on (standard input is not a TTY)',
      hint: 'pass --yes to confirm without a prompt, e.g. in a script',
    });
    expect(await confirm('sdb', true, io)).toBe('confirmed');
  });

  it.each([
    ['confirmed', 'sdb\n'],
    ['refused', 'sdc\n'],
    ['interrupted', '\x03'],
  ])('gives the terminal back out of raw mode when %s', async (_, typed) => {
    const t = terminal(typed);
    const raw: boolean[] = [];
    const input = Object.assign(t.io.input, { setRawMode: (on: boolean) => raw.push(on) });
    await confirm('sdb', false, { ...t.io, input });
    expect(raw.at(0)).toBe(true);
    expect(raw.at(-1)).toBe(false);
  });

  it('describes the device with model, size, transport and partitions', () => {
    const dev = parseLsblk(readFileSync(join(__dirname, '../../fixtures/lsblk/usb-stick-unmounted.json'), 'utf8'), 'sdb');
    const text = describeDevice(dev);
    expect(text.split('\n')[0]).toBe('/dev/sdb: SanDisk Cruzer Blade, 14.9 GiB (16008609792 bytes), usb, removable');
    expect(text).toMatch(/sdb1 +7\.45 GiB +vfat "OLDSTICK"/);
    expect(text).toMatch(/sdb2 .* ext4 "data"/);
  });

  it('describes a device that says little of itself', () => {
    const bare = (fields: Record<string, unknown>) =>
      describeDevice(parseLsblk(JSON.stringify({ blockdevices: [{ kname: 'sdc', 'maj:min': '8:32', type: 'disk', size: 1024, ...fields }] }), 'sdc'));
    expect(bare({})).toBe('/dev/sdc: unknown model, 1.00 KiB (1024 bytes), transport unknown, fixed\n  (no partitions)');
    expect(bare({ vendor: 'Kingston', tran: 'usb', rm: true })).toBe('/dev/sdc: Kingston, 1.00 KiB (1024 bytes), usb, removable\n  (no partitions)');
    const children = [
      { kname: 'sdc1', 'maj:min': '8:33', type: 'part', size: 512 },
      { kname: 'sdc2', 'maj:min': '8:34', type: 'part', size: 512, label: 'NONAME' },
    ];
    expect(bare({ model: 'Flash', children }).split('\n')).toEqual([
      '/dev/sdc: Flash, 1.00 KiB (1024 bytes), transport unknown, fixed',
      '  sdc1              512 B  (no file system seen)',
      '  sdc2              512 B  "NONAME"',
    ]);
  });
});

describe('progress', () => {
  const capture = (isTTY: boolean) => {
    const lines: string[] = [];
    return { out: { isTTY, write: (s: string) => lines.push(s) }, lines };
  };

  it('prints a line every 5 s when not on a terminal, with rate and ETA', () => {
    let t = 0;
    const c = capture(false);
    const p = startProgress(c.out, 'writing', 100 << 20, () => t);
    t = 1000;
    p.update(10 << 20);
    t = 5000;
    p.update(50 << 20);
    expect(c.lines).toEqual(['writing 50.0 MiB / 100.0 MiB (50%) 10.0 MiB/s ETA 0:05\n']);
    p.end(100 << 20);
    expect(c.lines[1]).toBe('writing 100.0 MiB / 100.0 MiB (100%) 20.0 MiB/s\n');
  });

  it('redraws a bar on a terminal', () => {
    let t = 0;
    const c = capture(true);
    const p = startProgress(c.out, 'writing', 100, () => t);
    t = 300;
    p.update(50);
    expect(c.lines[0]).toMatch(/^\r\x1b\[K\[#{12} {12}\] writing 50 B \/ 100 B \(50%\)/);
  });

  it('formats sizes and durations', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.50 KiB');
    expect(bytes(16008609792)).toBe('14.9 GiB');
    expect(duration(3725)).toBe('1:02:05');
    expect(duration(65)).toBe('1:05');
  });
});

describe('aligned buffers', () => {
  it('start at the first offset the probe accepts, back to back', () => {
    let calls = 0;
    const buffers = alignedBuffers(3, 1024, () => ++calls === 3);
    expect(buffers?.map((b) => b.byteOffset - buffers[0]!.byteOffset)).toEqual([0, 1024, 2048]);
    expect(buffers?.every((b) => b.length === 1024)).toBe(true);
    expect(calls).toBe(3);
  });

  it('are null when no offset works, and probe errors other than EINVAL propagate', () => {
    expect(alignedBuffers(2, 1024, () => false)).toBeNull();
    expect(() =>
      alignedBuffers(2, 1024, () => {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      }),
    ).toThrow('no space');
  });
});
