#!/bin/sh
# Build a deterministic initramfs: busybox, veritysetup with its libraries, the kernel
# modules the boot needs (with their dependencies, in load order) and the /init that opens
# the verified root. Output: a gzip'd newc cpio archive.
# usage: mkinitramfs.sh OUT
# env:   KERNEL        directory holding lib/modules/$KVER (with modules.dep)
#        KVER          kernel module directory name
#        MODULES       modules that must be present (missing one: error)
#        OPTIONAL_MODULES  modules taken when the kernel has them (e.g. disk controllers)
#        EXCLUDE_MODULES   dependencies left out (default crc32c-intel and crct10dif-pclmul:
#                      they need SSE4.2 and PCLMULQDQ, which QEMU's default TCG CPU lacks, and
#                      fail to load there; the kernel falls back to generic crc32c and crct10dif)
#        BUSYBOX       busybox binary (static)      VERITYSETUP  veritysetup binary
#        INIT          the /init (default: init beside this script)
#        COPY_ELF      copy-elf.sh (default: beside this script)
#        SOURCE_DATE_EPOCH  timestamps of every entry (default 315532800)
# needs: modprobe (kmod), cpio, gzip, ldd; xz/zstd for compressed modules
set -eu
out=${1:?output file}
here=$(dirname "$0")
: "${KERNEL:?}" "${KVER:?}" "${MODULES:?}" "${BUSYBOX:?}" "${VERITYSETUP:?}"
INIT=${INIT:-$here/init}
COPY_ELF=${COPY_ELF:-$here/copy-elf.sh}
EXCLUDE_MODULES=${EXCLUDE_MODULES-crc32c-intel crct10dif-pclmul}
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

# Module files in load order (dependencies first), each once.
# modprobe fails for a module the kernel lacks and prints "builtin <name>" for built-in ones.
depends() { modprobe -d "$KERNEL" -S "$KVER" --show-depends "$1" 2>/dev/null; }
{
  for m in $MODULES; do
    depends "$m" || { echo "mkinitramfs: kernel $KVER has no module $m" >&2; exit 1; }
  done
  for m in ${OPTIONAL_MODULES:-}; do depends "$m" || true; done
} > "$work/depends"
awk '$1 == "insmod" { print $2 }' "$work/depends" > "$work/modules.all"
: > "$r/etc/modules"
awk '!seen[$0]++' "$work/modules.all" | while read -r ko; do
  base=$(basename "$ko"); base=${base%.xz}; base=${base%.zst}
  skip=
  for x in $EXCLUDE_MODULES; do [ "${base%.ko}" = "$x" ] && skip=1; done
  [ -z "$skip" ] || continue
  case $ko in
    *.xz) xz -dc "$ko" > "$r/lib/modules/$base" ;;
    *.zst) zstd -qdc "$ko" > "$r/lib/modules/$base" ;;
    *) cp "$ko" "$r/lib/modules/$base" ;;
  esac
  echo "$base" >> "$r/etc/modules"
done

find "$r" -exec touch -h -d "@$epoch" {} +
(cd "$r" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible -R 0:0) | gzip -n -6 > "$out"
