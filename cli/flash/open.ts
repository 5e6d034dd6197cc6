// Opening the target. Block devices are opened O_EXCL, which the kernel refuses while anything
// has the device mounted or claimed: a second guard behind the lsblk rules, closing the gap
// between checking and writing. O_DIRECT is used where the target supports it (not every file system does)
// so progress shows what reached the device, not what reached the page cache.
import { accessSync, closeSync, constants as C, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../diagnostics.js';
import { alignedBuffers, BLOCK_BYTES, PROBE_BYTES, readProbe, writeProbe } from './aligned.js';
import { explain } from './failure.js';
import type { Target } from './target.js';

export interface OpenedTarget {
  fd: number;
  direct: boolean;
  /** One block buffer per block in flight, aligned for O_DIRECT when `direct`. */
  buffers: Buffer[];
}

const BUFFERS = 4;

/**
 * Opens the target for writing and reading back. `sector` is the device's logical sector size;
 * O_DIRECT is tried when the image is a whole number of sectors.
 */
export function openForWrite(target: Target, imagePath: string, imageBytes: number, sector: number): OpenedTarget {
  const base = target.kind === 'block' ? C.O_RDWR | C.O_EXCL : target.size === null ? C.O_RDWR | C.O_CREAT | C.O_EXCL : C.O_RDWR;
  if (imageBytes % sector === 0) {
    const fd = tryOpen(target, base | C.O_DIRECT);
    if (fd !== null) {
      const buffers = probe(fd, target, imagePath);
      if (buffers) return { fd, direct: true, buffers };
      closeSync(fd);
    }
  }
  // The O_DIRECT attempt may have created the file already.
  const fd = openOrThrow(target, target.kind === 'file' ? C.O_RDWR | C.O_CREAT : base);
  return { fd, direct: false, buffers: plainBuffers(BUFFERS) };
}

/** --dry-run: proves the target can be opened (exclusively, for a device) without writing. */
export function openForCheck(target: Target): void {
  if (target.kind === 'file' && target.size === null) {
    check(target, () => accessSync(dirname(target.path), C.W_OK));
    return;
  }
  const fd = openOrThrow(target, C.O_RDONLY | (target.kind === 'block' ? C.O_EXCL : 0));
  closeSync(fd);
  if (target.kind === 'file') check(target, () => accessSync(target.path, C.W_OK));
}

function probe(fd: number, target: Target, imagePath: string): Buffer[] | null {
  try {
    if (target.kind === 'block') return alignedBuffers(BUFFERS, BLOCK_BYTES, readProbe(fd));
    const head = Buffer.alloc(PROBE_BYTES);
    const imageFd = openSync(imagePath, 'r');
    const got = readSync(imageFd, head, 0, PROBE_BYTES, 0);
    closeSync(imageFd);
    return got === PROBE_BYTES ? alignedBuffers(BUFFERS, BLOCK_BYTES, writeProbe(fd, head)) : null;
  } catch {
    // Not EINVAL (e.g. ENOSPC): the writer meets the same error without O_DIRECT and reports it.
    return null;
  }
}

function tryOpen(target: Target, flags: number): number | null {
  try {
    return openSync(target.path, flags, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return null;
    throw cannotOpen(target, err);
  }
}

function openOrThrow(target: Target, flags: number): number {
  try {
    return openSync(target.path, flags, 0o644);
  } catch (err) {
    throw cannotOpen(target, err);
  }
}

function check(target: Target, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    throw cannotOpen(target, err);
  }
}

const cannotOpen = (target: Target, err: unknown): UserError =>
  new UserError(`cannot open ${target.given}: ${explain(err)}; nothing was written`);

export const plainBuffers = (count: number): Buffer[] => Array.from({ length: count }, () => Buffer.allocUnsafeSlow(BLOCK_BYTES));
