// Runs the built CLI (bin/spectrum.js -> dist/) as a user would, in a directory of the test's.
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '../../bin/spectrum.js');

/** A fresh working directory with its own spectrum cache (the nix store is shared). */
export function workspace(prefix: string): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(tmpdir(), `spectrum-${prefix}-`));
  return { cwd, env: { XDG_CACHE_HOME: join(cwd, '.cache') } };
}

export function spectrum(args: string[], ws: { cwd: string; env: Record<string, string> }, env: Record<string, string> = {}): ResultPromise<{ reject: false; stdin: 'ignore'; all: true }> {
  return execa(process.execPath, [CLI, ...args], { cwd: ws.cwd, env: { ...ws.env, ...env }, reject: false, stdin: 'ignore', all: true });
}

/** Live processes whose command line or working directory mentions `marker`. */
export function processesMentioning(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cmdline.includes(marker) || cwd.includes(marker)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** Every process below `pid` (children, theirs, ...), as "pid: command line". */
export function descendants(pid: number): string[] {
  const children = new Map<number, number[]>();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // The command name in field 2 may hold spaces; the parent pid follows its closing ')'.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(p)]);
    } catch {
      // Gone while we looked.
    }
  }
  const found: string[] = [];
  const walk = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      const command = commandLine(child);
      if (command !== null) found.push(`${child}: ${command}`);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Which of these "pid: command line" entries still run the same command. */
export function stillRunning(entries: readonly string[]): string[] {
  return entries.filter((e) => {
    const [pid, ...rest] = e.split(': ');
    return commandLine(Number(pid)) === rest.join(': ');
  });
}

function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return null;
  }
}
