# The build machine's kernels, each a derivation with its modules and its vmlinux.
#
# kernel: the build machine's kernel, or the version named by SPECTRUM_HOST_KERNEL. Among the
# /boot/vmlinuz-<version> that have /lib/modules/<version>, the newest one with USB storage
# drivers: the live image boots from a USB stick, and Debian's cloud kernel (which
# compareVersions ranks above the generic one of the same release) has no USB at all.
# Without such a kernel, the newest usable one, which still boots VMs and virtio disks.
#
# virtualKernel: what a VM that owns no hardware boots. Debian's cloud kernel of the same
# release (`<release>-cloud-<arch>`) when it is installed: made for virtual machines, it has
# every virtio driver, vsock, dm-verity, erofs and nftables, and no USB or physical NIC
# drivers, and it is lz4-compressed where the generic one is xz: it decompresses itself
# faster and probes less. Under emulation (VMs in the emulated host of `spectrum run`) a VM
# is ready 28–37% sooner with it (bench/README-runtime.md). Otherwise the same as `kernel`.
#
# The version and a hash of the image are inputs of each derivation, so installing another
# kernel rebuilds everything above it.
{ runCommand, tools, vmlinuxOf }:
let
  inherit (builtins) attrNames compareVersions elem filter getEnv head length match pathExists replaceStrings sort substring stringLength;
  prefix = "vmlinuz-";
  installed = map (f: substring (stringLength prefix) (stringLength f) f)
    (filter (f: match "vmlinuz-.*" f != null) (attrNames (builtins.readDir /boot)));
  usable = filter (v: pathExists "/lib/modules/${v}/modules.dep") installed;
  newestFirst = sort (a: b: compareVersions a b > 0) usable;
  withUsb = filter (v: pathExists "/lib/modules/${v}/kernel/drivers/usb/storage") newestFirst;
  wanted = getEnv "SPECTRUM_HOST_KERNEL";
  version =
    if wanted != "" then
      (if elem wanted usable then wanted
       else throw "spectrum: host package set: SPECTRUM_HOST_KERNEL=${wanted}, but /boot/vmlinuz-${wanted} with /lib/modules/${wanted}/modules.dep is not installed")
    else if length newestFirst == 0 then
      throw "spectrum: host package set: no kernel found (need /boot/vmlinuz-<version> and /lib/modules/<version>; Debian package linux-image-amd64)"
    else head (withUsb ++ newestFirst);
  # 6.1.0-57-amd64 -> 6.1.0-57-cloud-amd64
  cloud = replaceStrings [ "-amd64" ] [ "-cloud-amd64" ] version;

  kernelOf = version:
    let
      drv = runCommand "host-kernel-${version}" {
        inherit version;
        fingerprints = tools.fingerprint [ "/boot/vmlinuz-${version}" ];
      } ''
        set -eu
        mkdir -p "$out/lib/modules"
        cp "/boot/vmlinuz-$version" "$out/bzImage"
        cp -R "/lib/modules/$version" "$out/lib/modules/$version"
        # Debian points these at the kernel's build tree, which is not part of the kernel.
        rm -f "$out/lib/modules/$version/build" "$out/lib/modules/$version/source"
      '' // { inherit version; vmlinux = vmlinuxOf drv; };
    in
    drv;
  kernel = kernelOf version;
in
{
  inherit kernel;
  virtualKernel = if cloud != version && elem cloud usable then kernelOf cloud else kernel;
}
