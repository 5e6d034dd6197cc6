#!/bin/sh
# Compute the dm-verity hash tree of a filesystem image: writes OUTDIR/root.verity (hash
# device, veritysetup superblock in block 0) and OUTDIR/roothash (64 hex digits + newline).
# Salt and verity UUID are derived from the image's sha256, so the output depends on the
# image bytes alone (veritysetup would otherwise pick both at random).
# usage: mkverity.sh IMAGE OUTDIR
# needs: veritysetup (cryptsetup >= 2.0), sha256sum
set -eu
image=${1:?image}; outdir=${2:?output directory}

salt=$(sha256sum "$image" | cut -c1-64)
hex=$(printf 'spectrum-verity:%s' "$salt" | sha256sum | cut -c1-32)
uuid=$(echo "$hex" | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12})$/\1-\2-8\3-8\4-\5/')

mkdir -p "$outdir"
rm -f "$outdir/root.verity"
veritysetup format --hash=sha256 --data-block-size=4096 --hash-block-size=4096 \
  --salt="$salt" --uuid="$uuid" "$image" "$outdir/root.verity" > "$outdir/verity-format.txt"
sed -n 's/^Root hash:[[:space:]]*//p' "$outdir/verity-format.txt" > "$outdir/roothash"
rm "$outdir/verity-format.txt"
grep -Eqx '[0-9a-f]{64}' "$outdir/roothash" || { echo "mkverity: veritysetup printed no root hash" >&2; exit 1; }
