// run and flash accept only what `spectrum build live-image` makes, and find it one way.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLiveImage, locateLiveImage } from '../../../cli/build/live-image.js';
import { writeLiveImageFile } from '../live-image-file.js';

const dir = mkdtempSync(join(tmpdir(), 'spectrum-live-image-'));

describe('a live image', () => {
  it('is found in ./result, in a named output directory, or as a file', () => {
    mkdirSync(join(dir, 'result'));
    writeLiveImageFile(join(dir, 'result', 'live.img'));
    // In the form given: relative paths stay relative (to `cwd`), as commands show them.
    expect(locateLiveImage(dir, undefined)).toEqual({ disk: 'result/live.img', dir: 'result' });
    expect(locateLiveImage(dir, 'result').disk).toBe('result/live.img');
    expect(locateLiveImage(dir, join(dir, 'result/live.img')).dir).toBe(join(dir, 'result'));
  });

  it('says what is missing, and how to get one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'spectrum-live-image-'));
    expect(() => locateLiveImage(empty, undefined)).toThrow('no image given and no live image at ./result');
    expect(() => locateLiveImage(empty, 'nope.img')).toThrow('nope.img does not exist');
    expect(() => locateLiveImage(tmpdir(), '.')).toThrow('. is not a live image: it has no live.img');
    try {
      locateLiveImage(empty, undefined);
    } catch (err) {
      expect((err as { hint: string }).hint).toContain('spectrum build live-image');
    }
  });

  it("is a GPT with mkdisk.sh's ESP, root and verity partitions; anything else is refused, naming what it lacks", () => {
    expect(() => checkLiveImage(writeLiveImageFile(join(dir, 'good.img')))).not.toThrow();
    expect(() => checkLiveImage(writeLiveImageFile(join(dir, 'plain.img'), ['U', 'L']))).toThrow(
      /plain\.img is not a spectrum live image: its GPT has no root-x86-64, root-x86-64-verity partitions$/,
    );
    writeFileSync(join(dir, 'iso.img'), Buffer.alloc(64 * 1024, 0x41));
    expect(() => checkLiveImage(join(dir, 'iso.img'))).toThrow(/iso\.img is not a spectrum live image: it has no GPT$/);
    writeFileSync(join(dir, 'tiny.img'), 'x');
    expect(() => checkLiveImage(join(dir, 'tiny.img'))).toThrow(/it has no GPT$/);
  });
});
