// Turning I/O errors into what the user needs to hear: what happened, in words, and what state
// the stick is left in.
import { bytes } from '../output/units.js';
import { term } from '../output/term.js';

const EXPLAIN: Record<string, string> = {
  EBUSY: 'it is in use (mounted, part of a RAID, LVM or encrypted volume, or opened exclusively by another program)',
  EACCES: 'permission denied: writing a disk needs root (try sudo)',
  EPERM: 'operation not permitted: writing a disk needs root (try sudo)',
  EROFS: 'it is read-only',
  ENOSPC: 'no space left: the target took less than the image',
  EFBIG: 'the file system cannot hold a file that large',
  EIO: 'input/output error: the device reported a failure (a worn-out stick or a loose connection)',
  ENODEV: 'the device disappeared (was it unplugged?)',
  ENXIO: 'the device disappeared (was it unplugged?)',
  ENOENT: 'the device disappeared (was it unplugged?)',
  SHORT_WRITE: 'the device stopped accepting data (a short write)',
  IMAGE_SHRANK: 'the image file got shorter while it was being read (is a build writing it?)',
};

export function explain(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words = e?.code ? EXPLAIN[e.code] : undefined;
  return words ? `${words} (${e.code})` : e instanceof Error ? e.message : String(err);
}

/** An error carrying a code the explanations above know, for conditions that are not errno. */
export function codedError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

export type Stage = 'write' | 'verify';

/**
 * The paragraph printed when a flash stops part way, whatever the reason. `removed`: the
 * target was a file this flash created, and it is gone again.
 */
export function partialParagraph(target: string, stage: Stage, done: number, total: number, cause: string, removed = false): string {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
  const where =
    stage === 'write'
      ? `after writing ${bytes(done)} of ${bytes(total)} (${pct}%)`
      : `while verifying, after ${bytes(done)} of ${bytes(total)} (${pct}%) were read back`;
  const state = removed
    ? term`${target} was created by this flash, so the incomplete copy was removed.`
    : stage === 'write'
      ? term`${target} is partially written and will not boot: flash it again.`
      : term`${target} holds the whole image but it was not verified: flash it again before trusting it.`;
  return `${term`flashing ${target} stopped ${where}: ${cause}.`}\n${state}`;
}
