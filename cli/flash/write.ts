// Copies the image onto the target in large blocks, several at once: block k uses buffer
// k % buffers and starts when block k - buffers is done, so reads of the image overlap writes
// and the device always has more than one request queued. Stops issuing blocks when
// interrupted or on the first failure, lets those in flight finish, and always syncs.
import { nodeIo, readFull, writeFull, type BlockJob } from './block-io.js';
import { codedError } from './failure.js';

export interface WriteJob extends BlockJob {
  /** Equal-size buffers (aligned when the target is open with O_DIRECT), one per block in flight. */
  buffers: Buffer[];
}

export type WriteOutcome =
  | { kind: 'done'; bytes: number; seconds: number }
  /** `bytes`: the length of the image prefix known to be on the target. */
  | { kind: 'failed'; bytes: number; error: unknown }
  | { kind: 'interrupted'; bytes: number };

export async function writeImage(job: WriteJob): Promise<WriteOutcome> {
  const io = job.io ?? nodeIo;
  const size = job.imageBytes;
  const slots = job.buffers.length;
  const blockBytes = job.buffers[0]!.length;
  const blocks = Math.ceil(size / blockBytes);
  const started = Date.now();
  const copy = async (k: number): Promise<void> => {
    const position = k * blockBytes;
    const buf = job.buffers[k % slots]!;
    const want = Math.min(blockBytes, size - position);
    const got = await readFull(io, job.imageFd, buf, want, position);
    if (got < want) throw codedError('IMAGE_SHRANK', `the image ended at byte ${position + got}`);
    await writeFull(io, job.targetFd, buf, want, position);
  };
  const endOf = (k: number): number => Math.min(size, (k + 1) * blockBytes);

  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < blocks; k++) {
    if (k >= slots) {
      const ok = await inFlight[k - slots]!.then(() => true, () => false);
      if (!ok) break;
      job.onProgress(endOf(k - slots));
    }
    if (job.signal.aborted) break;
    const block = copy(k);
    block.catch(() => undefined); // looked at in order, below; never unhandled meanwhile
    inFlight.push(block);
  }
  // Buffers and the descriptor stay in use until everything in flight has finished.
  const settled = await Promise.allSettled(inFlight);
  let done = 0;
  let failure: { error: unknown } | null = null;
  for (const [k, s] of settled.entries()) {
    if (s.status === 'rejected') {
      failure = { error: s.reason };
      break;
    }
    done = endOf(k);
  }
  if (done > 0) job.onProgress(done);
  try {
    await io.fsync(job.targetFd);
  } catch (error) {
    // After a stop the stick is partial anyway; a failing sync matters when all was written.
    if (done === size) failure ??= { error };
  }
  if (failure) return { kind: 'failed', bytes: done, error: failure.error };
  if (done < size) return { kind: 'interrupted', bytes: done };
  return { kind: 'done', bytes: done, seconds: (Date.now() - started) / 1000 };
}
