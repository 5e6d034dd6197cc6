// Some tests need something of the machine: mounting, loop devices, a blkio cgroup, QEMU.
// Where it is missing they may skip, saying so, but never in CI (CI=true, as .ci/run sets):
// there a missing capability is a broken CI machine, and a test that quietly skips itself is
// a test nobody notices has gone.
export const inCi = (env: NodeJS.ProcessEnv = process.env): boolean => !!env.CI && env.CI !== 'false' && env.CI !== '0';

/** Runs `probe`; true if it did not throw. Outside CI a failure warns and returns false; in CI it throws. */
export function capability(what: string, probe: () => unknown, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    probe();
    return true;
  } catch (err) {
    // execFileSync's message puts the command on its first line and the tool's reason after it.
    const reason = (err as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
    const why = `${what} is not available here: ${reason}`;
    if (inCi(env)) throw new Error(`${why}; in CI the tests that need it must run, not skip`);
    console.warn(`skipped: ${why}`);
    return false;
  }
}
