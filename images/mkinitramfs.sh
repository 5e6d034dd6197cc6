#!/bin/sh
# Build a deterministic initramfs: busybox, veritysetup with its libraries, the kernel
# modules the boot needs (with their dependencies, in load order) and the /init that opens
# the verified root. Output: a gzip'd newc cpio archive.
# usage: mkinitramfs.sh OUT
# env:   KERNEL        directory holding lib/modules/$KVER (with modules.dep)
#        KVER          kernel module directory name
#        MODULES       modules that must be present (missing one: error)
#        OPTIONAL_MODULES  modules taken when the kernel has them (e.g. disk controllers)
#        EXCLUDE_MODULES   dependencies left out (see mkmodules.sh)
#        BUSYBOX       busybox binary (static)      VERITYSETUP  veritysetup binary
#        INIT          the /init (default: init beside this script)
#        COPY_ELF      copy-elf.sh (default: beside this script)
#        MKMODULES     mkmodules.sh (default: beside this script)
#        SOURCE_DATE_EPOCH  timestamps of every entry (default 315532800)
# needs: modprobe (kmod), cpio, gzip, ldd; xz/zstd for compressed modules
set -eu
out=${1:?output file}
here=$(dirname "$0")
: "${KERNEL:?}" "${KVER:?}" "${MODULES:?}" "${BUSYBOX:?}" "${VERITYSETUP:?}"
INIT=${INIT:-$here/init}
COPY_ELF=${COPY_ELF:-$here/copy-elf.sh}
MKMODULES=${MKMODULES:-$here/mkmodules.sh}
epoch=${SOURCE_DATE_EPOCH:-315532800}

work=$(mktemp -d "${TMPDIR:-/tmp}/mkinitramfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
r=$work/root
for d in bin sbin etc dev proc sys run tmp newroot lib/modules; do mkdir -p "$r/$d"; done

cp -L "$BUSYBOX" "$r/bin/busybox"
chmod 0755 "$r/bin/busybox"
for applet in $("$r/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$r/bin/$applet"
done
sh "$COPY_ELF" "$VERITYSETUP" "$r" sbin/veritysetup
cp "$INIT" "$r/init"
chmod 0755 "$r/init"

sh "$MKMODULES" "$r/lib/modules"
mv "$r/lib/modules/load-order" "$r/etc/modules"

find "$r" -exec touch -h -d "@$epoch" {} +
(cd "$r" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible -R 0:0) | gzip -n -6 > "$out"
