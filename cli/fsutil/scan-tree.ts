// Reads what is already in an output directory, as far as a tree writer needs to know:
// which files are there, whether each is the writer's own, and the content of those it
// may replace.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../diagnostics.js';

export type Existing =
  | { kind: 'file'; owned: boolean; executable: boolean; content?: string }
  | { kind: 'dir' }
  | { kind: 'other' };

export interface ScanOptions {
  /** Paths (relative, `/`-separated) of the files about to be written: their content is read. */
  wanted: ReadonlySet<string>;
  /** Top-level directories to look into; others, and anything below them, are not the writer's. */
  scanDirs: readonly string[];
  /** Decides ownership from a file's first bytes. */
  isOwned: (head: string) => boolean;
  /**
   * How the user makes the command write somewhere else, for hints; the command knows
   * (generate: "pass another output directory with -o"; build writes below its cache).
   */
  redirect: string;
}

const HEAD_BYTES = 4096;

/** Existing entries by relative path, or null when `dir` does not exist. */
export function scanTree(dir: string, options: ScanOptions): Map<string, Existing> | null {
  const top = statOrNull(dir);
  if (!top) return null;
  if (!top.isDirectory()) {
    throw new UserError(`${dir} exists and is not a directory, so the generated tree cannot be written there`, `${options.redirect}, or move that file away`);
  }
  const found = new Map<string, Existing>();
  const walk = (rel: string, depth: number): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) {
        found.set(path, { kind: 'dir' });
        if (depth > 0 || options.scanDirs.includes(name)) walk(path, depth + 1);
      } else if (stat.isFile()) {
        found.set(path, readFile(join(dir, path), options.wanted.has(path), stat, options.isOwned));
      } else {
        found.set(path, { kind: 'other' });
      }
    }
  };
  walk('', 0);
  return found;
}

function readFile(file: string, wanted: boolean, stat: Stats, isOwned: (head: string) => boolean): Existing {
  const executable = (stat.mode & 0o111) !== 0;
  if (wanted) {
    const content = readFileSync(file, 'utf8');
    return { kind: 'file', owned: isOwned(content), executable, content };
  }
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return { kind: 'file', owned: isOwned(buffer.subarray(0, length).toString('utf8')), executable };
  } finally {
    closeSync(fd);
  }
}

/** Follows a symlink: an output directory may well be a link to elsewhere. */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
