// What a command and every process it starts tried to open, traced by strace: proof that a
// file was never opened for writing that holds even where reading the file back to compare is
// forbidden (a sandbox's device cgroup may deny reading the disk under / as well).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { execa, type Result } from 'execa';

export interface Open {
  /** The path as passed, made absolute against the directory descriptor when strace shows it. */
  path: string;
  /** Where the returned descriptor points, when the open succeeded. */
  opened: string | null;
  forWriting: boolean;
}

// `PID openat(DIRFD<dir>, "path", FLAGS...) = FD<path>`, or cut at ` <unfinished ...>` when
// another process's call came in between (the flags are there either way).
const CALL = /^\d+\s+(?:open|openat|openat2)\((?:\w+<([^>]*)>, )?"([^"]*)", ([^)<]*)(?:.*\) = \d+<([^>]*)>)?/;

export async function tracedOpens(argv: string[]): Promise<{ result: Result; opens: Open[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-strace-'));
  try {
    const log = join(dir, 'trace');
    const result = await execa('strace', ['-f', '-qq', '-y', '-e', 'trace=open,openat,openat2', '-o', log, ...argv], { reject: false, stdin: 'ignore' });
    const opens = readFileSync(log, 'utf8')
      .split('\n')
      .map((line) => CALL.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, base, path, flags, opened]) => ({
        path: isAbsolute(path!) || !base ? path! : join(base, path!),
        opened: opened ?? null,
        forWriting: /O_WRONLY|O_RDWR/.test(flags!),
      }));
    return { result, opens };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `path` is the block device `device` under any name. */
export function isDevice(path: string | null, device: string): boolean {
  if (!path) return false;
  const st = statSync(path, { throwIfNoEntry: false, bigint: true });
  return !!st?.isBlockDevice() && st.rdev === statSync(device, { bigint: true }).rdev;
}
