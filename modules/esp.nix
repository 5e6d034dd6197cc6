# The EFI system partition image: systemd-boot as the removable-media loader and the UKI.
# Output: esp.img.
{ pkgs, scripts }:
{ name, uki }:
pkgs.runCommand "esp-${name}" {
  nativeBuildInputs = [ pkgs.dosfstools pkgs.mtools ];
  loader = "${pkgs.systemd-boot}/lib/systemd/boot/efi/systemd-bootx64.efi";
  inherit uki;
  entry = name;
} ''
  set -eu
  mkdir -p "$out"
  sh ${scripts.mkesp} "$out/esp.img" "$loader" "$uki/uki.efi" "$entry"
''
