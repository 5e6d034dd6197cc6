# nixpkgs as pinned by a flake.lock, for a plain `nix-build` of a generated tree: the same
# revision and NAR hash as the generated flake.nix uses, so both entry points build the same
# thing. Only fetched when the nixpkgs package set is actually used.
lockFile:
let
  locked = (builtins.fromJSON (builtins.readFile lockFile)).nodes.nixpkgs.locked;
in
builtins.fetchTarball {
  url = "https://github.com/${locked.owner}/${locked.repo}/archive/${locked.rev}.tar.gz";
  sha256 = locked.narHash;
}
