# The host's runtime, merged into its root: /sbin/init, the supervision scripts
# (images/runtime/, in /usr/lib/spectrum/runtime), the `vm` command, the tools they call
# (s6 in /usr/bin, where s6-svscan looks for s6-supervise; ip, socat and virtiofsd in
# /usr/lib/spectrum/bin, named by path where busybox has an applet of the same name) and the
# kernel modules that running VMs need.
{ pkgs, scripts, kernelModules }:
let
  modules = kernelModules {
    name = "host";
    kernel = pkgs.kernel;
    # KVM for either CPU vendor, vsock for readiness and `vm exec`, taps and bridges for the
    # links, vhost-net for their speed, VFIO for passed-through devices; virtio-balloon for
    # `spectrum run`'s once-a-second interrupt under TCG (cli/run/qemu-args.ts).
    modules = [ "kvm_amd" "kvm_intel" "vhost_vsock" "vhost_net" "tun" "bridge" "vfio-pci" "virtio_balloon" ];
  };
in
pkgs.runCommand "host-runtime" {
  inherit modules;
  runtime = scripts.runtime;
  init = scripts.hostInit;
  s6 = pkgs.s6;
  ip = "${pkgs.iproute2}/bin/ip";
  socat = "${pkgs.socat}/bin/socat";
  virtiofsd = "${pkgs.virtiofsd}/bin/virtiofsd";
} ''
  set -eu
  mkdir -p "$out/sbin" "$out/usr/bin" "$out/usr/lib/spectrum/bin"
  cp "$init" "$out/sbin/init"
  chmod 0755 "$out/sbin/init"
  ln -s "$runtime" "$out/usr/lib/spectrum/runtime"
  ln -s "$runtime/vm" "$out/usr/bin/vm"
  for p in "$s6"/bin/s6-*; do ln -s "$p" "$out/usr/bin/"; done
  ln -s "$ip" "$socat" "$virtiofsd" "$out/usr/lib/spectrum/bin/"
  ln -s "$modules/lib" "$out/lib"
''
