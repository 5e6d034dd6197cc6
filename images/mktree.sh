#!/bin/sh
# Assemble a root filesystem tree: the usual mount points, every PACKAGE's files linked into
# place (symlinks into /nix/store, as nixpkgs' buildEnv does), and the Nix closure of the
# packages copied into ROOT/nix/store so those links resolve on the target.
# usage: mktree.sh ROOT PACKAGE...
# env:   CLOSURE  space-separated files listing store paths: plain lists (`nix-store -qR`)
#                 or Nix's exportReferencesGraph format (deriver lines ending .drv are skipped).
#                 Default: the packages themselves.
# When two packages provide the same path, the first one named wins.
set -eu
root=${1:?root directory}; shift

mkdir -p "$root"
for d in bin sbin usr/bin usr/sbin etc dev proc sys run tmp var nix/store; do mkdir -p "$root/$d"; done

if [ -n "${CLOSURE:-}" ]; then
  # shellcheck disable=SC2086 # a list of files
  paths=$(cat $CLOSURE | grep '^/' | grep -v '\.drv$' | LC_ALL=C sort -u)
else
  paths=$(printf '%s\n' "$@" | LC_ALL=C sort -u)
fi
for p in $paths; do
  [ -e "$root$p" ] || cp -a "$p" "$root/nix/store/"
done

# merge SRC DST: link the entries of SRC into directory DST. A directory that several
# packages provide becomes a real directory holding the union (as in buildEnv).
merge() (
  find "$1" -mindepth 1 -maxdepth 1 | LC_ALL=C sort | while IFS= read -r src; do
    dst=$2/${src##*/}
    if [ ! -e "$dst" ] && [ ! -L "$dst" ]; then
      ln -s "$src" "$dst"
    elif [ -d "$src" ] && [ -d "$dst" ]; then
      if [ -L "$dst" ]; then
        first=$(readlink -f "$dst")
        rm "$dst"; mkdir "$dst"
        merge "$first" "$dst"
      fi
      merge "$src" "$dst"
    fi
  done
)
for pkg in "$@"; do merge "$pkg" "$root"; done
