// Copies the image onto the target in large blocks, reading the next block of the image while
// the current one is being written (two buffers), then syncs. Stops between blocks when
// interrupted, and always syncs what was written before returning.
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeIo, readFull, writeFull, type BlockIo } from './block-io.js';
import { codedError } from './failure.js';

export interface WriteJob {
  imageFd: number;
  imageBytes: number;
  targetFd: number;
  /** Buffers of equal size (aligned when the target is open with O_DIRECT); the first two are used. */
  buffers: Buffer[];
  signal: AbortSignal;
  onProgress: (bytesDone: number) => void;
  io?: BlockIo;
  /** Test hook (see test-hooks.ts): pause after each block so a test can interrupt mid-write. */
  blockDelayMs?: number;
}

export type WriteOutcome =
  | { kind: 'done'; bytes: number; seconds: number }
  | { kind: 'failed'; bytes: number; error: unknown }
  | { kind: 'interrupted'; bytes: number };

export async function writeImage(job: WriteJob): Promise<WriteOutcome> {
  const io = job.io ?? nodeIo;
  const size = job.imageBytes;
  const blockBytes = job.buffers[0]!.length;
  const started = process.hrtime.bigint();
  const readBlock = async (buf: Buffer, position: number): Promise<number> => {
    const want = Math.min(blockBytes, size - position);
    const got = await readFull(io, job.imageFd, buf, want, position);
    if (got < want) throw codedError('IMAGE_SHRANK', `the image ended at byte ${position + got}`);
    return got;
  };
  let done = 0;
  let current = 0;
  try {
    let length = await readBlock(job.buffers[0]!, 0);
    while (done < size) {
      if (job.signal.aborted) return await finish(io, job.targetFd, { kind: 'interrupted', bytes: done });
      const next = done + length;
      const writing = writeFull(io, job.targetFd, job.buffers[current]!, length, done);
      const reading = next < size ? readBlock(job.buffers[current ^ 1]!, next) : Promise.resolve(0);
      // Both must settle before a buffer is reused, even when one of them fails.
      const [wrote, read] = await Promise.allSettled([writing, reading]);
      if (wrote.status === 'rejected') return await finish(io, job.targetFd, { kind: 'failed', bytes: done, error: wrote.reason });
      done = next;
      job.onProgress(done);
      if (read.status === 'rejected') return await finish(io, job.targetFd, { kind: 'failed', bytes: done, error: read.reason });
      length = read.value;
      current ^= 1;
      if (job.blockDelayMs) await sleep(job.blockDelayMs);
    }
    await io.fsync(job.targetFd);
  } catch (error) {
    return { kind: 'failed', bytes: done, error };
  }
  return { kind: 'done', bytes: done, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Syncs what reached the target before reporting a stop; a failing sync changes nothing then. */
async function finish(io: BlockIo, fd: number, outcome: WriteOutcome): Promise<WriteOutcome> {
  await io.fsync(fd).catch(() => undefined);
  return outcome;
}
