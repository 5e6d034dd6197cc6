// What a test or benchmark needs to know about processes a spectrum run started: which are
// below it, which of those still run, and which mention a directory. Plain JavaScript so
// that the benchmarks (plain Node, no TypeScript) share it with the tests (bench/faults.js).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Live processes whose command line or working directory mentions `marker`, as "pid: command line". */
export function processesMentioning(marker) {
  const found = [];
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
export function descendants(pid) {
  const children = new Map();
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
  const found = [];
  const walk = (parent) => {
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
export function stillRunning(entries) {
  return entries.filter((e) => {
    const [pid, ...rest] = e.split(': ');
    return commandLine(Number(pid)) === rest.join(': ');
  });
}

/**
 * The command line of a process that runs, or null. An empty one is a process that has
 * exited (a zombie its new parent has not reaped yet) or is exiting: it runs nothing, and a
 * zombie can outlive a run by seconds (seen in CI as a leftover "6071: ").
 */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() || null;
  } catch {
    return null;
  }
}
