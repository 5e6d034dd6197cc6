#!/bin/sh
# Copy kernel modules and their dependencies out of a kernel, uncompressed, into DIR, and
# write DIR/load-order: their file names, dependencies first, each once. What insmod needs
# on a target that has neither modprobe nor modules.dep (the initramfs, the host's root).
# usage: mkmodules.sh DIR
# env:   KERNEL        directory holding lib/modules/$KVER (with modules.dep)
#        KVER          kernel module directory name
#        MODULES       modules that must be present (missing one: error)
#        OPTIONAL_MODULES  modules taken when the kernel has them
#        EXCLUDE_MODULES   dependencies left out (default crc32c-intel and crct10dif-pclmul:
#                      they need SSE4.2 and PCLMULQDQ, which QEMU's default TCG CPU lacks, and
#                      fail to load there; the kernel falls back to generic crc32c and crct10dif)
# needs: modprobe (kmod); xz/zstd for compressed modules
set -eu
dir=${1:?output directory}
: "${KERNEL:?}" "${KVER:?}" "${MODULES:?}"
EXCLUDE_MODULES=${EXCLUDE_MODULES-crc32c-intel crct10dif-pclmul}
mkdir -p "$dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/mkmodules.XXXXXX")
trap 'rm -rf "$work"' EXIT

# modprobe fails for a module the kernel lacks and prints "builtin <name>" for built-in ones.
depends() { modprobe -d "$KERNEL" -S "$KVER" --show-depends "$1" 2>/dev/null; }
{
  for m in $MODULES; do
    depends "$m" || { echo "mkmodules: kernel $KVER has no module $m" >&2; exit 1; }
  done
  for m in ${OPTIONAL_MODULES:-}; do depends "$m" || true; done
} > "$work/depends"
awk '$1 == "insmod" { print $2 }' "$work/depends" > "$work/modules.all"
: > "$dir/load-order"
awk '!seen[$0]++' "$work/modules.all" | while read -r ko; do
  base=$(basename "$ko"); base=${base%.xz}; base=${base%.zst}
  skip=
  for x in $EXCLUDE_MODULES; do [ "${base%.ko}" = "$x" ] && skip=1; done
  [ -z "$skip" ] || continue
  case $ko in
    *.xz) xz -dc "$ko" > "$dir/$base" ;;
    *.zst) zstd -qdc "$ko" > "$dir/$base" ;;
    *) cp "$ko" "$dir/$base" ;;
  esac
  echo "$base" >> "$dir/load-order"
done
