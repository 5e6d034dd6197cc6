# Kernel modules for a root filesystem that has no modprobe: lib/modules/spectrum/ holds the
# modules and their dependencies, uncompressed, and `load-order` lists them for insmod.
{ pkgs, scripts }:
{ name, kernel, modules, optionalModules ? [ ] }:
pkgs.runCommand "${name}-kernel-modules" {
  nativeBuildInputs = [ pkgs.kmod pkgs.xz pkgs.zstd ];
  KERNEL = kernel;
  KVER = kernel.version;
  MODULES = modules;
  OPTIONAL_MODULES = optionalModules;
} ''
  set -eu
  sh ${scripts.mkmodules} "$out/lib/modules/spectrum"
''
