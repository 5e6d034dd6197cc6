// Which package set a build uses, and the nix arguments that go with it.
//
// nixpkgs (the revision pinned in the generated flake.lock) is the default for users:
// hermetic and cached. A machine where `<nixpkgs>` does not resolve is taken for one without
// Nix's usual setup (this project's CI, offline machines), where the host set is the only one
// that can build at all, so it becomes the default there and the build says so.
import { UserError } from '../diagnostics.js';
import type { PackageSetName } from '../nix/env.js';

export interface PackageSetRequest {
  pkgs?: PackageSetName;
  builders?: string;
  substituters?: string;
}

export interface PackageSetChoice {
  set: PackageSetName;
  /** Why the set was chosen, when the user did not choose it. */
  note: string | null;
}

/** `nixpkgsFound`: whether `<nixpkgs>` resolves on this machine. */
export function choosePackageSet(req: PackageSetRequest, nixpkgsFound: boolean): PackageSetChoice {
  if (req.pkgs) return { set: req.pkgs, note: null };
  if (nixpkgsFound) return { set: 'nixpkgs', note: null };
  return {
    set: 'host',
    note: 'using the host package set (this machine\'s tools): <nixpkgs> is not on NIX_PATH; pass --pkgs host to silence this, or --pkgs nixpkgs to fetch the pinned nixpkgs',
  };
}

/**
 * Arguments for nix-build. Remote builders and binary caches only make sense with nixpkgs:
 * host-set derivations run this machine's tools, which a remote builder or a cache does not
 * have, so their outputs would silently differ.
 */
export function packageSetArgs(set: PackageSetName, req: PackageSetRequest): string[] {
  const passed = [req.builders !== undefined && '--builders', req.substituters !== undefined && '--substituters'].filter(Boolean);
  if (set === 'host' && passed.length > 0) {
    throw new UserError(
      `${passed.join(' and ')} cannot be used with the host package set`,
      'host-set builds use this machine\'s own tools, so only this machine can build them; use --pkgs nixpkgs',
    );
  }
  const args = ['--argstr', 'pkgsSet', set];
  if (req.builders !== undefined) args.push('--option', 'builders', req.builders);
  if (req.substituters !== undefined) args.push('--option', 'substituters', req.substituters);
  return args;
}
