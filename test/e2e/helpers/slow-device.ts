// A slow block device without any hook in the program under test: the program runs in its own
// blkio cgroup (cgroup v1) whose throttle limits its writes to one device, as a slow USB
// stick would. O_DIRECT writes are charged to the process that issues them.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BLKIO = '/sys/fs/cgroup/blkio';

export interface Throttle {
  /** argv that runs `argv` inside the throttled cgroup. */
  wrap(argv: string[]): string[];
  /** Removes the cgroup; every process in it must have exited. */
  remove(): void;
}

/** Limits writes to `device` by processes started through `wrap` to `bytesPerSecond`. */
export function throttleWrites(device: string, bytesPerSecond: number): Throttle {
  const majMin = readFileSync(`/sys/class/block/${device.replace('/dev/', '')}/dev`, 'utf8').trim();
  const group = join(BLKIO, `spectrum-test-${process.pid}-${majMin.replace(':', '-')}`);
  mkdirSync(group);
  writeFileSync(join(group, 'blkio.throttle.write_bps_device'), `${majMin} ${bytesPerSecond}`);
  return {
    wrap: (argv) => ['sh', '-c', `echo $$ > ${group}/cgroup.procs && exec "$@"`, 'sh', ...argv],
    remove: () => rmdirSync(group),
  };
}
