// Settings every `nix` invocation of spectrum gets. Builds with the host package set use
// host tools, so they run without the sandbox and without build users (this works as root
// with Debian's nix-bin and no daemon); nothing is fetched from a binary cache unless the
// user passes substituters.

export type PackageSetName = 'host' | 'nixpkgs';

export function nixEnv(set: PackageSetName, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const lines = ['experimental-features = nix-command flakes'];
  if (set === 'host') lines.push('sandbox = false', 'build-users-group =', 'substituters =');
  const inherited = base.NIX_CONFIG ? `${base.NIX_CONFIG}\n` : '';
  return { ...base, NIX_CONFIG: inherited + lines.join('\n') };
}

/** The Nix store directory the `nix` commands of `env` use: Nix reads it from these variables. */
export const storeDir = (env: NodeJS.ProcessEnv): string => env.NIX_STORE_DIR || env.NIX_STORE || '/nix/store';
