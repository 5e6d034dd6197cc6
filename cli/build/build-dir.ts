// Where `spectrum build` generates the Nix tree it builds: a cache directory per topology
// file, not the user's checkout. `spectrum generate` is the way to get a tree to commit or
// read; `spectrum build` must not overwrite one, and should leave nothing in the
// user's directory except the out link.
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `$XDG_CACHE_HOME/spectrum/build/<topology name>-<hash of the file's absolute path>`: the
 * hash keeps two checkouts with the same topology name from sharing (and racing on) a tree.
 */
export function buildDir(topologyPath: string, topologyName: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), '.cache');
  const id = createHash('sha256').update(resolve(topologyPath)).digest('hex').slice(0, 8);
  return join(cache, 'spectrum', 'build', `${topologyName}-${id}`);
}
