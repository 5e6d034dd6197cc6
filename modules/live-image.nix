# spectrum.liveImage: the bootable live image of a host and what `spectrum run`/`flash` use:
#   live.img  GPT disk image     roothash   the host root hash     uki.efi   the UKI
#   boot/{kernel,initrd,cmdline} for direct kernel boot (cmdline includes roothash=)
#   spectrum.json  { name, rootHash, imageBytes, contentBytes, vmCount, vmMemoryMiB,
#                  vmsWithoutVmm } (content: the root image, its hash tree and the files on
#                  the ESP; the VMs' guest memory, summed, so `spectrum run` gives the host
#                  enough; the VMs whose VMM the package set lacked, which cannot start, so
#                  `spectrum build` can say so)
{ pkgs, uki, esp, diskImage }:
{ name, host, marginMiB ? 1 }:
let
  kernel = uki { inherit name host; };
  bootPartition = esp { inherit name; uki = kernel; };
  disk = diskImage { inherit name marginMiB; esp = bootPartition; inherit (host) rootfs; };
in
pkgs.runCommand "live-image-${name}" {
  inherit disk host;
  uki = kernel;
  loader = "${pkgs.systemd-boot}/lib/systemd/boot/efi/systemd-bootx64.efi";
  nameJson = builtins.toJSON name;
  vmCount = builtins.length host.vmMemoryMiB;
  vmMemory = builtins.foldl' (a: b: a + b) 0 host.vmMemoryMiB;
  # NAME=BUNDLE per VM (validated names: no blanks, "=" or quotes).
  vmBundles = map (vm: "${vm}=${host.vms.${vm}}") (builtins.attrNames host.vms);
} ''
  set -eu
  mkdir -p "$out/boot"
  ln -s "$disk/live.img" "$out/live.img"
  ln -s "$uki/uki.efi" "$out/uki.efi"
  ln -s "$host/kernel" "$out/boot/kernel"
  ln -s "$host/initrd" "$out/boot/initrd"
  cp "$host/cmdline" "$out/boot/cmdline"
  cp "$host/rootfs/roothash" "$out/roothash"
  size() { stat -L -c %s "$1"; }
  content=$(( $(size "$host/rootfs/root.erofs") + $(size "$host/rootfs/root.verity") + $(size "$uki/uki.efi") + $(size "$loader") ))
  without=
  for vm in $vmBundles; do
    [ ! -e "''${vm#*=}/vmm-missing" ] || without="$without''${without:+,}\"''${vm%%=*}\""
  done
  printf '{"contentBytes":%s,"imageBytes":%s,"name":%s,"rootHash":"%s","vmCount":%s,"vmMemoryMiB":%s,"vmsWithoutVmm":[%s]}\n' \
    "$content" "$(size "$disk/live.img")" "$nameJson" "$(cat "$out/roothash")" "$vmCount" "$vmMemory" "$without" > "$out/spectrum.json"
''
