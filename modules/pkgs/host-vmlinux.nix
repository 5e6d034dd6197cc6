# A kernel of the build machine (host-kernel.nix) as an ELF vmlinux with a PVH entry point,
# for cloud-hypervisor, which boots x86_64 guests no other way. Debian ships only the
# bzImage; with CONFIG_PVH=y its compressed payload is that ELF (images/extract-vmlinux.sh
# takes it out and checks it).
# Output: vmlinux, nothing else (VM bundles link to it).
{ runCommand, kernel, tools }:
runCommand "host-vmlinux-${kernel.version}" {
  nativeBuildInputs = tools;
  inherit kernel;
  extract = (import ../scripts.nix).extractVmlinux;
} ''
  set -eu
  mkdir -p "$out"
  sh "$extract" "$kernel/bzImage" "$out/vmlinux"
''
