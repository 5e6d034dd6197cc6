# busybox from Debian's busybox-static: copied (it goes into every image), applets as
# symlinks in bin/ the way nixpkgs' busybox has them.
{ runCommand, tools }:
runCommand "host-busybox" {
  fingerprints = tools.fingerprint [ "/usr/bin/busybox" ];
} ''
  set -eu
  bb=/usr/bin/busybox
  [ -x "$bb" ] || { echo "spectrum: host package set: $bb not found (Debian package busybox-static)" >&2; exit 1; }
  # The initramfs and VM roots carry no C library for it: it must be the static build.
  if ldd "$bb" >/dev/null 2>&1; then
    echo "spectrum: host package set: $bb is dynamically linked; install Debian's busybox-static" >&2
    exit 1
  fi
  mkdir -p "$out/bin"
  cp "$bb" "$out/bin/busybox"
  for applet in $("$bb" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$out/bin/$applet"
  done
''
