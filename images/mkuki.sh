#!/bin/sh
# Build a Unified Kernel Image: the systemd EFI stub with the kernel, initramfs, kernel
# command line and os-release added as PE sections, so firmware (or systemd-boot) loads all
# of them as one file and the command line carrying roothash= is part of what is booted.
# usage: mkuki.sh OUT.efi
# env:   STUB (linuxx64.efi.stub), KERNEL, INITRD, CMDLINE (file), OSREL (os-release file)
# needs: objcopy, objdump (binutils)
set -eu
out=${1:?output file}
: "${STUB:?}" "${KERNEL:?}" "${INITRD:?}" "${CMDLINE:?}" "${OSREL:?}"

# New sections go after the stub's last one, each page-aligned. The stub's image base is 0
# (objdump prints VMAs), .linux comes last because the kernel may use memory past its end.
end=0
for hex in $(objdump -h "$STUB" | awk '$1 ~ /^[0-9]+$/ { print $3 "+" $4 }'); do
  e=$((0x${hex%+*} + 0x${hex#*+}))
  [ $e -gt $end ] && end=$e
done
page=4096
next=$(( (end + page - 1) / page * page ))
args=
for s in osrel:"$OSREL" cmdline:"$CMDLINE" initrd:"$INITRD" linux:"$KERNEL"; do
  name=${s%%:*}; file=${s#*:}
  args="$args --add-section .$name=$file --change-section-vma .$name=$(printf '0x%x' $next)"
  size=$(stat -L -c %s "$file")
  next=$(( (next + size + page - 1) / page * page ))
done
rm -f "$out"
# --preserve-dates keeps the stub's PE timestamp; objcopy would otherwise stamp the build time.
# shellcheck disable=SC2086 # args is a word list without spaces inside words
objcopy --preserve-dates $args "$STUB" "$out"
