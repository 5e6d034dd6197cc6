#!/bin/sh
# The ELF vmlinux inside an x86 bzImage, for VMMs that boot a kernel only through its PVH
# entry point (cloud-hypervisor cannot boot a bzImage on x86_64). A distribution ships the
# bzImage alone; with CONFIG_PVH its payload is the ELF, compressed.
#
# Where the payload is comes from the bzImage's setup header (boot protocol 2.08 and later:
# payload_offset, payload_length), not from searching for compression magic as the kernel's
# scripts/extract-vmlinux does; the payload's first bytes say how it is compressed. Its last
# four bytes are the uncompressed size (gzip's own trailer, or appended by the kernel build
# to the other formats), which the result is checked against. The result must be an ELF with
# the Xen ELF note XEN_ELFNOTE_PHYS32_ENTRY (type 18), the PVH entry point.
# usage: extract-vmlinux.sh BZIMAGE OUT
# needs: od, tail, head, wc, readelf; gzip, xz, zstd or lz4, whichever the payload needs
set -eu
in=${1:?bzImage}; out=${2:?output file}

fail() {
  rm -f "$out"
  echo "extract-vmlinux: $in: $*" >&2
  exit 1
}
# Unsigned little-endian integer of $2 bytes at offset $1 of the bzImage.
le() { od -An -tu"$2" -j "$1" -N "$2" "$in" | tr -d ' '; }

[ "$(od -An -c -j 514 -N 4 "$in" | tr -d ' ')" = HdrS ] || fail "not a bzImage (no HdrS setup header)"
# 0x0208 = 520: the first protocol whose header has the payload's offset and length.
[ "$(le 518 2)" -ge 520 ] || fail "boot protocol older than 2.08: its header does not locate the payload"
sects=$(le 497 1)
[ "$sects" -ne 0 ] || sects=4
start=$(( (sects + 1) * 512 + $(le 584 4) ))
length=$(le 588 4)
size=$(le $((start + length - 4)) 4)

magic=$(od -An -tx1 -j "$start" -N 6 "$in" | tr -d ' \n')
stream=$((length - 4))
case $magic in
  1f8b08*) decompress='gzip -dc'; stream=$length ;;
  fd377a585a00) decompress='xz -dc' ;;
  28b52ffd*) decompress='zstd -dcq' ;;
  02214c18*) decompress='lz4 -dc' ;;
  *) fail "payload compressed in a way this script does not read (magic $magic; it reads gzip, xz, zstd, lz4)" ;;
esac

tail -c +$((start + 1)) "$in" | head -c "$stream" | $decompress > "$out" || fail "decompressing the payload (${decompress%% *}) failed"
[ "$(wc -c < "$out")" -eq "$size" ] || fail "the payload decompressed to $(wc -c < "$out") bytes, not the $size its trailer says"
readelf -h "$out" > /dev/null 2>&1 || fail "the payload is not an ELF vmlinux"
# readelf names no Xen note types: it prints the type number.
readelf -nW "$out" | grep -Eq '^ *Xen .*(\(0x00000012\)|PHYS32_ENTRY)' ||
  fail "the kernel has no PVH entry point (XEN_ELFNOTE_PHYS32_ENTRY; it needs CONFIG_PVH=y)"
