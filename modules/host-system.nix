# spectrum.host: the host system. Its root filesystem holds busybox, the host's runtime (init,
# supervision, the `vm` command and their tools: host-runtime.nix), its data in
# /etc/spectrum and every VM bundle (/usr/lib/spectrum/vms/<name>, with the bundles' Nix
# closure in /nix/store, so the VMs' kernels and initramfs are stored once each). Program
# packages are merged into the root too: the host set's copies keep their libraries at the
# absolute paths the dynamic loader looks in.
# The result is a derivation (kernel, initrd, rootfs links, the full kernel command line in
# `cmdline`, and in `vms-without-vmm` the VMs whose bundle lacks its VMM, one a line: they
# cannot start) that also carries the parts as attributes: kernel, initramfs, rootfs.
{ pkgs, scripts, rootfs, initramfs, rootModules, bzImage, runtime }:
{ name, kernelParams, startOrder, vms }:
let
  inherit (builtins) attrNames attrValues concatStringsSep foldl' elem map toJSON;
  inherit (import ./shell.nix) quote;

  config = pkgs.runCommand "host-${name}-config" {
    hostJson = toJSON { inherit name kernelParams startOrder; vms = attrNames vms; };
    startOrder = concatStringsSep "\n" startOrder;
    linkBundles = concatStringsSep "\n" (map (vm: "ln -s ${vms.${vm}} \"$out/usr/lib/spectrum/vms/\"${quote vm}") (attrNames vms));
  } ''
    set -eu
    mkdir -p "$out/etc/spectrum" "$out/usr/lib/spectrum/vms"
    printf '%s\n' "$hostJson" > "$out/etc/spectrum/host.json"
    printf '%s\n' "$startOrder" > "$out/etc/spectrum/start-order"
    eval "$linkBundles"
  '';

  # Each VMM the VMs use, once.
  vmms = foldl' (found: vm: if elem vm.vmmPackage found then found else found ++ [ vm.vmmPackage ]) [ ] (attrValues vms);
  root = rootfs {
    name = "host-${name}";
    packages = [ config runtime pkgs.busybox pkgs.s6 pkgs.socat pkgs.iproute2 pkgs.virtiofsd ] ++ vmms;
  };

  # Disk controllers a real machine may boot from, where the kernel has them; virtio for VMs.
  boot = initramfs {
    name = "host";
    kernel = pkgs.kernel;
    modules = rootModules;
    optionalModules = [ "nvme" "ahci" "sd_mod" "xhci_pci" "usb_storage" "uas" ];
  };

  system = pkgs.runCommand "host-${name}" {
    kernel = bzImage;
    initramfs = boot;
    inherit root;
    params = concatStringsSep " " kernelParams;
    # NAME=BUNDLE per VM (validated names: no blanks or "=").
    vmBundles = map (vm: "${vm}=${vms.${vm}}") (attrNames vms);
  } ''
    set -eu
    mkdir -p "$out"
    ln -s "$kernel/bzImage" "$out/kernel"
    ln -s "$initramfs/initrd" "$out/initrd"
    ln -s "$root" "$out/rootfs"
    # The screen and the serial line; the initramfs prints its lines on both.
    printf 'console=tty0 console=ttyS0 panic=-1 roothash=%s%s' "$(cat "$root/roothash")" "''${params:+ $params}" > "$out/cmdline"
    : > "$out/vms-without-vmm"
    for vm in $vmBundles; do
      [ ! -e "''${vm#*=}/vmm-missing" ] || echo "''${vm%%=*}" >> "$out/vms-without-vmm"
    done
  '';
in
system // {
  kernel = pkgs.kernel; initramfs = boot; rootfs = root; inherit name vms;
  # Each VM's guest memory (MiB), for whoever boots the host in a VM of its own.
  vmMemoryMiB = map (vm: (builtins.fromJSON vms.${vm}.vmJson).memoryMiB) (attrNames vms);
}
