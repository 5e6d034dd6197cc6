// Which topology file a command reads when the user names none.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOPOLOGY_NAMES = ['topology.nix', 'topology.yaml', 'topology.yml', 'topology.json'] as const;

export function findTopologyFile(cwd: string, explicit?: string): { path: string; bundledDefault: boolean } {
  if (explicit !== undefined) return { path: resolve(cwd, explicit), bundledDefault: false };
  for (const name of TOPOLOGY_NAMES) {
    const candidate = join(cwd, name);
    if (existsSync(candidate)) return { path: candidate, bundledDefault: false };
  }
  return { path: join(packageRoot(), 'examples', 'default', 'topology.nix'), bundledDefault: true };
}

/** The directory holding spectrum's package.json, found the same way from cli/ and dist/cli/. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: spectrum's installation is incomplete`);
  }
}
