# A Unified Kernel Image of a host: EFI stub + kernel + initramfs + command line (with the
# root hash) + os-release. Output: uki.efi.
{ pkgs, scripts }:
{ name, host }:
pkgs.runCommand "uki-${name}" {
  nativeBuildInputs = [ pkgs.binutils ];
  STUB = "${pkgs.systemd-boot}/lib/systemd/boot/efi/linuxx64.efi.stub";
  KERNEL = "${host}/kernel";
  INITRD = "${host}/initrd";
  CMDLINE = "${host}/cmdline";
  osRelease = ''
    ID=spectrum
    NAME=Spectrum
    PRETTY_NAME="Spectrum (${name})"
    IMAGE_ID=${name}
  '';
} ''
  set -eu
  mkdir -p "$out"
  printf '%s' "$osRelease" > "$TMPDIR/os-release"
  OSREL="$TMPDIR/os-release" sh ${scripts.mkuki} "$out/uki.efi"
''
