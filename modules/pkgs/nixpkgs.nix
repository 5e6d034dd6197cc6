# The nixpkgs package set: the same attributes as modules/pkgs/host.nix (see the interface
# there), taken from nixpkgs. Hermetic and cached by Hydra, except the kernel, which carries
# spectrum's configuration and so is built once by whoever builds an image.
#
# `nixpkgs` is a nixpkgs source tree: a path (<nixpkgs>, a checkout) or a flake input, as the
# generated default.nix and flake.nix pass it. Every attribute and function used here was
# checked against nixpkgs' source; docs/nixpkgs.md lists where.
{ nixpkgs, system ? "x86_64-linux" }:
let
  pkgs =
    if nixpkgs == null then
      throw "spectrum: the nixpkgs package set needs nixpkgs: build through the generated flake.nix, or pass --arg nixpkgs '<nixpkgs>' (or --arg pkgsSet '\"host\"' for the host set)"
    else
      import nixpkgs { inherit system; };
  inherit (pkgs) lib;

  # Tools whose programs live in a `bin` output (cryptsetup, util-linux, xz, zstd, ...): the
  # library uses `${pkg}/bin/<program>`, which must name the output that holds them.
  bin = lib.getBin;

  # One kernel for the host and every VM role (`virtualKernel` is this one too: a second,
  # smaller kernel for VMs without hardware, as the host set takes Debian's cloud kernel,
  # shortens boots under emulation; on the machines the nixpkgs set builds for, VMs run
  # under real KVM, where a kernel's start before its own clock takes a fraction of a
  # second). Options nixpkgs' common-config already sets keep its value (these are
  # defaults); the rest are built as modules, like Debian's kernel in the host set, so the
  # initramfs loads the same modules either way. Every name must
  # exist in the kernel (nixpkgs fails the config on unused options), which is checked
  # against Linux 6.1's Kconfig in docs/nixpkgs.md.
  baseKernel = pkgs.linuxKernel.kernels.linux_6_6;
  configuredKernel = baseKernel.override {
    structuredExtraConfig = builtins.mapAttrs (_: lib.mkDefault) (with lib.kernel; {
      # host: run VMs, pass devices through, back their virtio devices
      KVM = module;
      KVM_INTEL = module;
      KVM_AMD = module;
      VFIO = module;
      VFIO_PCI = module;
      VHOST_NET = module;
      VHOST_VSOCK = module;
      TUN = module;
      BRIDGE = module;
      # net VMs: filter, NAT and conntrack with nftables
      NF_TABLES = module;
      NF_TABLES_INET = yes;
      NFT_CT = module;
      NFT_NAT = module;
      NFT_MASQ = module;
      NFT_LOG = module;
      NF_LOG_SYSLOG = module;
      NFT_OBJREF = module;
      # USB VMs: the controller and USB/IP's exporting side; VMs that own USB devices:
      # USB/IP's importing side and drivers for storage and input devices (docs/usb.md)
      USB_XHCI_HCD = module;
      USB_XHCI_PCI = module;
      USBIP_CORE = module;
      USBIP_HOST = module;
      USBIP_VHCI_HCD = module;
      USB_STORAGE = module;
      USB_UAS = module;
      BLK_DEV_SD = module;
      CRYPTO_CRCT10DIF = module;
      USB_HID = module;
      HID_GENERIC = module;
      # cloud-hypervisor boots a VM's vmlinux through its PVH entry point
      PVH = yes;
      # guests: virtio devices, vsock, shares, display
      VIRTIO = module;
      VIRTIO_PCI = module;
      VIRTIO_BLK = module;
      VIRTIO_NET = module;
      VIRTIO_CONSOLE = module;
      # `vm stop` presses the ACPI power button; acpid reads it as an input event
      ACPI_BUTTON = module;
      INPUT_EVDEV = module;
      VSOCKETS = module;
      VIRTIO_VSOCKETS = module;
      FUSE_FS = module;
      VIRTIO_FS = module;
      DRM_VIRTIO_GPU = module;
      # every root: erofs under dm-verity
      BLK_DEV_DM = module;
      DM_VERITY = module;
      EROFS_FS = module;
    });
  };
  # The library names the module directory `version`; nixpkgs calls it modDirVersion.
  kernel = configuredKernel // {
    version = configuredKernel.modDirVersion;
    # The kernel build's own ELF (PVH = yes above gives it the entry note), copied out of the
    # dev output so that VM bundles do not carry the headers and build tree beside it.
    vmlinux = pkgs.runCommand "vmlinux-${configuredKernel.modDirVersion}" { } ''
      mkdir -p "$out"
      cp ${configuredKernel.dev}/vmlinux "$out/vmlinux"
    '';
  };

  # A topology's `packages` are attribute paths ("firefox", "python3Packages.requests").
  # Anything that is not a derivation there (absent, an attribute set, an alias that throws
  # "has been removed") counts as missing.
  lookup = attrPath:
    let
      walk = set: names:
        if names == [ ] then set
        else if builtins.isAttrs set && builtins.hasAttr (builtins.head names) set
        then walk (builtins.getAttr (builtins.head names) set) (builtins.tail names)
        else null;
      found = builtins.tryEval (walk pkgs (builtins.filter builtins.isString (builtins.split "\\." attrPath)));
    in
    if found.success && builtins.isAttrs found.value && (found.value.type or null) == "derivation"
    then found.value
    else null;

  programs = { vm, names }:
    let missing = builtins.filter (name: lookup name == null) names;
    in
    if missing != [ ] then
      throw "spectrum: VM ${vm} asks for packages that nixpkgs does not have: ${builtins.concatStringsSep ", " missing} (nixpkgs package set; `packages` are nixpkgs attribute paths)"
    else
      pkgs.buildEnv { name = "vm-${vm}-programs"; paths = map lookup names; };
in
{
  inherit (pkgs) runCommand;
  inherit kernel programs;
  virtualKernel = kernel;

  erofs-utils = bin pkgs.erofs-utils;
  cryptsetup = bin pkgs.cryptsetup;
  kmod = bin pkgs.kmod;
  cpio = bin pkgs.cpio;
  gzip = bin pkgs.gzip;
  xz = bin pkgs.xz;
  zstd = bin pkgs.zstd;
  util-linux = bin pkgs.util-linux;
  dosfstools = bin pkgs.dosfstools;
  mtools = bin pkgs.mtools;
  binutils = bin pkgs.binutils;
  ldd = bin pkgs.glibc;

  busybox = pkgs.pkgsStatic.busybox;

  # lib/systemd/boot/efi/{systemd-bootx64.efi,linuxx64.efi.stub}, as NixOS' systemd-boot and
  # UKI modules use them.
  systemd-boot = pkgs.systemd;

  s6 = pkgs.s6;
  socat = pkgs.socat;
  iproute2 = pkgs.iproute2;
  virtiofsd = pkgs.virtiofsd;
  nftables = pkgs.nftables;
  dnsmasq = pkgs.dnsmasq;

  vmms = {
    qemu = pkgs.qemu_kvm;
    cloud-hypervisor = pkgs.cloud-hypervisor;
    crosvm = pkgs.crosvm;
  };
}
