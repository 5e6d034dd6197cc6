// Writing the generated tree: the generic atomic writer, told which files are spectrum's
// (the header mark) and where they can be (the top-level files, vms/ and lib/).
import { planFor, writeTree as writeTreeAtomic, type FsOps, type WriteResult } from '../../fsutil/write-tree.js';
import type { TreePlan } from '../../fsutil/plan-tree.js';
import { isSpectrumOwned } from './header.js';

const OWNERSHIP = { isOwned: isSpectrumOwned, scanDirs: ['vms', 'lib'] } as const;

/** Makes `dir` hold exactly the generated `files`, leaving files that are not spectrum's alone. */
export const writeTree = (dir: string, files: ReadonlyMap<string, string>, opts: { signal?: AbortSignal; fs?: FsOps } = {}): Promise<WriteResult> =>
  writeTreeAtomic(dir, files, { ...OWNERSHIP, ...opts });

/** What `writeTree` would change in `dir`, without changing anything. */
export const checkTree = (dir: string, files: ReadonlyMap<string, string>): TreePlan => planFor(dir, files, OWNERSHIP);
