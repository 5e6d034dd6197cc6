// Memory for O_DIRECT, which needs buffers aligned to the device's DMA alignment. Node does
// not expose a buffer's address, so the alignment is found by experiment: O_DIRECT reads into
// a pool at increasing offsets fail with EINVAL until the offset makes the address aligned.
// ArrayBuffer backing stores never move, so the offset found stays right. The probe reads span
// several pages: the kernel lets a misaligned read that fits in one page through.
import { readSync } from 'node:fs';

export const BLOCK_BYTES = 4 << 20;
export const PROBE_BYTES = 64 << 10;
const MAX_SHIFT = 4096;

/**
 * `count` buffers of `size` bytes, aligned for O_DIRECT on `probeFd` (an O_DIRECT descriptor
 * with at least PROBE_BYTES readable at offset 0), or null when no offset works.
 */
export function alignedBuffers(count: number, size: number, probeFd: number): Buffer[] | null {
  const pool = Buffer.allocUnsafeSlow(count * size + MAX_SHIFT);
  for (let shift = 0; shift < MAX_SHIFT; shift += 16) {
    let got = 0;
    try {
      got = readSync(probeFd, pool, shift, PROBE_BYTES, 0);
    } catch {
      continue;
    }
    // A read at end of file succeeds whatever the alignment, so only a full read proves it.
    if (got !== PROBE_BYTES) return null;
    return Array.from({ length: count }, (_, i) => pool.subarray(shift + i * size, shift + (i + 1) * size));
  }
  return null;
}
