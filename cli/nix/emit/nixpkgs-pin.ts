// The nixpkgs revision generated flakes pin (nixos-24.11 as of 2025-06-30). A revision in
// the URL pins the input by itself; the first `nix build` records its narHash in a
// flake.lock beside the flake, which the user commits.
export const NIXPKGS_REV = '50ab793786d9de88ee30ec4e4c24fb4236fc2674';

export const NIXPKGS_URL = `github:NixOS/nixpkgs/${NIXPKGS_REV}`;
