#!/bin/sh
# Copy a program into a root directory together with the shared libraries it loads, each
# library at its own absolute path below the root, so the program runs there unchanged.
# usage: copy-elf.sh PROGRAM ROOT DEST      (DEST relative to ROOT, e.g. bin/veritysetup)
# needs: ldd. A static program or a script is copied alone.
set -eu
prog=${1:?program}; root=${2:?root}; dest=${3:?destination}

mkdir -p "$root/$(dirname "$dest")"
cp -L "$prog" "$root/$dest"
chmod 0755 "$root/$dest"

# ldd lines: "libx.so => /path/libx.so (0x..)", "/lib64/ld-linux-x86-64.so.2 (0x..)",
# "linux-vdso.so.1 (0x..)" (kernel-provided, skipped); static: "not a dynamic executable".
libs=$(ldd "$prog" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
for lib in $libs; do
  [ -e "$root$lib" ] && continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
