// Boots a live image in QEMU with its serial console on this terminal, and decides how
// the run ends: QEMU exiting, --expect matching (or the boot failing), --timeout, or a signal.
import { execa, type ResultPromise } from 'execa';
import { copyFile, rm } from 'node:fs/promises';
import { makeScratch } from '../fsutil/scratch.js';
import { join } from 'node:path';
import { shellWord } from '../shell-word.js';
import { UserError } from '../diagnostics.js';
import { chooseAccel } from './accel.js';
import { ConsoleWatcher, type Verdict } from './expect.js';
import { findImage, type LiveImage } from './image.js';
import { qemuArgv, type Boot } from './qemu-args.js';

export const QEMU = 'qemu-system-x86_64';
export const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
export const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';

export interface RunRequest {
  image: string;
  uefi: boolean;
  /** null: enough for the image's host and every VM it runs (see memoryFor). */
  memoryMiB: number | null;
  emulate: boolean;
  expect: RegExp | null;
  timeoutSeconds: number | null;
  verbose: boolean;
  env: NodeJS.ProcessEnv;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  signal: AbortSignal;
}

/** The host itself, and what each VM's VMM needs beside its guest's memory. */
const HOST_MIB = 768;
const VMM_OVERHEAD_MIB = 128;

/** Guest memory for the host: its own, plus every VM it runs (vmMemoryMiB: their sum and count). */
export function memoryFor(vms: { totalMiB: number; count: number } | null): number {
  return vms === null ? 1024 : HOST_MIB + vms.totalMiB + vms.count * VMM_OVERHEAD_MIB;
}

/** How a run ended, with what it ran on; the command turns it into a message and exit code. */
export interface RunOutcome {
  disk: string;
  boot: Boot['kind'];
  accel: string;
  memoryMiB: number;
  /** The --expect regex's source, or null. */
  expect: string | null;
  timeoutSeconds: number | null;
  seconds: number;
  ending:
    | { kind: 'matched' }
    | { kind: 'boot-failed'; line: string }
    | { kind: 'exited'; status: number }
    | { kind: 'timeout' }
    | { kind: 'interrupted' };
}

type Ending = { kind: 'exited' } | { kind: 'verdict'; verdict: Verdict } | { kind: 'timeout' } | { kind: 'interrupted' };

/** Boots the image until the run ends; failures to start at all are thrown as UserError. */
export async function runImage(req: RunRequest): Promise<RunOutcome> {
  const image = await findImage(req.image, !req.uefi);
  const scratch = await makeScratch(SCRATCH);
  try {
    const boot = await bootFor(image.direct, req.uefi, scratch);
    const accel = await chooseAccel(QEMU, req.env);
    const memoryMiB = req.memoryMiB ?? memoryFor(image.vmMemoryMiB);
    const argv = qemuArgv({ accel, memoryMiB, disk: image.disk, boot, emulate: req.emulate });
    if (req.verbose) req.err.write(`$ ${[QEMU, ...argv].map(shellWord).join(' ')}\n`);
    const started = Date.now();
    const { ending, exitCode, spawnError, endsLine } = await supervise(execa(QEMU, argv, {
      env: req.env, extendEnv: false, stdin: 'inherit', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false,
    }), req);
    // What spectrum prints next must not land on (or, after a \r, over) the guest's last line.
    if (!endsLine) req.out.write('\r\n');
    if (spawnError === 'ENOENT') throw new UserError(`${QEMU} is not installed`, 'run scripts/setup.sh, or install Debian\'s qemu-system-x86 (apt-get install qemu-system-x86)');
    const base = { disk: image.disk, boot: boot.kind, accel, memoryMiB, expect: req.expect?.source ?? null, timeoutSeconds: req.timeoutSeconds, seconds: (Date.now() - started) / 1000 };
    switch (ending.kind) {
      case 'verdict':
        return { ...base, ending: ending.verdict.kind === 'boot-failed' ? { kind: 'boot-failed', line: ending.verdict.line } : { kind: 'matched' } };
      case 'exited':
        return { ...base, ending: { kind: 'exited', status: exitCode } };
      default:
        return { ...base, ending };
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// A run's scratch directory holds OVMF's variable store.
const SCRATCH = 'spectrum-run-';

async function bootFor(direct: LiveImage['direct'], uefi: boolean, scratch: string): Promise<Boot> {
  if (!uefi && direct) return { kind: 'direct', ...direct };
  // OVMF writes its variable store; each run gets a fresh copy so runs do not affect each other.
  const vars = join(scratch, 'OVMF_VARS.fd');
  await copyFile(OVMF_VARS, vars).catch(() => {
    throw new UserError(`--uefi needs OVMF firmware, and ${OVMF_VARS} is missing`, 'run scripts/setup.sh, or install Debian\'s ovmf (apt-get install ovmf)');
  });
  return { kind: 'uefi', code: OVMF_CODE, vars };
}

/** Passes the console through, watches it, and stops QEMU when the run should end. */
async function supervise(sub: ResultPromise, req: RunRequest): Promise<{ ending: Ending; exitCode: number; spawnError?: string; endsLine: boolean }> {
  let ending: Ending = { kind: 'exited' };
  const end = (e: Ending): void => {
    if (ending.kind !== 'exited') return;
    ending = e;
    sub.kill('SIGTERM');
  };
  const watcher = new ConsoleWatcher(req.expect);
  let endsLine = true;
  sub.stdout?.on('data', (chunk: Buffer) => {
    req.out.write(chunk);
    endsLine = chunk.at(-1) === 0x0a;
    const verdict = watcher.feed(chunk);
    if (verdict) end({ kind: 'verdict', verdict });
  });
  sub.stderr?.on('data', (chunk: Buffer) => {
    // QEMU's note that it was stopped is spectrum's doing, not news to the user.
    const text = chunk.toString().replace(/^.*terminating on signal.*\n?/gm, '');
    if (text) req.err.write(text);
  });
  const timer = req.timeoutSeconds === null ? undefined : setTimeout(() => end({ kind: 'timeout' }), req.timeoutSeconds * 1000);
  const onAbort = (): void => end({ kind: 'interrupted' });
  req.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await sub;
    return { ending, exitCode: result.exitCode ?? 128, spawnError: result.code, endsLine };
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener('abort', onAbort);
  }
}
