// Which topology file a command reads when the user names none.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../diagnostics.js';

export const TOPOLOGY_NAMES = ['topology.nix', 'topology.yaml', 'topology.yml', 'topology.json'] as const;

export interface TopologyFile {
  /** Where to read it. */
  path: string;
  /** How messages and generated headers name it: as the user wrote it, else relative to cwd; the bundled one by its path. */
  shown: string;
  bundledDefault: boolean;
}

export function findTopologyFile(cwd: string, explicit?: string): TopologyFile {
  if (explicit !== undefined) return { path: resolve(cwd, explicit), shown: explicit, bundledDefault: false };
  const present = presentTopologyFiles(cwd);
  // Picking one by a fixed order would silently ignore the other, which the user may be editing.
  if (present.length > 1) {
    throw new UserError(`more than one topology file here: ${present.join(', ')}`, `name the one to use (e.g. \`spectrum check ${present[0]}\`), or remove the others`);
  }
  if (present.length === 1) {
    const candidate = join(cwd, present[0]);
    return { path: candidate, shown: relative(cwd, candidate), bundledDefault: false };
  }
  const bundled = join(packageRoot(), 'examples', 'default', 'topology.nix');
  return { path: bundled, shown: bundled, bundledDefault: true };
}

/** Which of the names a command looks for exist in `dir`. */
export const presentTopologyFiles = (dir: string): string[] => TOPOLOGY_NAMES.filter((name) => existsSync(join(dir, name)));

/** The directory holding spectrum's package.json, found the same way from cli/ and dist/cli/. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: spectrum's installation is incomplete`);
  }
}
