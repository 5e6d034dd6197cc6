// The one place spectrum runs nix. Argument arrays (never a shell), spectrum's NIX_CONFIG,
// nix's structured log parsed as it arrives, and nix in a process group of its own so that an
// interrupt stops nix and everything it started, and nothing else; nix also stops when
// spectrum is killed.
import { execa } from 'execa';
import { accessSync, constants } from 'node:fs';
import { rm } from 'node:fs/promises';
import { makeScratch } from '../fsutil/scratch.js';
import { join } from 'node:path';
import { ToolError, UserError } from '../diagnostics.js';
import { nixEnv, type PackageSetName } from './env.js';
import { failedDerivation, summarizeFailure } from './failure.js';
import { parseLogLine, type NixEvent } from './log.js';
import { BuildState } from './log-state.js';

export type NixProgram = 'nix-build' | 'nix-instantiate' | 'nix-store' | 'nix';

export interface NixRunOptions {
  set: PackageSetName;
  /** Aborting stops nix (SIGTERM to its process group, SIGKILL after a grace period). */
  signal?: AbortSignal;
  onEvent?: (event: NixEvent, state: BuildState) => void;
  /** Called with the full command line before nix starts (for --verbose). */
  onSpawn?: (command: readonly string[]) => void;
  /** Environment to start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export interface NixRunResult {
  exitCode: number;
  stdout: string;
  state: BuildState;
}

/** Thrown when a run was stopped through its AbortSignal; nix has exited when it is thrown. */
export class NixInterrupted extends Error {
  constructor() {
    super('nix was interrupted');
    this.name = 'NixInterrupted';
  }
}

/** How long nix gets to stop its builders after SIGTERM before the group is killed. */
const GRACE_MS = 10_000;

export async function runNix(program: NixProgram, argv: readonly string[], opts: NixRunOptions): Promise<NixRunResult> {
  if (opts.signal?.aborted) throw new NixInterrupted();
  const state = new BuildState();
  const args = ['--log-format', 'internal-json', '-v', ...argv];
  opts.onSpawn?.([program, ...args]);
  // nix's build directories go into a directory of this run's, removed when nix has exited:
  // nix stopped by a signal removes its build directory before it kills the builder, and
  // what the builder writes meanwhile would stay in TMPDIR for good.
  const scratch = await makeScratch(SCRATCH);
  // setpriv makes the kernel send nix SIGTERM when spectrum dies, also by SIGKILL, which no
  // handler of spectrum's can see: nix then stops its builders instead of running on alone.
  const sub = execa('setpriv', ['--pdeathsig', 'TERM', '--', program, ...args], {
    env: { ...nixEnv(opts.set, opts.env ?? process.env), TMPDIR: scratch },
    extendEnv: false,
    detached: true,
    stdin: 'ignore',
    buffer: { stdout: true, stderr: false },
    reject: false,
  });

  let graceTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    killGroup(sub.pid, 'SIGTERM');
    graceTimer = setTimeout(() => killGroup(sub.pid, 'SIGKILL'), GRACE_MS);
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    const reading = (async () => {
      for await (const line of sub.iterable({ from: 'stderr' })) {
        const event = parseLogLine(line);
        if (!event) continue;
        state.apply(event);
        opts.onEvent?.(event, state);
      }
    })();
    const result = await sub;
    await reading.catch(() => undefined);
    if (result.code === 'ENOENT') {
      throw onPath(program, opts.env ?? process.env) ? new UserError('setpriv is not installed', 'install util-linux, which has it (apt-get install util-linux)') : nixMissing(program);
    }
    if (result.exitCode === 127 && state.text.some((l) => l.startsWith('setpriv: failed to execute'))) throw nixMissing(program);
    if (opts.signal?.aborted) throw new NixInterrupted();
    return { exitCode: result.exitCode ?? 128, stdout: String(result.stdout ?? ''), state };
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    clearTimeout(graceTimer);
    await rm(scratch, { recursive: true, force: true });
  }
}

const SCRATCH = 'spectrum-nix-';

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(join(dir || '.', program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function nixMissing(program: string): UserError {
  return new UserError(
    `nix is not installed: \`${program}\` was not found on PATH`,
    'run scripts/setup.sh from the spectrum checkout, or install Debian\'s nix-bin (apt-get install nix-bin)',
  );
}

export interface NixBuildRequest {
  /** The file or directory to build from. */
  file: string;
  attr: string;
  /** Extra nix-build arguments (e.g. `--arg`, `--option`). */
  args: readonly string[];
  /** Where nix-build puts its out link(s); null for none. */
  outLink: string | null;
  /** What is being built, for messages. */
  what: string;
}

/** Runs nix-build; returns the output paths or throws a ToolError naming the first cause. */
export async function nixBuild(req: NixBuildRequest, opts: NixRunOptions): Promise<string[]> {
  const link = req.outLink === null ? ['--no-out-link'] : ['--out-link', req.outLink];
  const run = await runNix('nix-build', [req.file, '-A', req.attr, ...link, ...req.args], opts);
  if (run.exitCode === 0) return run.stdout.split('\n').filter((l) => l.startsWith('/'));
  const drv = failedDerivation(run.state);
  const fetchedLog = drv && run.state.logOf(drv).length === 0 ? await nixLog(drv, opts) : undefined;
  const f = summarizeFailure(run.state, { what: req.what, program: 'nix-build', exitCode: run.exitCode, fetchedLog });
  throw new ToolError(f.message, f.output, f.hint);
}

/** The stored build log of a derivation, or [] if nix kept none. */
export async function nixLog(drvPath: string, opts: NixRunOptions): Promise<string[]> {
  const run = await runNix('nix', ['log', drvPath], { ...opts, onEvent: undefined, onSpawn: undefined });
  return run.exitCode === 0 ? run.stdout.split('\n') : [];
}

/** Whether `<nixpkgs>` resolves (NIX_PATH or nix.conf), i.e. whether the nixpkgs set can evaluate. */
export async function nixpkgsOnPath(opts: NixRunOptions): Promise<boolean> {
  const run = await runNix('nix-instantiate', ['--find-file', 'nixpkgs'], { ...opts, onEvent: undefined, onSpawn: undefined });
  return run.exitCode === 0;
}

/** Points `link` at `storePath` atomically and registers it as a garbage-collector root. */
export async function addRoot(link: string, storePath: string, opts: NixRunOptions): Promise<void> {
  const run = await runNix('nix-store', ['--add-root', link, '--indirect', '--realise', storePath], opts);
  if (run.exitCode !== 0) {
    const why = run.state.errors[0]?.text.replace(/^error: /, '') ?? `nix-store exited with status ${run.exitCode}`;
    throw new ToolError(`could not create the out link ${link}: ${why}`, '', 'the build succeeded; move that path away or pass another one with -o');
  }
}

/** The derivation path of each attribute of `file`, in the order asked (nix-instantiate). */
export async function nixInstantiate(file: string, attrs: readonly string[], args: readonly string[], opts: NixRunOptions): Promise<string[]> {
  const run = await runNix('nix-instantiate', [file, ...attrs.flatMap((a) => ['-A', a]), ...args], opts);
  const drvs = run.stdout.split('\n').filter((l) => l.startsWith('/'));
  if (run.exitCode === 0 && drvs.length === attrs.length) return drvs;
  const why = run.state.errors[0]?.text.replace(/^error: /, '') ?? `nix-instantiate exited with status ${run.exitCode}`;
  throw new ToolError(`could not evaluate ${file}: ${why}`, '', 'run `spectrum build` on the same topology to see the whole error');
}
