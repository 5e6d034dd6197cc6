import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImage } from '../../../cli/run/image.js';
import { writeLiveImageFile } from '../live-image-file.js';

function liveImageDir(withBoot: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'image-'));
  writeLiveImageFile(join(dir, 'live.img'));
  if (withBoot) {
    mkdirSync(join(dir, 'boot'));
    for (const f of ['kernel', 'initrd']) writeFileSync(join(dir, 'boot', f), '');
    writeFileSync(join(dir, 'boot', 'cmdline'), 'console=ttyS0 roothash=ab\n');
  }
  return dir;
}

describe('findImage', () => {
  it('finds the disk and the direct-boot files of an output directory', async () => {
    const dir = liveImageDir(true);
    expect(await findImage(dir, true)).toEqual({
      disk: join(dir, 'live.img'),
      vmMemoryMiB: null,
      direct: { kernel: join(dir, 'boot/kernel'), initrd: join(dir, 'boot/initrd'), cmdline: 'console=ttyS0 roothash=ab' },
    });
    expect((await findImage(join(dir, 'live.img'), true)).direct?.kernel).toBe(join(dir, 'boot/kernel'));
  });

  it('boots a bare live.img only with --uefi', async () => {
    const dir = liveImageDir(false);
    expect(await findImage(join(dir, 'live.img'), false)).toEqual({ disk: join(dir, 'live.img'), vmMemoryMiB: null, direct: null });
    await expect(findImage(dir, true)).rejects.toThrow(/direct kernel boot needs .*boot\/\{kernel,initrd,cmdline\}/);
  });

  it('reads what its VMs need from the build output\'s spectrum.json', async () => {
    const dir = liveImageDir(true);
    writeFileSync(join(dir, 'spectrum.json'), JSON.stringify({ name: 'x', vmCount: 3, vmMemoryMiB: 3584 }));
    expect((await findImage(dir, true)).vmMemoryMiB).toEqual({ totalMiB: 3584, count: 3 });
    writeFileSync(join(dir, 'spectrum.json'), '{"name":"from an older spectrum"}');
    expect((await findImage(dir, true)).vmMemoryMiB).toBeNull();
  });

  it('says what is missing', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'image-')), 'result');
    await expect(findImage(missing, true)).rejects.toThrow(`${missing} does not exist`);
    writeFileSync(join(tmpdir(), 'spectrum-not-an-image.img'), 'not a disk');
    await expect(findImage(join(tmpdir(), 'spectrum-not-an-image.img'), false)).rejects.toThrow(/is not a spectrum live image: it has no GPT/);
    await expect(findImage(tmpdir(), true)).rejects.toThrow(/has no live\.img/);
  });
});
