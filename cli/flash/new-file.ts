// A --to-file target that does not exist yet is written under a temporary name beside it and
// takes its own name only once verified. A flash stopped part way, even by SIGKILL, which
// skips every cleanup, thus never leaves a file that looks like a copy of the image; the
// next flash to the same file removes the temporary one.
import { linkSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../diagnostics.js';
import { pidAlive } from '../fsutil/pid.js';
import { escapeRegExp } from '../fsutil/escape-regexp.js';

export const tempFor = (path: string): string => join(dirname(path), `.${basename(path)}.spectrum-tmp-${process.pid}`);

/** Removes what flashes to `path` that were killed left (their pid is gone, or is ours again). */
export function removeKilledFlashes(path: string): void {
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(path))}\\.spectrum-tmp-(\\d+)$`);
  for (const name of readdirSync(dirname(path))) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && (Number(pid) === process.pid || !pidAlive(Number(pid)))) unlinkSync(join(dirname(path), name));
  }
}

/** Gives the verified copy its name; a file created there meanwhile is not overwritten. */
export function publish(temp: string, path: string, given: string): void {
  try {
    linkSync(temp, path);
  } catch (err) {
    removeQuietly(temp);
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${given} was created by something else during the flash; it was left as it is`);
    throw err;
  }
  unlinkSync(temp);
}

export function removeQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
