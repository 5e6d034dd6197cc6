#!/bin/sh
# Pack a root tree into an erofs image, deterministically: fixed timestamps, all files owned
# by root, no extended attributes, and a filesystem UUID derived from NAME, so the same tree
# and name give the same bytes on any machine.
# usage: mkrootfs.sh TREE OUT.erofs NAME
# env:   SOURCE_DATE_EPOCH (default 315532800, 1980-01-01)
# needs: mkfs.erofs (erofs-utils >= 1.5), sha256sum
set -eu
tree=${1:?tree}; out=${2:?output image}; name=${3:?filesystem name}
epoch=${SOURCE_DATE_EPOCH:-315532800}

# RFC 9562 version-8 (custom) UUID from the first 128 bits of a hash.
hex=$(printf 'spectrum-erofs:%s' "$name" | sha256sum | cut -c1-32)
uuid=$(echo "$hex" | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12})$/\1-\2-8\3-8\4-\5/')

rm -f "$out"
# erofs-utils 1.5 clamps per-file mtimes only with SOURCE_DATE_EPOCH set; -T sets the rest.
SOURCE_DATE_EPOCH=$epoch mkfs.erofs --quiet -T"$epoch" -U"$uuid" --all-root -x-1 "$out" "$tree"
