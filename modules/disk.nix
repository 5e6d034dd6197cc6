# The GPT disk image: ESP, root and root-verity partitions (Discoverable Partitions
# Specification). Output: live.img.
{ pkgs, scripts }:
{ name, esp, rootfs, marginMiB ? 1 }:
pkgs.runCommand "disk-${name}" {
  nativeBuildInputs = [ pkgs.util-linux ];
  inherit esp rootfs;
  MARGIN_MIB = toString marginMiB;
} ''
  set -eu
  mkdir -p "$out"
  sh ${scripts.mkdisk} "$out/live.img" "$esp/esp.img" "$rootfs/root.erofs" "$rootfs/root.verity" "$rootfs/roothash"
''
