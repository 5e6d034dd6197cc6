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
  it('passes when the device name is typed, bare or as a path', async () => {
    expect(await confirm('sdb', false, terminal('sdb\n').io)).toBe('confirmed');
    expect(await confirm('sdb', false, terminal('/dev/sdb\n').io)).toBe('confirmed');
  });

  it('asks for the name in the prompt', async () => {
    const t = terminal('sdb\n');
    await confirm('sdb', false, t.io);
    expect(t.shown()).toContain('Type sdb to overwrite it');
  });

  it('refuses anything else, including a bare y', async () => {
    expect(await confirm('sdb', false, terminal('y\n').io)).toMatchObject({ rule: 'not-confirmed', reason: expect.stringContaining('"y"') });
    expect(await confirm('sdb', false, terminal('sdc\n').io)).toMatchObject({ rule: 'not-confirmed' });
  });

  it('reports Ctrl-C at the prompt as an interruption', async () => {
    expect(await confirm('sdb', false, terminal('\x03').io)).toBe('interrupted');
  });

  it('refuses without a terminal unless --yes', async () => {
    const io = { input: new PassThrough(), output: new PassThrough() };
    expect(await confirm('sdb', false, io)).toMatchObject({ rule: 'no-confirmation', hint: expect.stringContaining('--yes') });
    expect(await confirm('sdb', true, io)).toBe('confirmed');
  });

  it('describes the device with model, size, transport and partitions', () => {
    const dev = parseLsblk(readFileSync(join(__dirname, '../../fixtures/lsblk/usb-stick-unmounted.json'), 'utf8'), 'sdb');
    const text = describeDevice(dev);
    expect(text.split('\n')[0]).toBe('/dev/sdb: SanDisk Cruzer Blade, 14.9 GiB (16008609792 bytes), usb, removable');
    expect(text).toMatch(/sdb1 +7\.45 GiB +vfat "OLDSTICK"/);
    expect(text).toMatch(/sdb2 .* ext4 "data"/);
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
