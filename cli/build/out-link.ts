// The out link(s) of a build. nix-build writes them to a temporary name beside the final one;
// only after the whole build succeeded are the final links made, each atomically by
// `nix-store --add-root` (which also registers it as a GC root, so the output stays alive).
// An interrupted or failed build therefore leaves the previous link, if any, untouched.
import { lstat, readdir, symlink, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { addRoot, type NixRunOptions } from '../nix/runner.js';
import { pidAlive } from '../fsutil/pid.js';
import { escapeRegExp } from '../fsutil/escape-regexp.js';
import { describeFsError } from '../fsutil/fs-errors.js';

export class OutLinks {
  /** Where nix-build links its outputs during the build. */
  readonly temp: string;
  /**
   * What the reserved link points to until nix-build replaces it: nix replaces only links into
   * its store, so into the store nix uses (NIX_STORE_DIR), not into /nix/store.
   */
  private readonly placeholder: string;

  constructor(readonly final: string, storeDir: string) {
    this.temp = join(dirname(final), `.${basename(final)}.spectrum-tmp-${process.pid}`);
    this.placeholder = join(storeDir, '00000000000000000000000000000000-spectrum-out-link');
  }

  /**
   * Makes the temporary link before nix builds anything, so that a directory where no link can
   * be made (full, read-only) is reported at once and in spectrum's words, not by nix after
   * the whole build as a failure to build. nix-build replaces it with its own.
   */
  async reserve(redirect: string): Promise<void> {
    try {
      // One by this pid can only be from a killed run whose pid this process got again.
      await unlink(this.temp).catch(() => undefined);
      await symlink(this.placeholder, this.temp);
    } catch (err) {
      // Node names the link's target as the error's path; the user's question is where.
      throw describeFsError(Object.assign(err as Error, { path: this.temp }), this.final, redirect);
    }
  }

  /** Makes the final links (`result`, `result-2`, ... as nix-build names them); returns them. */
  async promote(outPaths: readonly string[], opts: NixRunOptions): Promise<string[]> {
    const links = outPaths.map((_, i) => linkName(this.final, i));
    for (const [i, path] of outPaths.entries()) await addRoot(links[i], path, opts);
    return links;
  }

  /** Removes temporary links that builds killed before their cleanup left here; returns them. */
  async removeLeftovers(): Promise<string[]> {
    const dir = dirname(this.final);
    const pattern = new RegExp(`^\\.${escapeRegExp(basename(this.final))}\\.spectrum-tmp-(\\d+)(-\\d+)?$`);
    const removed: string[] = [];
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const pid = pattern.exec(name)?.[1];
      if (pid === undefined || pidAlive(Number(pid))) continue;
      const path = join(dir, name);
      if ((await lstat(path)).isSymbolicLink()) {
        await unlink(path);
        removed.push(path);
      }
    }
    return removed;
  }

  /** Removes every temporary link this build may have made. */
  async cleanup(): Promise<void> {
    const dir = dirname(this.temp);
    const prefix = basename(this.temp);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name !== prefix && !new RegExp(`^${escapeRegExp(prefix)}-\\d+$`).test(name)) continue;
      const path = join(dir, name);
      if ((await lstat(path)).isSymbolicLink()) await unlink(path);
    }
  }
}

/** nix-build's naming of the i-th out link. */
export const linkName = (base: string, i: number): string => (i === 0 ? base : `${base}-${i + 1}`);

