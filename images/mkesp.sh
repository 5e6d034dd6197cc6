#!/bin/sh
# Build an EFI system partition image without mounting anything: a FAT filesystem sized to
# its content, with systemd-boot as the removable-media loader (EFI/BOOT/BOOTX64.EFI), the
# UKI as a Boot Loader Specification type #2 entry (EFI/Linux/) and loader/loader.conf.
# usage: mkesp.sh OUT.img SYSTEMD-BOOT.efi UKI.efi NAME
# env:   SOURCE_DATE_EPOCH (timestamps of the files; default 315532800)
# needs: mkfs.vfat (dosfstools), mmd + mcopy (mtools)
set -eu
out=${1:?output image}; loader=${2:?systemd-bootx64.efi}; uki=${3:?uki}; name=${4:?name}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-315532800}

work=$(mktemp -d "${TMPDIR:-/tmp}/mkesp.XXXXXX")
trap 'rm -rf "$work"' EXIT
t=$work/esp
mkdir -p "$t/EFI/BOOT" "$t/EFI/Linux" "$t/loader"
cp "$loader" "$t/EFI/BOOT/BOOTX64.EFI"
cp "$uki" "$t/EFI/Linux/$name.efi"
printf 'timeout 0\nconsole-mode keep\n' > "$t/loader/loader.conf"
find "$t" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# Content plus 2% for the FAT tables, cluster slack and directories, plus 1 MiB, in
# whole MiB (mkfs.vfat then picks FAT12/16/32 for that size; UEFI reads all three).
bytes=$(find "$t" -type f -exec stat -c %s {} + | awk '{ s += $1 } END { print s }')
mib=$(( (bytes + bytes / 50 + 2 * 1048576 - 1) / 1048576 ))
rm -f "$out"
truncate -s "${mib}M" "$out"
# --invariant: a fixed volume id (1234-ABCD; it overrides -i) and no current time in the boot
# sector.
mkfs.vfat -n ESP --invariant "$out" >/dev/null
(cd "$t" && find . -mindepth 1 -type d | LC_ALL=C sort) | while read -r d; do mmd -i "$out" "::/${d#./}"; done
(cd "$t" && find . -type f | LC_ALL=C sort) | while read -r f; do mcopy -m -i "$out" "$t/${f#./}" "::/${f#./}"; done
