# spectrum.vm: one VM's bundle. Its root filesystem (busybox, the VM's init, its data in
# /etc/spectrum, the programs it asks for) with verity, and bin/run, which starts the VM with
# its VMM. The kernel and initramfs are shared by every VM (`shared`), so changing one VM
# rebuilds only that VM's derivations and what contains them, plus its net VM's when the
# link between them changes (a net VM's data holds the links it routes for, `clients`).
{ pkgs, scripts, rootfs, shared }:
{ name, role, description, memoryMiB, vcpus, cid, mac, diskId, devices, usb, shares
, packages, after, display, net, clients, vmm }:
let
  inherit (builtins) concatStringsSep map replaceStrings toJSON toString;
  inherit (import ./shell.nix) quote;

  # The root hash is known only once the root filesystem is built: the launch script is
  # written with this placeholder, which the bundle's build replaces.
  placeholder = "@spectrum-roothash@";

  lower = replaceStrings [ "A" "B" "C" "D" "E" "F" ] [ "a" "b" "c" "d" "e" "f" ];
  data = {
    inherit name role description memoryMiB vcpus cid mac diskId devices usb shares packages after display net clients;
    vmm = vmm.name;
  };
  env = {
    SPECTRUM_VM_NAME = name;
    SPECTRUM_VM_ROLE = role;
    SPECTRUM_VM_MAC = lower mac;
    SPECTRUM_NET_VM = if net == null then "" else net.vm;
    SPECTRUM_NET_ADDRESS = if net == null then "" else net.address;
    SPECTRUM_NET_PREFIX = if net == null then "" else toString net.prefixLength;
    SPECTRUM_NET_ROUTER = if net == null then "" else net.routerAddress;
    # A net VM's clients, one line each: name, router-side MAC, router address, prefix
    # length, client address (validated names and addresses: no blanks to split on).
    SPECTRUM_NET_CLIENTS = concatStringsSep "\n" (map (c:
      "${c.name} ${lower c.routerMac} ${c.routerAddress} ${toString c.prefixLength} ${c.address}") clients);
  };
  envFile = concatStringsSep "" (map (k: "${k}=${quote env.${k}}\n") (builtins.attrNames env));

  config = pkgs.runCommand "vm-${name}-config" {
    vmJson = toJSON data;
    vmEnv = envFile;
    init = scripts.vmInit;
  } ''
    set -eu
    mkdir -p "$out/etc/spectrum" "$out/sbin"
    printf '%s\n' "$vmJson" > "$out/etc/spectrum/vm.json"
    printf '%s' "$vmEnv" > "$out/etc/spectrum/vm.env"
    cp "$init" "$out/sbin/init"
    chmod 0755 "$out/sbin/init"
  '';

  programs = if packages == [ ] then [ ] else [ (pkgs.programs { vm = name; names = packages; }) ];
  root = rootfs { name = "vm-${name}"; packages = [ config ] ++ programs ++ [ pkgs.busybox ]; };

  vmmPackage = pkgs.vmms.${vmm.name} or (throw "spectrum: VM ${name}: unknown VMM ${vmm.name}");
  outputs = {
    kernel = shared.kernelFor vmm.name;
    initramfs = "${shared.initramfs}/initrd";
    rootfs = "${root}/root.erofs";
    verity = "${root}/root.verity";
    roothash = placeholder;
  };
  command = map quote ([ "${vmmPackage}/bin/${vmm.program}" ] ++ vmm.argv outputs);
  runScript = "#!/bin/sh\n# Starts VM ${name} (${vmm.name}).\nexec ${concatStringsSep " " command}\n";
in
pkgs.runCommand "vm-${name}" {
  inherit runScript placeholder;
  vmJson = toJSON data;
  vmName = name;
  vmmName = vmm.name;
  vmmPackage = vmmPackage;
  vmmProgram = vmm.program;
  root = root;
  kernel = outputs.kernel;
  initramfs = shared.initramfs;
} ''
  set -eu
  mkdir -p "$out/bin"
  printf '%s\n' "$vmJson" > "$out/vm.json"
  ln -s "$root" "$out/rootfs"
  ln -s "$kernel" "$out/kernel"
  ln -s "$initramfs/initrd" "$out/initrd"
  if [ -x "$vmmPackage/bin/$vmmProgram" ]; then
    printf '%s' "$runScript" | sed "s/$placeholder/$(cat "$root/roothash")/g" > "$out/bin/run"
  else
    # Not a build failure: the image may be meant for a machine that has this VMM.
    echo "spectrum: vm $vmName cannot start: VMM $vmmName is missing: $(cat "$vmmPackage/missing")" > "$out/vmm-missing"
    printf '#!/bin/sh\ncat "$(dirname "$0")/../vmm-missing" >&2\nexit 1\n' > "$out/bin/run"
  fi
  chmod 0755 "$out/bin/run"
''
