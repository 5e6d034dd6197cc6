// Whether a process id names a live process: how a run tells the leftovers of a killed run
// (temporary files named after its pid) from those of one still running.
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
