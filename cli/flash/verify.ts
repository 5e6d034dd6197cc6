// Reads the written range back from the target and compares it with the image, block by block
// (so a mismatch names its first byte), hashing what the target returned. The next blocks are
// read while the current ones are compared and hashed.
import { createHash } from 'node:crypto';
import { nodeIo, readFull, type BlockIo } from './block-io.js';
import { codedError } from './failure.js';

export interface VerifyJob {
  imageFd: number;
  imageBytes: number;
  targetFd: number;
  /** Two buffers for the target (aligned when it is open with O_DIRECT) and two for the image. */
  targetBuffers: Buffer[];
  imageBuffers: Buffer[];
  signal: AbortSignal;
  onProgress: (bytesDone: number) => void;
  io?: BlockIo;
}

export type VerifyOutcome =
  | { kind: 'identical'; sha256: string; seconds: number }
  | { kind: 'differs'; offset: number }
  | { kind: 'failed'; bytes: number; error: unknown }
  | { kind: 'interrupted'; bytes: number };

export async function verifyImage(job: VerifyJob): Promise<VerifyOutcome> {
  const io = job.io ?? nodeIo;
  const size = job.imageBytes;
  const blockBytes = job.targetBuffers[0]!.length;
  const started = process.hrtime.bigint();
  const hash = createHash('sha256');
  const readPair = async (slot: number, position: number): Promise<number> => {
    const want = Math.min(blockBytes, size - position);
    const [fromTarget, fromImage] = await Promise.all([
      readFull(io, job.targetFd, job.targetBuffers[slot]!, want, position),
      readFull(io, job.imageFd, job.imageBuffers[slot]!, want, position),
    ]);
    if (fromTarget < want) throw codedError('ENXIO', `the target ended at byte ${position + fromTarget}`);
    if (fromImage < want) throw codedError('IMAGE_SHRANK', `the image ended at byte ${position + fromImage}`);
    return want;
  };
  let done = 0;
  let slot = 0;
  let pending = readPair(0, 0);
  try {
    while (done < size) {
      const length = await pending;
      if (job.signal.aborted) return { kind: 'interrupted', bytes: done };
      const next = done + length;
      pending = next < size ? readPair(slot ^ 1, next) : Promise.resolve(0);
      // Keep a failure of the read ahead from going unhandled while this block is compared.
      pending.catch(() => undefined);
      const fromTarget = job.targetBuffers[slot]!.subarray(0, length);
      const fromImage = job.imageBuffers[slot]!.subarray(0, length);
      if (!fromTarget.equals(fromImage)) {
        await pending.catch(() => undefined);
        return { kind: 'differs', offset: done + firstDifference(fromTarget, fromImage) };
      }
      hash.update(fromTarget);
      done = next;
      job.onProgress(done);
      slot ^= 1;
    }
  } catch (error) {
    return { kind: 'failed', bytes: done, error };
  }
  return { kind: 'identical', sha256: hash.digest('hex'), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function firstDifference(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
