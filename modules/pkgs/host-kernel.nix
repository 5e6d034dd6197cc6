# The build machine's kernel, or the version named by SPECTRUM_HOST_KERNEL. Among the
# /boot/vmlinuz-<version> that have /lib/modules/<version>, the newest one with USB storage
# drivers: the live image boots from a USB stick, and Debian's cloud kernel (which
# compareVersions ranks above the generic one of the same release) has no USB at all.
# Without such a kernel, the newest usable one, which still boots VMs and virtio disks.
# The version and a hash of the image are inputs of the derivation, so installing another
# kernel rebuilds everything above it.
{ runCommand, tools }:
let
  inherit (builtins) attrNames compareVersions filter getEnv head length match pathExists sort substring stringLength;
  prefix = "vmlinuz-";
  installed = map (f: substring (stringLength prefix) (stringLength f) f)
    (filter (f: match "vmlinuz-.*" f != null) (attrNames (builtins.readDir /boot)));
  usable = filter (v: pathExists "/lib/modules/${v}/modules.dep") installed;
  newestFirst = sort (a: b: compareVersions a b > 0) usable;
  withUsb = filter (v: pathExists "/lib/modules/${v}/kernel/drivers/usb/storage") newestFirst;
  wanted = getEnv "SPECTRUM_HOST_KERNEL";
  version =
    if wanted != "" then
      (if builtins.elem wanted usable then wanted
       else throw "spectrum: host package set: SPECTRUM_HOST_KERNEL=${wanted}, but /boot/vmlinuz-${wanted} with /lib/modules/${wanted}/modules.dep is not installed")
    else if length newestFirst == 0 then
      throw "spectrum: host package set: no kernel found (need /boot/vmlinuz-<version> and /lib/modules/<version>; Debian package linux-image-amd64)"
    else head (withUsb ++ newestFirst);
in
runCommand "host-kernel-${version}" {
  inherit version;
  fingerprints = tools.fingerprint [ "/boot/vmlinuz-${version}" ];
} ''
  set -eu
  mkdir -p "$out/lib/modules"
  cp "/boot/vmlinuz-$version" "$out/bzImage"
  cp -R "/lib/modules/$version" "$out/lib/modules/$version"
  # Debian points these at the kernel's build tree, which is not part of the kernel.
  rm -f "$out/lib/modules/$version/build" "$out/lib/modules/$version/source"
'' // { inherit version; }
