# The host package set: every tool and every piece of content comes from the build machine
# (Debian 12 here), wrapped in derivations so the rest of the library cannot tell it from
# the nixpkgs set.
#
# NOT HERMETIC, on purpose. Builds run without a sandbox and call /usr/bin tools; a
# derivation's inputs record a fingerprint of each host binary it uses (its sha256, read at
# evaluation time), so upgrading a Debian package rebuilds what depends on it, but shared
# libraries and data files outside those binaries are not tracked. That is acceptable
# because this set exists for offline builds and CI on a machine whose tools we install
# ourselves (scripts/setup.sh): it runs the real pipeline end to end through real Nix (real
# store, caching, reproducibility checks, real images that boot), which nixpkgs cannot do
# here without network. Users who need hermetic builds use the nixpkgs set. Evaluation must
# be impure (nix-build, or `nix build --impure`): it reads /boot, /lib/modules and /usr/bin.
#
# ---- The package-set interface (modules/pkgs/nixpkgs.nix provides the same attributes) ----
# runCommand  name: env: script: derivation. Like nixpkgs' runCommand: `script` runs with
#             $out set, every other attribute of `env` becomes an environment variable, and
#             env.nativeBuildInputs (list of packages) puts each package's bin/ on PATH.
#             The library starts every script with `set -eu` and sets SOURCE_DATE_EPOCH and
#             LC_ALL itself; it also passes `exportReferencesGraph` through env.
# Build tools (packages with bin/ holding at least the named programs; the library lists
# them in nativeBuildInputs; scripts also use the usual coreutils/findutils/sed/awk/od/cmp):
#   erofs-utils  mkfs.erofs          cryptsetup  veritysetup
#   kmod         modprobe            cpio        cpio
#   gzip         gzip                xz          xz     (compressed kernel modules)
#   zstd         zstd                util-linux  sfdisk
#   dosfstools   mkfs.vfat           mtools      mmd, mcopy
#   binutils     objcopy, objdump,   ldd         ldd    (library closure of ELF programs)
#                readelf
# Content (copied into images, so it must run on the target as it is):
#   busybox      bin/busybox plus applet symlinks in bin/ (and possibly sbin/); static, or
#                runnable with the library closure that ldd reports.
#   cryptsetup   bin/veritysetup is also copied into the initramfs with its ldd closure.
#   kernel       derivation with bzImage and lib/modules/<version>/ (modules.dep included);
#                the host's, and every VM's that owns hardware. Attributes: `version` = the
#                module directory name; `vmlinux` = a derivation holding only `vmlinux`,
#                the kernel as an ELF with a PVH entry point (Xen note
#                XEN_ELFNOTE_PHYS32_ENTRY), which cloud-hypervisor needs to boot an x86_64
#                guest. Bundles of cloud-hypervisor VMs link to it, so it is built only for
#                topologies that use cloud-hypervisor.
#   virtualKernel  the same for VMs that own no hardware (no passed-through device, no USB):
#                a kernel made for virtual machines where the set has one, else `kernel`.
#   systemd-boot derivation with lib/systemd/boot/efi/{systemd-bootx64.efi,linuxx64.efi.stub}.
#   vmms         { qemu; cloud-hypervisor; crosvm; }: each a derivation with bin/<program>
#                (and its libraries, see `programs`), or, when the set cannot provide that
#                VMM, a derivation with only a file `missing` holding one line saying why.
#                The library never fails a build for a missing VMM; it reports it at launch.
#   s6           bin/ with s6-svscan, s6-supervise, s6-svscanctl, s6-svc, s6-svstat,
#                s6-svwait, s6-ftrigrd, s6-log (the host's supervisor).
#   socat        bin/socat with VSOCK support.       iproute2   bin/ip
#   virtiofsd    bin/virtiofsd taking --socket-path=PATH and -o source=DIR.
#   nftables     bin/nft             dnsmasq    bin/dnsmasq     (a net VM's root)
#   programs     { vm; names; }: derivation holding the programs a VM asks for (topology
#                `packages`): bin/<name> plus whatever they need at run time, merged into the
#                VM's root. The build (nixpkgs: the evaluation) fails with ONE line naming
#                every program of `names` it cannot provide and the VM that asked for it.
#                The VM's root also gets the Nix closure of this derivation in /nix/store.
# -----------------------------------------------------------------------------------------
{ system ? "x86_64-linux" }:
let
  tools = import ./host-tools.nix { inherit system; };
  inherit (tools) runCommand tool copyPrograms;
  gzip = tool "gzip" [ "gzip" ];
  xz = tool "xz-utils" [ "xz" ];
  zstd = tool "zstd" [ "zstd" ];
  binutils = tool "binutils" [ "objcopy" "objdump" "readelf" ];
  # Not in the interface: only the vmlinux extraction needs it (Debian's cloud kernel is lz4;
  # the generic one is xz).
  lz4 = tool "lz4" [ "lz4" ];
  kernels = import ./host-kernel.nix {
    inherit runCommand tools;
    vmlinuxOf = kernel: import ./host-vmlinux.nix { inherit runCommand kernel; tools = [ gzip xz zstd lz4 binutils ]; };
  };
in
{
  inherit runCommand;
  inherit (kernels) kernel virtualKernel;

  erofs-utils = tool "erofs-utils" [ "mkfs.erofs" ];
  cryptsetup = tool "cryptsetup-bin" [ "veritysetup" ];
  kmod = tool "kmod" [ "modprobe" ];
  cpio = tool "cpio" [ "cpio" ];
  inherit gzip xz zstd binutils;
  util-linux = tool "fdisk" [ "sfdisk" ];
  dosfstools = tool "dosfstools" [ "mkfs.vfat" ];
  mtools = tool "mtools" [ "mmd" "mcopy" ];
  ldd = tool "libc-bin" [ "ldd" ];

  busybox = import ./host-busybox.nix { inherit runCommand tools; };

  systemd-boot = tools.files "systemd-boot-efi" "lib/systemd/boot/efi" [
    "/usr/lib/systemd/boot/efi/systemd-bootx64.efi"
    "/usr/lib/systemd/boot/efi/linuxx64.efi.stub"
  ];

  # A VMM absent from the build machine is not an error here: the topology may name a VMM
  # for the target machine that this build machine does not have.
  vmms = {
    qemu = import ./host-qemu.nix { inherit runCommand tools; };
    cloud-hypervisor = copyPrograms { name = "host-vmm-cloud-hypervisor"; names = [ "cloud-hypervisor" ]; optional = true; };
    crosvm = copyPrograms { name = "host-vmm-crosvm"; names = [ "crosvm" ]; optional = true; };
  };

  # The host's runtime (host-runtime.nix): supervision, links, vsock, shares.
  s6 = copyPrograms {
    name = "host-s6";
    optional = false;
    names = [ "s6-svscan" "s6-supervise" "s6-svscanctl" "s6-svc" "s6-svstat" "s6-svwait" "s6-ftrigrd" "s6-log" ];
  };
  socat = copyPrograms { name = "host-socat"; names = [ "socat" ]; optional = false; };
  iproute2 = copyPrograms { name = "host-iproute2"; names = [ "ip" ]; optional = false; };
  # A net VM's firewall and DNS forwarder.
  nftables = copyPrograms { name = "host-nftables"; names = [ "nft" ]; optional = false; };
  dnsmasq = copyPrograms { name = "host-dnsmasq"; names = [ "dnsmasq" ]; optional = false; };
  virtiofsd = tools.copyFile "qemu-system-common" "/usr/lib/qemu/virtiofsd" "bin/virtiofsd";

  programs = { vm, names }: copyPrograms { name = "vm-${vm}-host-programs"; inherit vm names; optional = false; };
}
