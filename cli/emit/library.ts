// The generated tree carries its own copy of spectrum's Nix library and image scripts, so
// it builds with plain Nix wherever it is committed, without spectrum installed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copiedHeader, withHeader } from './header.js';
import { packageRoot } from '../topology/load/find.js';
import { compareNames } from '../topology/language/names.js';

/** Folders of the package copied to `lib/<folder>` in the output directory. */
export const LIBRARY_DIRS = ['modules', 'images'] as const;

/** `lib/…` path -> content with a header, for every file of the library folders. */
export function libraryFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const root = packageRoot();
  for (const dir of LIBRARY_DIRS) {
    for (const file of listFiles(join(root, dir))) {
      const original = `${dir}/${file}`;
      const content = readFileSync(join(root, original), 'utf8');
      files.set(`lib/${original}`, withHeader(copiedHeader(original), content));
    }
  }
  return files;
}

/**
 * Every file below `root`, relative, `/`-separated, sorted. The header is a `#` comment,
 * which Nix and shell read; a library file of another kind could not carry it and would
 * not be recognised as spectrum's later, so it is refused here rather than copied unmarked.
 */
function listFiles(root: string, prefix = ''): string[] {
  const out: string[] = [];
  const entries = readdirSync(join(root, prefix), { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else if (!/\.(nix|sh|nft)$/.test(entry.name) && !readFileSync(join(root, rel), 'utf8').startsWith('#!')) {
      throw new Error(`${join(root, rel)} is neither Nix nor a script, so its copy cannot carry spectrum's header`);
    } else out.push(rel);
  }
  return out;
}
