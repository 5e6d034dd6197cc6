#!/bin/sh
# Installs what spectrum and its tests need on Debian 12, idempotently: Debian packages
# (Nix, QEMU, image tools, a Debian kernel for the host package set), npm packages, and the
# compiled CLI. Safe to run again; does nothing that is already done.
set -eu
cd "$(dirname "$0")/.."

# Tools of the host package set and of `spectrum run`/`flash` (see README, "Package sets");
# e2fsprogs for the flash tests' mounted-target case, strace for their proof that the root disk
# was never opened for writing; s6, socat and iproute2 for the host's
# runtime (its supervisor, vsock ends and links), qemu-system-common for virtiofsd;
# nftables and dnsmasq-base for net VMs (firewall, NAT, DNS); zsh and fish for the tests of
# `spectrum completion`; fonts-dejavu-core for the text in `spectrum graph`'s PNGs. The host
# set boots Debian's generic kernel (linux-image-amd64, which has USB) on the host and in VMs
# that own hardware, and the cloud kernel (linux-image-cloud-amd64, faster to start) in the
# other VMs (modules/pkgs/host-kernel.nix).
PACKAGES="nix-bin qemu-system-x86 erofs-utils cryptsetup-bin busybox-static cpio fdisk
dosfstools mtools systemd-boot-efi ovmf linux-image-cloud-amd64 linux-image-amd64 kmod binutils
util-linux gzip xz-utils zstd lz4 e2fsprogs s6 socat iproute2 qemu-system-common nftables
dnsmasq-base zsh fish fonts-dejavu-core strace"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages:$missing; run this script as root (or install them)" >&2
    exit 1
  fi
  echo "setup: installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  # Not `npm ci`: npm 11 leaves other platforms' optional packages out of the lock file it
  # writes here, and then `npm ci` calls the lock out of sync. `install --no-save` installs
  # exactly the locked versions and leaves the lock as committed.
  npm install --no-save --no-audit --no-fund --loglevel=error
fi
npm run --silent build
