# A verified root filesystem: the packages merged into one tree (their Nix closure in
# /nix/store), packed as erofs, with its dm-verity hash tree.
# Output: root.erofs, root.verity, roothash.
{ pkgs, scripts }:
{ name, packages }:
let
  inherit (builtins) concatLists elemAt genList length;
  graphs = genList (i: "closure-${toString i}") (length packages);
in
pkgs.runCommand "${name}-rootfs" {
  nativeBuildInputs = [ pkgs.erofs-utils pkgs.cryptsetup ];
  inherit packages;
  fsName = name;
  exportReferencesGraph = concatLists (genList (i: [ (elemAt graphs i) (elemAt packages i) ]) (length packages));
  closures = graphs;
} ''
  set -eu
  CLOSURE="$closures" sh ${scripts.mktree} "$TMPDIR/root" $packages
  mkdir -p "$out"
  sh ${scripts.mkrootfs} "$TMPDIR/root" "$out/root.erofs" "$fsName"
  sh ${scripts.mkverity} "$out/root.erofs" "$out"
''
