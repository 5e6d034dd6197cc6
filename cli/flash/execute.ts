// The destructive part, run only after every check passed and the user confirmed: open, write,
// sync, verify, fix the backup GPT, summarise. Returns the exit code; a stop part way prints
// one paragraph saying what state the target is in.
import { closeSync, openSync } from 'node:fs';
import { execa } from 'execa';
import { ToolError } from '../diagnostics.js';
import type { Writable } from 'node:stream';
import type { Image } from './image.js';
import type { Target } from './target.js';
import { openForWrite, plainBuffers, type OpenedTarget } from './open.js';
import { writeImage, type WriteOutcome } from './write.js';
import { verifyImage, type VerifyOutcome } from './verify.js';
import type { BlockIo } from './block-io.js';
import { hasGpt, relocateBackupGpt } from './gpt.js';
import { withInterrupts, type Interrupt } from '../interrupt.js';
import { startProgress } from './progress.js';
import { publish, removeKilledFlashes, removeQuietly, tempFor } from './new-file.js';
import { explain, partialParagraph } from './failure.js';
import { summary, summaryJson } from './summary.js';
import { term } from '../output/term.js';

export interface Execution {
  image: Image;
  target: Target;
  capacity: number;
  sector: number;
  err: Writable & { isTTY?: boolean };
  out: Writable;
  /** The closing report as JSON (summaryJson) instead of text. */
  json?: boolean;
  /** The writer's and verifier's I/O; tests wrap the real one to act between the two. */
  io?: BlockIo;
}

export async function execute(x: Execution): Promise<number> {
  const imageFd = openSync(x.image.path, 'r');
  try {
    return await withInterrupts(
      (stop) => writeAndVerify(x, imageFd, stop),
      (name) => x.err.write(`\n${name}: stopping after the current block...\n`),
    );
  } finally {
    closeSync(imageFd);
  }
}

async function writeAndVerify(x: Execution, imageFd: number, stop: Interrupt): Promise<number> {
  const creating = x.target.kind === 'file' && x.target.size === null;
  if (creating) removeKilledFlashes(x.target.path);
  const into = creating ? { ...x.target, path: tempFor(x.target.path) } : x.target;
  let opened: OpenedTarget | null = openOrRemove(into, x, creating);
  try {
    const written = await write(x, imageFd, opened, stop.signal);
    if (written.kind !== 'done') return stopped(x, stop, 'write', written, creating && removeQuietly(into.path));
    if (!opened.direct && x.target.kind === 'block') await dropBuffers(x.target.path);
    const verified = await verify(x, imageFd, opened, stop.signal);
    if (verified.kind !== 'identical') return stopped(x, stop, 'verify', verified, creating && removeQuietly(into.path));
    const direct = opened.direct;
    closeSync(opened.fd);
    opened = null;
    if (creating) publish(into.path, x.target.path, x.target.given);
    const gptMoved = x.capacity > x.image.bytes && hasGpt(imageFd);
    if (gptMoved) await relocateBackupGpt(x.target.path);
    const facts = { image: x.image, target: x.target.given, written, verified, direct, gptMoved };
    x.out.write(x.json ? summaryJson(facts) : summary(facts));
    if (!stop.received()) return 0;
    // Too late to stop (verified already): done, but a script the user stopped stops.
    x.err.write('spectrum: interrupted as it finished; the image was written and verified\n');
    return stop.exitCode();
  } finally {
    if (opened) closeSync(opened.fd);
  }
}

/** Opens the target; a temporary file the failed attempt may have created goes again. */
function openOrRemove(into: Target, x: Execution, creating: boolean): OpenedTarget {
  try {
    return openForWrite(into, x.image.path, x.image.bytes, x.sector);
  } catch (err) {
    if (creating) removeQuietly(into.path);
    throw err;
  }
}

/** Without O_DIRECT, reading back would only see the kernel's copy: drop it first. */
async function dropBuffers(device: string): Promise<void> {
  const r = await execa('blockdev', ['--flushbufs', device], { reject: false, all: true });
  if (r.exitCode !== 0) {
    throw new ToolError(`${device} was written but its buffers could not be dropped to verify it; flash it again`, r.all ?? '');
  }
}

function write(x: Execution, imageFd: number, t: OpenedTarget, signal: AbortSignal): Promise<WriteOutcome> {
  const progress = startProgress(x.err, 'writing ', x.image.bytes);
  x.err.write(term`writing ${x.image.path} to ${x.target.given}${t.direct ? ' (direct I/O)' : ''}\n`);
  return writeImage({
    imageFd,
    imageBytes: x.image.bytes,
    targetFd: t.fd,
    buffers: t.buffers,
    signal,
    onProgress: (n) => progress.update(n),
    io: x.io,
  }).then((outcome) => {
    progress.end(outcome.bytes);
    return outcome;
  });
}

function verify(x: Execution, imageFd: number, t: OpenedTarget, signal: AbortSignal): Promise<VerifyOutcome> {
  const progress = startProgress(x.err, 'verifying', x.image.bytes);
  return verifyImage({
    imageFd,
    imageBytes: x.image.bytes,
    targetFd: t.fd,
    targetBuffers: t.buffers,
    imageBuffers: plainBuffers(t.buffers.length),
    signal,
    onProgress: (n) => progress.update(n),
    io: x.io,
  }).then((outcome) => {
    progress.end(outcome.kind === 'identical' ? x.image.bytes : outcome.kind === 'differs' ? outcome.offset : outcome.bytes);
    return outcome;
  });
}

/** `removed`: the target was a file this flash created, and its incomplete copy was removed. */
function stopped(x: Execution, stop: Interrupt, stage: 'write' | 'verify', o: Exclude<WriteOutcome | VerifyOutcome, { kind: 'done' | 'identical' }>, removed: boolean): number {
  const name = x.target.given;
  if (o.kind === 'differs') {
    x.err.write(
      term`spectrum: verification failed: byte ${o.offset} of ${name} differs from the image.\n` +
        (removed
          ? term`${name} was created by this flash, so the faulty copy was removed.\n`
          : term`${name} does not hold a faithful copy and may not boot: flash it again; if this repeats, the stick is faulty.\n`),
    );
    return 1;
  }
  const cause = o.kind === 'interrupted' ? `interrupted (${stop.received() ?? 'signal'})` : explain(o.error);
  x.err.write(`spectrum: ${partialParagraph(name, stage, o.bytes, x.image.bytes, cause, removed)}\n`);
  return o.kind === 'interrupted' ? stop.exitCode() : 1;
}
