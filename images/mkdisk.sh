#!/bin/sh
# Build the GPT live image on a plain file (no loop devices), following the Discoverable
# Partitions Specification: ESP, root (x86-64) and root verity (x86-64) partitions with the
# specification's type GUIDs; root/verity partition UUIDs are the first/last 128 bits of the
# root hash (as systemd-repart makes them), so the initramfs finds them from roothash= alone.
# Each partition is its content rounded up to whole MiB plus a margin; partitions start on
# MiB boundaries.
# usage: mkdisk.sh OUT.img ESP.img ROOT.erofs ROOT.verity ROOTHASH-FILE
# env:   MARGIN_MIB (free space added to each partition, default 1)
# needs: sfdisk (util-linux/fdisk), dd, sha256sum
set -eu
out=${1:?output image}; esp=${2:?esp image}; data=${3:?root image}; hash=${4:?verity image}
roothash=$(cat "${5:?roothash file}")
margin=${MARGIN_MIB:-1}
case $roothash in *[!0-9a-f]*|'') echo "mkdisk: bad root hash '$roothash'" >&2; exit 1 ;; esac
[ ${#roothash} -eq 64 ] || { echo "mkdisk: bad root hash '$roothash'" >&2; exit 1; }

fmt() { echo "$1" | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12})$/\1-\2-\3-\4-\5/'; }
# RFC 9562 version-8 UUID from a label and the root hash: same image, same GUIDs.
derived() { fmt "$(printf 'spectrum-%s:%s' "$1" "$roothash" | sha256sum | cut -c1-32 | sed -E 's/^(.{12}).(.{3}).(.*)$/\18\28\3/')"; }
root_uuid=$(fmt "$(echo "$roothash" | cut -c1-32)")
verity_uuid=$(fmt "$(echo "$roothash" | cut -c33-64)")

mib() { echo $(( ($(stat -L -c %s "$1") + 1048575) / 1048576 + margin )); }
esp_mib=$(mib "$esp"); data_mib=$(mib "$data"); hash_mib=$(mib "$hash")
data_at=$((1 + esp_mib)); hash_at=$((data_at + data_mib))
# 1 MiB in front (protective MBR, GPT header and entries, alignment), 1 MiB behind (backup GPT).
total=$((hash_at + hash_mib + 1))

rm -f "$out"
truncate -s "${total}M" "$out"
sfdisk --quiet --no-reread --no-tell-kernel "$out" <<EOT
label: gpt
label-id: $(derived disk)
unit: sectors
first-lba: 2048
start=2048, size=$((esp_mib * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$(derived esp), name="esp"
start=$((data_at * 2048)), size=$((data_mib * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$root_uuid, name="root-x86-64", attrs="GUID:60"
start=$((hash_at * 2048)), size=$((hash_mib * 2048)), type=2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5, uuid=$verity_uuid, name="root-x86-64-verity", attrs="GUID:60"
EOT
dd if="$esp" of="$out" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$data" of="$out" bs=1M seek="$data_at" conv=notrunc,sparse status=none
dd if="$hash" of="$out" bs=1M seek="$hash_at" conv=notrunc,sparse status=none
