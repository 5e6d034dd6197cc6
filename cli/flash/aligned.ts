// Memory for O_DIRECT, which needs buffers aligned to the device's DMA alignment. Node does
// not expose a buffer's address, so the alignment is found by experiment: an O_DIRECT transfer
// from a pool at increasing offsets fails with EINVAL until the offset makes the address
// aligned. ArrayBuffer backing stores never move, so the offset found stays right.
import { readSync, writeSync } from 'node:fs';

export const BLOCK_BYTES = 4 << 20;
/** Probes span several pages: the kernel lets a misaligned transfer within one page through. */
export const PROBE_BYTES = 64 << 10;
const MAX_SHIFT = 4096;

/** One O_DIRECT transfer of PROBE_BYTES through `window`: true if done, false on EINVAL. */
export type Probe = (window: Buffer) => boolean;

/** `count` buffers of `size` bytes at the first offset `probe` accepts, or null if none does. */
export function alignedBuffers(count: number, size: number, probe: Probe): Buffer[] | null {
  const pool = Buffer.allocUnsafeSlow(count * size + MAX_SHIFT);
  for (let shift = 0; shift < MAX_SHIFT; shift += 16) {
    if (probe(pool.subarray(shift, shift + PROBE_BYTES))) {
      return Array.from({ length: count }, (_, i) => pool.subarray(shift + i * size, shift + (i + 1) * size));
    }
  }
  return null;
}

/** Reads the start of a block device (which, unlike a file, has no holes read without I/O). */
export const readProbe =
  (fd: number): Probe =>
  (window) =>
    einvalAsFalse(() => readSync(fd, window, 0, PROBE_BYTES, 0) === PROBE_BYTES);

/**
 * Writes the image's first PROBE_BYTES to the start of a file: a read could hit a hole, which
 * needs no aligned I/O, and these bytes are about to be written there anyway.
 */
export const writeProbe =
  (fd: number, imageHead: Buffer): Probe =>
  (window) =>
    einvalAsFalse(() => (imageHead.copy(window), writeSync(fd, window, 0, PROBE_BYTES, 0) === PROBE_BYTES));

function einvalAsFalse(fn: () => boolean): boolean {
  try {
    return fn();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return false;
    throw err;
  }
}
