# An initramfs that opens a dm-verity root (images/init). Output: initrd.
{ pkgs, scripts }:
{ name, kernel, modules, optionalModules ? [ ] }:
pkgs.runCommand "${name}-initramfs" {
  nativeBuildInputs = [ pkgs.kmod pkgs.cpio pkgs.gzip pkgs.xz pkgs.zstd pkgs.ldd ];
  KERNEL = kernel;
  KVER = kernel.version;
  MODULES = modules;
  OPTIONAL_MODULES = optionalModules;
  BUSYBOX = "${pkgs.busybox}/bin/busybox";
  VERITYSETUP = "${pkgs.cryptsetup}/bin/veritysetup";
  INIT = scripts.init;
  COPY_ELF = scripts.copyElf;
  MKMODULES = scripts.mkmodules;
} ''
  set -eu
  mkdir -p "$out"
  sh ${scripts.mkinitramfs} "$out/initrd"
''
