// `spectrum run [IMAGE]`: boot a live image in QEMU with its serial console on this terminal.
import type { Command } from 'commander';
import { UserError } from '../diagnostics.js';

export interface RunArgs {
  image: string;
  uefi: boolean;
  emulate: boolean;
  memory?: string;
  expect?: string;
  timeout?: string;
  verbose: boolean;
  json: boolean;
}

/** Returns the exit code: 0 when QEMU exited 0 or --expect matched, 1 otherwise, 130 or 143 when interrupted. */
export async function runRun(args: RunArgs): Promise<number> {
  const { runImage } = await import('../run/launch.js');
  const { outcomeJson, outcomeReport } = await import('../run/outcome.js');
  const { withInterrupts } = await import('../interrupt.js');
  const memoryMiB = args.memory === undefined ? null : await parseMemory(args.memory);
  const expect = args.expect === undefined ? null : parseRegExp(args.expect);
  const timeoutSeconds = args.timeout === undefined ? null : parseSeconds(args.timeout);
  return withInterrupts(async (interrupt) => {
    const { signal } = interrupt;
    // With --json the console goes to stderr, so stdout holds the outcome alone.
    const out = args.json ? process.stderr : process.stdout;
    const outcome = await runImage({ ...args, memoryMiB, expect, timeoutSeconds, env: process.env, out, err: process.stderr, signal });
    if (args.json) process.stdout.write(outcomeJson(outcome));
    if (outcome.ending.kind === 'interrupted') {
      process.stderr.write('\nspectrum: interrupted; QEMU was stopped\n');
      return interrupt.exitCode();
    }
    const { code, line } = outcomeReport(outcome);
    if (line !== null) process.stderr.write(`spectrum: ${line}\n`);
    return code;
  });
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Boot a live image in QEMU (KVM when it works, else TCG) with the serial console here; Ctrl-A x quits')
    .argument('[image]', 'live-image output directory or live.img file', 'result')
    .option('--uefi', 'boot through OVMF firmware, systemd-boot and the UKI on the image, as a PC would (default: direct kernel boot)')
    .option('--memory <size>', 'guest memory: MiB, or a size such as 512M or 2G (default: the host\'s and its VMs\' needs, from the image)')
    .option('--no-emulate', 'do not give VMs emulated stand-ins for the devices they pass through (direct boot; see docs/runtime.md)')
    .option('--expect <regex>', 'exit 0 as soon as the console prints a match; exit 1 if QEMU exits, the boot fails or --timeout passes first')
    .option('--timeout <seconds>', 'stop QEMU after this many seconds and exit 1')
    .option('--verbose', 'print the QEMU command line')
    .option('--json', 'print how the run ended as JSON on stdout (docs/build-run.md); the console goes to stderr')
    .action(async (image: string, flags: Omit<RunArgs, 'image' | 'uefi' | 'verbose' | 'json'> & { uefi?: boolean; verbose?: boolean; json?: boolean }) => {
      process.exitCode = await runRun({ ...flags, image, uefi: flags.uefi === true, emulate: flags.emulate !== false, verbose: flags.verbose === true, json: flags.json === true });
    });
}

async function parseMemory(text: string): Promise<number> {
  const { parseSize } = await import('../topology/language/size.js');
  const parsed = parseSize(/^[0-9]+$/.test(text) ? Number(text) : text);
  if ('mib' in parsed) return parsed.mib;
  throw new UserError(`--memory: ${parsed.problem.message}`, parsed.problem.hint);
}

function parseRegExp(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (err) {
    throw new UserError(`--expect: ${(err as Error).message}`, 'give a JavaScript regular expression, e.g. --expect "host up"');
  }
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text) || !(n > 0)) {
    throw new UserError(`--timeout ${JSON.stringify(text)} is not a positive number of seconds`, 'e.g. --timeout 120');
  }
  return n;
}
