// The nixpkgs pin of generated flakes is spectrum's own: the nixpkgs node of the repository's
// flake.lock (the revision modules/pkgs/nixpkgs.nix was checked against, docs/nixpkgs.md).
// Generated trees get the same input URL and a lock holding a copy of that node, so Nix uses
// the pinned revision without re-locking, and one `nix flake update` here moves both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../topology/load/find.js';

interface LockNode {
  locked: Record<string, unknown>;
  original: { type: string; owner: string; repo: string; ref?: string; rev?: string };
}

export interface NixpkgsPin {
  /** The flake input URL the lock answers. */
  url: string;
  node: LockNode;
}

export function nixpkgsPin(): NixpkgsPin {
  const file = join(packageRoot(), 'flake.lock');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Record<string, LockNode> };
  const node = lock.nodes.nixpkgs;
  const original = node?.original;
  if (original?.type !== 'github') throw new Error(`${file}: expected a github nixpkgs input, found ${JSON.stringify(original)}`);
  const version = original.ref ?? original.rev;
  return { url: `github:${original.owner}/${original.repo}${version ? `/${version}` : ''}`, node };
}

/**
 * A flake.lock for a flake whose only input is nixpkgs. JSON has no comments, so the header
 * is its first key, `"//"`, which Nix ignores; `nix flake update` drops it, which makes the
 * updated lock the user's.
 */
export function flakeLock(pin: NixpkgsPin, headerLines: string): string {
  const lock = {
    '//': headerLines.replace(/^# /gm, '').trim().replace(/\n/g, ' '),
    nodes: { nixpkgs: pin.node, root: { inputs: { nixpkgs: 'nixpkgs' } } },
    root: 'root',
    version: 7,
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}
