# spectrum.host: the host system. Its root filesystem holds busybox, the host's init, its
# data in /etc/spectrum and every VM bundle (/usr/lib/spectrum/vms/<name>, with the bundles'
# Nix closure in /nix/store, so the shared VM kernel and initramfs are stored once).
# The result is a derivation (kernel, initrd, rootfs links and the full kernel command line
# in `cmdline`) that also carries the parts as attributes: kernel, initramfs, rootfs.
{ pkgs, scripts, rootfs, initramfs, bzImage }:
{ name, kernelParams, startOrder, vms }:
let
  inherit (builtins) attrNames concatStringsSep map toJSON;
  inherit (import ./shell.nix) quote;

  config = pkgs.runCommand "host-${name}-config" {
    hostJson = toJSON { inherit name kernelParams startOrder; vms = attrNames vms; };
    startOrder = concatStringsSep "\n" startOrder;
    init = scripts.hostInit;
    linkBundles = concatStringsSep "\n" (map (vm: "ln -s ${vms.${vm}} \"$out/usr/lib/spectrum/vms/\"${quote vm}") (attrNames vms));
  } ''
    set -eu
    mkdir -p "$out/etc/spectrum" "$out/sbin" "$out/usr/lib/spectrum/vms"
    printf '%s\n' "$hostJson" > "$out/etc/spectrum/host.json"
    printf '%s\n' "$startOrder" > "$out/etc/spectrum/start-order"
    cp "$init" "$out/sbin/init"
    chmod 0755 "$out/sbin/init"
    eval "$linkBundles"
  '';

  root = rootfs { name = "host-${name}"; packages = [ config pkgs.busybox ]; };

  # Disk controllers a real machine may boot from, where the kernel has them; virtio for VMs.
  boot = initramfs {
    name = "host";
    modules = [ "virtio_pci" "virtio_blk" "dm-verity" "erofs" ];
    optionalModules = [ "nvme" "ahci" "sd_mod" "xhci_pci" "usb_storage" "uas" ];
  };

  system = pkgs.runCommand "host-${name}" {
    kernel = bzImage;
    initramfs = boot;
    inherit root;
    params = concatStringsSep " " kernelParams;
  } ''
    set -eu
    mkdir -p "$out"
    ln -s "$kernel/bzImage" "$out/kernel"
    ln -s "$initramfs/initrd" "$out/initrd"
    ln -s "$root" "$out/rootfs"
    # The screen and the serial line; the initramfs prints its lines on both.
    printf 'console=tty0 console=ttyS0 panic=-1 roothash=%s%s' "$(cat "$root/roothash")" "''${params:+ $params}" > "$out/cmdline"
  '';
in
system // { kernel = pkgs.kernel; initramfs = boot; rootfs = root; inherit name vms; }
