# spectrum's Nix library, bound to one package set. The generated tree calls vm, host and
# liveImage with the arguments templates/*.nix.hbs pass; the rest are the building
# blocks they are made of, for use on their own.
{ pkgsSet ? "nixpkgs", nixpkgs ? null, system ? "x86_64-linux" }:
let
  pkgs =
    if pkgsSet == "host" then import ./pkgs/host.nix { inherit system; }
    else if pkgsSet == "nixpkgs" then import ./pkgs/nixpkgs.nix { inherit nixpkgs system; }
    else throw "spectrum: unknown package set \"${pkgsSet}\" (expected \"host\" or \"nixpkgs\")";
  scripts = import ./scripts.nix;

  kernel = pkgs.kernel;
  rootfs = import ./rootfs.nix { inherit pkgs scripts; };
  initramfs = import ./initramfs.nix { inherit pkgs scripts; };
  uki = import ./uki.nix { inherit pkgs scripts; };
  esp = import ./esp.nix { inherit pkgs scripts; };
  diskImage = import ./disk.nix { inherit pkgs scripts; };
  kernelModules = import ./kernel-modules.nix { inherit pkgs scripts; };
  runtime = import ./host-runtime.nix { inherit pkgs scripts kernelModules; };

  # A kernel image alone, so what boots it (VM bundles, the live image) does not carry the
  # kernel's modules in its closure: the initramfs holds the few modules that boot needs.
  bzImageOf = kernel: pkgs.runCommand "kernel-image-${kernel.version}" { inherit kernel; } ''
    set -eu
    mkdir -p "$out"
    cp "$kernel/bzImage" "$out/bzImage"
  '';
  # What every initramfs loads to verify and mount the root on a virtio disk (the host's
  # from the live image under QEMU; a VM's always).
  rootModules = [ "virtio_pci" "virtio_blk" "dm-verity" "erofs" ];

  # What VMs boot with one kernel: one derivation each, whatever the number of VMs.
  vmBoot = kernel: {
    # The kernel file of the form a VM's VMM boots (its generated file says which). Nix is
    # lazy: the vmlinux is built only when a VM asks for it.
    kernel = {
      bzImage = "${bzImageOf kernel}/bzImage";
      vmlinux = "${kernel.vmlinux}/vmlinux";
    };
    # Beyond booting: vsock (readiness, `vm exec`) and the ACPI power button as an input
    # event (`vm stop`); they stay loaded after the switch to the VM's root.
    initramfs = initramfs {
      name = "vm-${kernel.version}";
      inherit kernel;
      modules = rootModules ++ [ "virtio_net" "vmw_vsock_virtio_transport" "button" "evdev" ];
    };
    # What a VM's root adds to the kernel, by what it does. A net VM: nftables' filter, NAT
    # and conntrack. A USB VM: its controller's driver and usbip-host, and no driver for
    # what is plugged in (a claimed device is never handled here; the rest waits unused). An
    # app VM that owns USB devices: vhci_hcd, and drivers for storage and input devices.
    modules = {
      net = kernelModules {
        name = "net-vm-${kernel.version}";
        inherit kernel;
        modules = [ "nf_tables" "nft_ct" "nft_chain_nat" "nft_masq" "nft_log" "nf_log_syslog" "nft_objref" ];
      };
      usb = kernelModules {
        name = "usb-vm-${kernel.version}";
        inherit kernel;
        modules = [ "usbip-host" "xhci-pci" ];
      };
      # crct10dif_generic: crc-t10dif (for sd_mod) wants an implementation loaded first, and
      # the PCLMUL one is left out (images/mkmodules.sh).
      usbOwner = kernelModules {
        name = "usb-owner-vm-${kernel.version}";
        inherit kernel;
        modules = [ "vhci-hcd" "crct10dif_generic" "sd_mod" "usb-storage" "uas" "usbhid" "hid-generic" ];
      };
    };
  };
  # A VM that owns hardware (passed-through devices, a USB controller, USB devices) boots the
  # host's kernel, which has the drivers; the others boot the package set's kernel for
  # virtual machines, which starts faster (modules/pkgs/host-kernel.nix).
  vmBoots = {
    hardware = vmBoot kernel;
    virtual = vmBoot pkgs.virtualKernel;
  };

  vm = import ./vm.nix { inherit pkgs scripts rootfs vmBoots; };
  host = import ./host-system.nix { inherit pkgs scripts rootfs initramfs rootModules runtime; bzImage = bzImageOf kernel; };
  liveImage = import ./live-image.nix { inherit pkgs uki esp diskImage; };
in
{
  inherit pkgs vm host liveImage kernel rootfs initramfs uki esp diskImage kernelModules;
}
