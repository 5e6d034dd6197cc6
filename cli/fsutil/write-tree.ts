// Writes a whole tree of files so that a failure at any point leaves the previous tree as
// it was: everything is written to a temporary directory first, on the same filesystem,
// and only then moved into place with renames, each of which is atomic and undoable.
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../diagnostics.js';
import { describeFsError } from './fs-errors.js';
import { isExecutable, planTree, type TreePlan } from './plan-tree.js';
import { scanTree } from './scan-tree.js';
import { pidAlive } from './pid.js';
import { escapeRegExp } from './escape-regexp.js';

/** The file operations that change the disk; tests pass failing ones. */
export interface FsOps {
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  writeFile(path: string, content: string, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
}

export interface WriteTreeOptions {
  /** Whether an existing file (given its first bytes) is this writer's to replace or delete. */
  isOwned: (head: string) => boolean;
  /** Top-level directories that may hold the writer's files (stale ones are looked for there). */
  scanDirs: readonly string[];
  /** How the user makes the command write elsewhere, for hints (see ScanOptions). */
  redirect: string;
  /** Stops the run before anything in `dir` changes; once renaming has begun it completes. */
  signal?: AbortSignal;
  fs?: FsOps;
}

export interface WriteResult {
  plan: TreePlan;
  /** Temporary directories of runs killed mid-way (SIGKILL, power loss) that this run cleaned up. */
  recovered: string[];
}

const WRITE_BATCH = 16;

/** Makes `dir` hold exactly `files` plus whatever in it is not the writer's. */
export async function writeTree(dir: string, files: ReadonlyMap<string, string>, options: WriteTreeOptions): Promise<WriteResult> {
  const fs = options.fs ?? fsp;
  const recovered = await recoverKilledRuns(dir, fs);
  const plan = planFor(dir, files, options);
  if (plan.conflicts.length > 0) throw conflictError(dir, plan, options.redirect);
  const exists = await isDir(dir);
  if (exists && plan.create.length + plan.replace.length + plan.stale.length === 0) return { plan, recovered };
  // Inside DIR when it exists (DIR may be a mount point), else beside it: same filesystem.
  const tag = `${TEMP_TAG}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = exists ? join(dir, `.${tag}`) : join(dirname(dir), `.${basename(dir)}.${tag}`);
  const staging = exists ? join(temp, 'new') : temp;
  try {
    if (!exists) await fs.mkdir(dirname(dir), { recursive: true });
    const made = new Set([staging]);
    // Not recursive: Node reports a recursive mkdir refused by a read-only filesystem as ENOENT.
    await fs.mkdir(temp, { recursive: false });
    if (staging !== temp) await fs.mkdir(staging, { recursive: false });
    const paths = [...plan.create, ...plan.replace];
    for (const path of paths) {
      const parent = dirname(join(staging, path));
      if (!made.has(parent)) {
        await fs.mkdir(parent, { recursive: true });
        made.add(parent);
      }
    }
    // Staged files are independent: several in flight keep the thread pool busy, which
    // halves the time of writing a large tree compared with one write at a time.
    for (let i = 0; i < paths.length; i += WRITE_BATCH) {
      abortIfAsked(options.signal, dir);
      const results = await Promise.allSettled(
        paths.slice(i, i + WRITE_BATCH).map((path) => {
          const content = files.get(path)!;
          // The mode is subject to the umask, as for any new file; only the x bit is compared later.
          return fs.writeFile(join(staging, path), content, { mode: isExecutable(content) ? 0o755 : 0o644 });
        }),
      );
      // Every write of the batch has ended before cleanup removes the temporary directory.
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    abortIfAsked(options.signal, dir);
  } catch (err) {
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw describeFsError(err, dir, options.redirect);
  }
  if (!exists) {
    await fs.rename(temp, dir).catch(async (err) => {
      await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
      throw describeFsError(err, dir, options.redirect);
    });
  } else {
    await commit(dir, temp, plan, fs, options.redirect);
  }
  return { plan, recovered };
}

/** What writing `files` to `dir` would change; `--check` reports it. */
export function planFor(dir: string, files: ReadonlyMap<string, string>, options: Pick<WriteTreeOptions, 'isOwned' | 'scanDirs' | 'redirect'>): TreePlan {
  const wanted = new Set(files.keys());
  const scanDirs = [...new Set([...options.scanDirs, ...[...wanted].filter((p) => p.includes('/')).map((p) => p.split('/')[0])])];
  try {
    return planTree(files, scanTree(dir, { wanted, scanDirs, isOwned: options.isOwned, redirect: options.redirect }));
  } catch (err) {
    throw describeFsError(err, dir, options.redirect);
  }
}

type Step = { undo: () => Promise<unknown> };

/**
 * Moves staged files into `dir`. Replaced and stale files are first kept in the temporary
 * directory (a hard link, so the replacing rename stays atomic), which lets every step be
 * undone if a later one fails.
 */
async function commit(dir: string, temp: string, plan: TreePlan, fs: FsOps, redirect: string): Promise<void> {
  const done: Step[] = [];
  const kept = (path: string) => join(temp, 'old', path);
  const newDirs = await missingDirs(dir, plan.create);
  const emptied = emptiedDirs(plan);
  try {
    for (const path of [...plan.replace, ...plan.stale]) {
      await fs.mkdir(dirname(kept(path)), { recursive: true });
      await fs.link(join(dir, path), kept(path));
    }
    // From here on a killed run leaves DIR half written: the journal lets the next run put
    // the previous files back (recoverKilledRuns).
    const journal: Journal = { replace: plan.replace, create: plan.create, stale: plan.stale, newDirs, emptied };
    await fs.writeFile(join(temp, JOURNAL), JSON.stringify(journal), { mode: 0o644 });
    for (const d of newDirs) {
      await fs.mkdir(join(dir, d), { recursive: false });
      done.push({ undo: () => fs.rmdir(join(dir, d)) });
    }
    for (const path of plan.replace) {
      await fs.rename(join(temp, 'new', path), join(dir, path));
      done.push({ undo: () => fs.rename(kept(path), join(dir, path)) });
    }
    for (const path of plan.create) {
      await fs.rename(join(temp, 'new', path), join(dir, path));
      done.push({ undo: () => fs.rm(join(dir, path), { recursive: true, force: true }) });
    }
    for (const path of plan.stale) {
      await fs.rm(join(dir, path), { recursive: true, force: true });
      done.push({ undo: () => fs.rename(kept(path), join(dir, path)) });
    }
    for (const d of emptied) {
      if ((await fsp.readdir(join(dir, d))).length > 0) continue;
      await fs.rmdir(join(dir, d));
      done.push({ undo: () => fs.mkdir(join(dir, d), { recursive: true }) });
    }
  } catch (err) {
    const failedUndo = await undoAll(done);
    if (failedUndo) {
      throw new UserError(
        `writing ${dir} failed (${(err as Error).message}) and so did putting the previous files back (${failedUndo.message}); ` +
          `the previous versions of replaced and removed files are in ${join(temp, 'old')}`,
      );
    }
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw describeFsError(err, dir, redirect);
  }
  await fs.rm(temp, { recursive: true, force: true });
}

/** Directories the created files need that DIR lacks, parents first. */
async function missingDirs(dir: string, create: readonly string[]): Promise<string[]> {
  const missing = new Set<string>();
  for (const path of create) {
    for (let d = dirname(path); d !== '.'; d = dirname(d)) if (!(await isDir(join(dir, d)))) missing.add(d);
  }
  return [...missing].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
}

const TEMP_TAG = 'spectrum-tmp';
const JOURNAL = 'journal.json';

/** What a commit is about to do, written before its first change to DIR. */
interface Journal {
  replace: string[];
  create: string[];
  stale: string[];
  newDirs: string[];
  emptied: string[];
}

/**
 * Puts back what runs killed mid-way left: their temporary directories (inside DIR, or beside
 * it when DIR did not exist yet) are removed, and where a commit had begun, every file it
 * replaced or removed is restored and every file it created removed, so DIR is as before it.
 */
async function recoverKilledRuns(dir: string, fs: FsOps): Promise<string[]> {
  const stale = new RegExp(`^\\.(?:${escapeRegExp(basename(dir))}\\.)?${TEMP_TAG}-(\\d+)-[0-9a-f]{8}$`);
  const found: string[] = [];
  for (const parent of [dir, dirname(dir)]) {
    const names = await fsp.readdir(parent).catch(() => [] as string[]);
    for (const name of names) {
      const m = stale.exec(name);
      const inside = parent === dir;
      if (!m || pidAlive(Number(m[1])) || (!inside && name.startsWith(`.${TEMP_TAG}`))) continue;
      const temp = join(parent, name);
      if (inside) await rollBack(dir, temp, fs);
      await fs.rm(temp, { recursive: true, force: true });
      found.push(temp);
    }
  }
  return found;
}

async function rollBack(dir: string, temp: string, fs: FsOps): Promise<void> {
  const text = await fsp.readFile(join(temp, JOURNAL), 'utf8').catch(() => null);
  if (text === null) return; // killed while staging: DIR was not touched
  const journal = JSON.parse(text) as Journal;
  const exists = (path: string) => fsp.lstat(path).then(() => true, () => false);
  for (const d of [...journal.emptied].reverse()) await fs.mkdir(join(dir, d), { recursive: true });
  // A kept file is a hard link to the previous one: renaming it back restores it, and is a
  // no-op where the commit had not reached it yet.
  for (const path of [...journal.replace, ...journal.stale]) {
    if (await exists(join(temp, 'old', path))) await fs.rename(join(temp, 'old', path), join(dir, path));
  }
  for (const path of journal.create) {
    if (!(await exists(join(temp, 'new', path)))) await fs.rm(join(dir, path), { recursive: true, force: true });
  }
  for (const d of [...journal.newDirs].reverse()) await fs.rmdir(join(dir, d)).catch(() => undefined);
}

async function undoAll(done: Step[]): Promise<Error | null> {
  for (const step of done.reverse()) {
    try {
      await step.undo();
    } catch (err) {
      return err as Error;
    }
  }
  return null;
}

/** Directories that held stale files, deepest first: removed when nothing is left in them. */
function emptiedDirs(plan: TreePlan): string[] {
  const dirs = new Set<string>();
  for (const path of plan.stale) {
    for (let d = dirname(path); d !== '.'; d = dirname(d)) dirs.add(d);
  }
  return [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
}

function conflictError(dir: string, plan: TreePlan, redirect: string): UserError {
  const lines = plan.conflicts.map((c) => `${join(dir, c.path)} ${c.reason}`);
  return new UserError(
    `cannot write ${dir} without touching files that are not spectrum's:\n  ${lines.join('\n  ')}\nNothing was changed.`,
    `move those files away, or ${redirect}`,
  );
}

function abortIfAsked(signal: AbortSignal | undefined, dir: string): void {
  if (signal?.aborted) throw new UserError(`interrupted; ${dir} was left as it was`);
}

async function isDir(path: string): Promise<boolean> {
  return fsp.stat(path).then((s) => s.isDirectory(), () => false);
}
