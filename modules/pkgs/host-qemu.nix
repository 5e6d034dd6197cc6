# QEMU from the build machine, copied with its libraries and the files it loads at run time:
# accelerator and display modules, firmware and option ROMs. QEMU finds those relative to
# its own binary (Debian's layout below $out), so the copy runs from the store and from a
# host image alike. Absent from the build machine: an output with only `missing`.
{ runCommand, tools }:
let
  binary = "/usr/bin/qemu-system-x86_64";
  moduleDir = "/usr/lib/x86_64-linux-gnu/qemu";
  modules = [ "accel-tcg-x86_64.so" "hw-display-virtio-gpu.so" "hw-display-virtio-gpu-pci.so" "hw-display-virtio-vga.so" ];
in
runCommand "host-vmm-qemu" {
  inherit binary moduleDir modules;
  dataDirs = [ "/usr/share/qemu" "/usr/share/seabios" "/usr/lib/ipxe/qemu" ];
  fingerprints = tools.fingerprint ([ binary ] ++ map (m: "${moduleDir}/${m}") modules);
  copyElf = ../../images/copy-elf.sh;
} ''
  set -eu
  if [ ! -x "$binary" ]; then
    mkdir -p "$out"
    echo "$binary not found on the build machine (host package set; Debian package qemu-system-x86)" > "$out/missing"
    exit 0
  fi
  sh "$copyElf" "$binary" "$out" bin/qemu-system-x86_64
  for m in $modules; do sh "$copyElf" "$moduleDir/$m" "$out" "''${moduleDir#/usr/}/$m"; done
  for d in $dataDirs; do
    [ -d "$d" ] || continue
    mkdir -p "$out/$(dirname "''${d#/usr/}")"
    cp -RL "$d" "$out/''${d#/usr/}"
  done
''
