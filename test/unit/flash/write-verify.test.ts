// The writer and verifier on real files, plus the failures this machine cannot produce for real
// (EIO mid-write, a vanishing device, a device that stops accepting data) through an injected
// I/O layer that wraps the real one.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeImage } from '../../../cli/flash/write.js';
import { verifyImage } from '../../../cli/flash/verify.js';
import { nodeIo, type BlockIo } from '../../../cli/flash/block-io.js';
import { codedError, explain, partialParagraph } from '../../../cli/flash/failure.js';

const tmp = mkdtempSync(join(tmpdir(), 'spectrum-flash-write-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BLOCK = 64 << 10;
const IMAGE = randomBytes(5 * BLOCK + 1000); // not a whole number of blocks: the tail is short
const imagePath = join(tmp, 'image.img');
writeFileSync(imagePath, IMAGE);

const fds: number[] = [];
afterEach(() => fds.splice(0).forEach((fd) => closeSync(fd)));
const open = (path: string, flags: string): number => {
  const fd = openSync(path, flags);
  fds.push(fd);
  return fd;
};

function job(targetPath: string, io: BlockIo = nodeIo, signal = new AbortController().signal) {
  const progress: number[] = [];
  return {
    progress,
    job: {
      imageFd: open(imagePath, 'r'),
      imageBytes: IMAGE.length,
      targetFd: open(targetPath, 'w+'),
      buffers: [Buffer.alloc(BLOCK), Buffer.alloc(BLOCK)],
      signal,
      onProgress: (n: number) => progress.push(n),
      io,
    },
  };
}

/** The real I/O, except that the write covering byte `at` fails with `code`. */
const failingWrites = (at: number, code: string): BlockIo => ({
  ...nodeIo,
  write: (fd, buf, off, len, pos) =>
    pos <= at && at < pos + len ? Promise.reject(codedError(code, `${code} injected`)) : nodeIo.write(fd, buf, off, len, pos),
});

describe('writeImage', () => {
  it('copies the image exactly, reporting progress per block', async () => {
    const target = join(tmp, 'ok.img');
    const { job: j, progress } = job(target);
    const out = await writeImage(j);
    expect(out).toMatchObject({ kind: 'done', bytes: IMAGE.length });
    expect(readFileSync(target).equals(IMAGE)).toBe(true);
    expect(progress).toEqual([BLOCK, 2 * BLOCK, 3 * BLOCK, 4 * BLOCK, IMAGE.length]);
  });

  it.each(['EIO', 'ENODEV', 'ENOSPC', 'EACCES'])('stops on %s and says how much reached the target', async (code) => {
    const { job: j } = job(join(tmp, `${code}.img`), failingWrites(3 * BLOCK + 5, code));
    const out = await writeImage(j);
    expect(out).toMatchObject({ kind: 'failed', bytes: 3 * BLOCK });
    expect((out as { error: NodeJS.ErrnoException }).error.code).toBe(code);
  });

  it('finishes a short write and fails when the device accepts nothing more', async () => {
    let calls = 0;
    const stingy: BlockIo = {
      ...nodeIo,
      // Accepts half of every write, then nothing at all once 2 blocks are in.
      write: (fd, buf, off, len, pos) => (calls++, pos >= 2 * BLOCK ? Promise.resolve(0) : nodeIo.write(fd, buf, off, Math.ceil(len / 2), pos)),
    };
    const target = join(tmp, 'short.img');
    const out = await writeImage(job(target, stingy).job);
    expect(out).toMatchObject({ kind: 'failed', bytes: 2 * BLOCK });
    expect(explain((out as { error: unknown }).error)).toMatch(/short write/);
    expect(readFileSync(target).subarray(0, 2 * BLOCK).equals(IMAGE.subarray(0, 2 * BLOCK))).toBe(true);
    expect(calls).toBeGreaterThan(4);
  });

  it('stops issuing blocks when interrupted, lets those in flight land and syncs them', async () => {
    const controller = new AbortController();
    let synced = 0;
    const io: BlockIo = { ...nodeIo, fsync: (fd) => (synced++, nodeIo.fsync(fd)) };
    const { job: j } = job(join(tmp, 'int.img'), io, controller.signal);
    j.onProgress = (n) => n >= 2 * BLOCK && controller.abort();
    const out = await writeImage(j);
    // Aborted when block 1 was done; block 2 was already in flight (two buffers).
    expect(out).toEqual({ kind: 'interrupted', bytes: 3 * BLOCK });
    expect(synced).toBe(1);
    expect(readFileSync(join(tmp, 'int.img')).equals(IMAGE.subarray(0, 3 * BLOCK))).toBe(true);
  });

  it('reports a failing final sync (buffered writes report EIO there)', async () => {
    const io: BlockIo = { ...nodeIo, fsync: () => Promise.reject(codedError('EIO', 'EIO injected')) };
    const out = await writeImage(job(join(tmp, 'sync.img'), io).job);
    expect(out).toMatchObject({ kind: 'failed', bytes: IMAGE.length });
  });
});

describe('verifyImage', () => {
  const verifyJob = (targetPath: string, io: BlockIo = nodeIo) => ({
    imageFd: open(imagePath, 'r'),
    imageBytes: IMAGE.length,
    targetFd: open(targetPath, 'r'),
    targetBuffers: [Buffer.alloc(BLOCK), Buffer.alloc(BLOCK)],
    imageBuffers: [Buffer.alloc(BLOCK), Buffer.alloc(BLOCK)],
    signal: new AbortController().signal,
    onProgress: () => undefined,
    io,
  });

  it('passes on an identical target (larger than the image) and hashes the image range', async () => {
    const target = join(tmp, 'same.img');
    writeFileSync(target, Buffer.concat([IMAGE, Buffer.alloc(BLOCK, 7)]));
    const out = await verifyImage(verifyJob(target));
    expect(out).toMatchObject({ kind: 'identical', sha256: createHash('sha256').update(IMAGE).digest('hex') });
  });

  it('names the first differing byte', async () => {
    const target = join(tmp, 'bad.img');
    const copy = Buffer.from(IMAGE);
    copy[4 * BLOCK + 17] ^= 1;
    copy[4 * BLOCK + 900] ^= 1;
    writeFileSync(target, copy);
    expect(await verifyImage(verifyJob(target))).toEqual({ kind: 'differs', offset: 4 * BLOCK + 17 });
  });

  it('fails when the target is shorter than the image (it vanished or shrank)', async () => {
    const target = join(tmp, 'shorter.img');
    writeFileSync(target, IMAGE.subarray(0, 2 * BLOCK + 100));
    const out = await verifyImage(verifyJob(target));
    expect(out).toMatchObject({ kind: 'failed', bytes: 2 * BLOCK, error: { code: 'ENXIO', message: `the target ended at byte ${2 * BLOCK + 100}` } });
    expect(explain((out as { error: unknown }).error)).toContain('the device disappeared');
  });

  it('fails when the image got shorter than it was when the flash began', async () => {
    const target = join(tmp, 'long.img');
    writeFileSync(target, Buffer.concat([IMAGE, IMAGE]));
    const out = await verifyImage({ ...verifyJob(target), imageBytes: IMAGE.length + BLOCK });
    expect(out).toMatchObject({ kind: 'failed', bytes: 5 * BLOCK, error: { code: 'IMAGE_SHRANK', message: `the image ended at byte ${IMAGE.length}` } });
    expect(explain((out as { error: unknown }).error)).toContain('the image file got shorter');
  });

  it('says how long the read-back took', async () => {
    const target = join(tmp, 'timed.img');
    writeFileSync(target, IMAGE);
    const before = performance.now();
    const out = await verifyImage(verifyJob(target));
    const elapsed = (performance.now() - before) / 1000;
    expect(out.kind).toBe('identical');
    const { seconds } = out as { seconds: number };
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(elapsed);
  });

  it('stops when interrupted, saying how much was read back', async () => {
    const target = join(tmp, 'int-verify.img');
    writeFileSync(target, IMAGE);
    const controller = new AbortController();
    const j = { ...verifyJob(target), signal: controller.signal, onProgress: (n: number) => n >= 2 * BLOCK && controller.abort() };
    expect(await verifyImage(j)).toEqual({ kind: 'interrupted', bytes: 2 * BLOCK });
  });

  it('fails cleanly on a read error', async () => {
    const target = join(tmp, 'eio.img');
    writeFileSync(target, IMAGE);
    const io: BlockIo = { ...nodeIo, read: (fd, b, o, l, p) => (p >= BLOCK ? Promise.reject(codedError('EIO', 'EIO')) : nodeIo.read(fd, b, o, l, p)) };
    const out = await verifyImage(verifyJob(target, io));
    expect(out).toMatchObject({ kind: 'failed', bytes: BLOCK });
  });
});

describe('failure paragraphs', () => {
  it('say the stick is partially written and must be flashed again', () => {
    const text = partialParagraph('/dev/sdb', 'write', 512 << 20, 1024 << 20, explain(codedError('EIO', 'x')));
    expect(text).toContain('after writing 512.0 MiB of 1.00 GiB (50%)');
    expect(text).toContain('input/output error');
    expect(text).toContain('/dev/sdb is partially written and will not boot: flash it again.');
  });

  it('explain unknown errors by their message', () => {
    expect(explain(new Error('weird'))).toBe('weird');
    expect(explain(codedError('ENODEV', 'x'))).toContain('unplugged');
  });
});
