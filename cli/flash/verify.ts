// Reads the written range back from the target and compares it with the image, block by block
// (so a mismatch names its first byte), hashing what the target returned. The next blocks are
// read while the current ones are compared and hashed.
import { createHash } from 'node:crypto';
import { nodeIo, readFull, type BlockJob } from './block-io.js';
import { codedError } from './failure.js';

export interface VerifyJob extends BlockJob {
  /** As many buffers for the target (aligned when it is open with O_DIRECT) as for the image. */
  targetBuffers: Buffer[];
  imageBuffers: Buffer[];
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
  // Block k lives in slot k % slots; while one block is compared and hashed, the reads of the
  // next slots - 1 blocks are in flight.
  const slots = job.targetBuffers.length;
  const pending: Promise<number>[] = [];
  const issue = (k: number): void => {
    const position = k * blockBytes;
    const read = position < size ? readPair(k % slots, position) : Promise.resolve(0);
    read.catch(() => undefined); // seen when its turn comes; never unhandled meanwhile
    pending[k] = read;
  };
  // Reads still in flight must finish before the caller may close the descriptors.
  const settle = <T>(outcome: T): Promise<T> => Promise.allSettled(pending).then(() => outcome);
  for (let k = 0; k < slots; k++) issue(k);
  let done = 0;
  try {
    for (let k = 0; done < size; k++) {
      const length = await pending[k]!;
      if (job.signal.aborted) return await settle({ kind: 'interrupted', bytes: done });
      const fromTarget = job.targetBuffers[k % slots]!.subarray(0, length);
      const fromImage = job.imageBuffers[k % slots]!.subarray(0, length);
      if (!fromTarget.equals(fromImage)) {
        return await settle({ kind: 'differs', offset: done + firstDifference(fromTarget, fromImage) });
      }
      hash.update(fromTarget);
      done += length;
      job.onProgress(done);
      issue(k + slots);
    }
  } catch (error) {
    return await settle({ kind: 'failed', bytes: done, error });
  }
  return { kind: 'identical', sha256: hash.digest('hex'), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function firstDifference(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
