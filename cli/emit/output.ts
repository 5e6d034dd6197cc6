// Writing the generated tree: the generic atomic writer, told which files are spectrum's
// (the header mark) and where they can be (the top-level files, vms/ and lib/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planFor, writeTree as writeTreeAtomic, type FsOps } from '../fsutil/write-tree.js';
import type { TreePlan } from '../fsutil/plan-tree.js';
import { isSpectrumOwned } from './header.js';

const OWNERSHIP = { isOwned: isSpectrumOwned, scanDirs: ['vms', 'lib'] } as const;

/**
 * Generated files a user may take over without it being a conflict: `nix flake update` in the
 * output directory rewrites flake.lock without spectrum's mark, and that newer pin is theirs
 * to keep, so it is left as it is instead of stopping the run.
 */
const USER_MAY_OWN = ['flake.lock'];

export interface GeneratedPlan extends TreePlan {
  /** Generated files not written because the user's own version is there. */
  kept: string[];
}

/** Makes `dir` hold exactly the generated `files`, leaving files that are not spectrum's alone. */
/** `opts.redirect`: how the user makes the command write elsewhere, for hints (see cli/fsutil). */
export async function writeTree(
  dir: string,
  files: ReadonlyMap<string, string>,
  opts: { redirect: string; signal?: AbortSignal; fs?: FsOps },
): Promise<{ plan: GeneratedPlan; recovered: string[] }> {
  const { wanted, kept } = withoutUserFiles(dir, files);
  const { plan, recovered } = await writeTreeAtomic(dir, wanted, { ...OWNERSHIP, ...opts });
  return { plan: { ...plan, kept }, recovered };
}

/** What `writeTree` would change in `dir`, without changing anything. */
export function checkTree(dir: string, files: ReadonlyMap<string, string>, redirect: string): GeneratedPlan {
  const { wanted, kept } = withoutUserFiles(dir, files);
  return { ...planFor(dir, wanted, { ...OWNERSHIP, redirect }), kept };
}

function withoutUserFiles(dir: string, files: ReadonlyMap<string, string>) {
  const wanted = new Map(files);
  const kept: string[] = [];
  for (const path of USER_MAY_OWN) {
    const existing = readOrNull(join(dir, path));
    if (wanted.has(path) && existing !== null && !isSpectrumOwned(existing)) {
      wanted.delete(path);
      kept.push(path);
    }
  }
  return { wanted, kept };
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // Missing, or not a readable file: the writer reports whatever is in the way.
    return null;
  }
}
