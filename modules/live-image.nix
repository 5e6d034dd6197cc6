# spectrum.liveImage: the bootable live image of a host and what `spectrum run`/`flash` use:
#   live.img  GPT disk image     roothash   the host root hash     uki.efi   the UKI
#   boot/{kernel,initrd,cmdline} for direct kernel boot (cmdline includes roothash=)
#   spectrum.json  { name, rootHash, imageBytes, contentBytes, vmCount, vmMemoryMiB,
#                  vmsWithoutVmm } (content: the root image, its hash tree and the files on
#                  the ESP; the VMs' guest memory, summed, so `spectrum run` gives the host
#                  enough; the host's vms-without-vmm, so `spectrum build` can warn)
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
  # VM names are validated: nothing in them to escape in JSON.
  without=
  while read -r vm; do without="$without''${without:+,}\"$vm\""; done < "$host/vms-without-vmm"
  printf '{"contentBytes":%s,"imageBytes":%s,"name":%s,"rootHash":"%s","vmCount":%s,"vmMemoryMiB":%s,"vmsWithoutVmm":[%s]}\n' \
    "$content" "$(size "$disk/live.img")" "$nameJson" "$(cat "$out/roothash")" "$vmCount" "$vmMemory" "$without" > "$out/spectrum.json"
''
