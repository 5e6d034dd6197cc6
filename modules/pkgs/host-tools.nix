# Building blocks of the host package set (modules/pkgs/host.nix): a derivation builder
# that runs host tools, and derivations that stand for host programs.
{ system }:
let
  inherit (builtins) concatStringsSep filter head isString map pathExists hashFile split;

  # Debian's root PATH; /usr/local first so hand-installed VMMs are found.
  hostPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  hostDirs = filter isString (split ":" hostPath);

  # Where `command -v` will find a program at build time, as far as evaluation can tell.
  lookup = prog:
    let hits = filter (d: pathExists "${d}/${prog}") hostDirs;
    in if hits == [ ] then null else "${head hits}/${prog}";

  # What a derivation records of the host files it takes: their content hash (or their
  # absence), so installing or upgrading one rebuilds what uses it. The build itself still
  # checks and looks them up: it is the authority, evaluation only keys the cache.
  fingerprint = files: concatStringsSep " " (map (f:
    if f == null || !(pathExists f) then "${toString f}:absent" else "${f}:${hashFile "sha256" f}") files);
  programPrints = names: concatStringsSep " " (map (p: "${p}=${fingerprint [ (lookup p) ]}") names);

  # Every derivation of the set also records the machine's installed Debian packages: its
  # steps run and copy the machine's programs and the libraries they link, which no
  # per-program fingerprint sees (an upgraded libpcre2 changed a copied program's closure
  # under the same store path). Any package change rebuilds the set's outputs instead.
  debianPackages = if pathExists "/var/lib/dpkg/status" then hashFile "sha256" "/var/lib/dpkg/status" else "none";

  runCommand = name: env: script:
    let
      inputs = env.nativeBuildInputs or [ ];
      binDirs = map (p: "${p}/bin:") inputs;
    in
    derivation ({
      SOURCE_DATE_EPOCH = "315532800";
      LC_ALL = "C";
      inherit debianPackages;
    } // removeAttrs env [ "nativeBuildInputs" ] // {
      inherit name system;
      builder = "/bin/sh";
      args = [ "-c" script ];
      PATH = concatStringsSep "" binDirs + hostPath;
    });

  # A build tool: bin/ with symlinks to the host's programs. Never copied into an image.
  tool = debianPackage: programs: runCommand "host-${debianPackage}" {
    inherit programs debianPackage;
    fingerprints = programPrints programs;
  } ''
    set -eu
    mkdir -p "$out/bin"
    for p in $programs; do
      path=$(command -v "$p") || {
        echo "spectrum: host package set: $p not found on the build machine (Debian package $debianPackage; scripts/setup.sh installs it)" >&2
        exit 1
      }
      ln -s "$path" "$out/bin/$p"
    done
  '';

  # Host files copied into the store under `dir` (content for images, e.g. EFI binaries).
  files = debianPackage: dir: paths: runCommand "host-${debianPackage}" {
    inherit dir debianPackage paths;
    fingerprints = fingerprint paths;
  } ''
    set -eu
    mkdir -p "$out/$dir"
    for f in $paths; do
      [ -f "$f" ] || { echo "spectrum: host package set: $f not found on the build machine (Debian package $debianPackage)" >&2; exit 1; }
      cp "$f" "$out/$dir/"
    done
  '';

  # Programs copied from the build machine with the shared libraries ldd lists, at their
  # absolute paths below $out (so merging $out into a root puts them where the dynamic
  # loader looks). Missing programs: one line naming all of them (and the VM that asked);
  # with `optional`, an output holding only that line in `missing` instead of a failure.
  copyPrograms = { name, names, optional, vm ? null }: runCommand name {
    inherit names;
    fingerprints = programPrints names;
    optional = if optional then "1" else "";
    asker = if vm == null then "" else " VM ${vm} asks for";
    copyElf = ../../images/copy-elf.sh;
  } ''
    set -eu
    missing=
    for p in $names; do command -v "$p" >/dev/null || missing="$missing''${missing:+, }$p"; done
    if [ -n "$missing" ] && [ -n "$optional" ]; then
      mkdir -p "$out"
      echo "$missing not found on the build machine (host package set)" > "$out/missing"
      exit 0
    elif [ -n "$missing" ]; then
      echo "spectrum:$asker programs not found on the build machine: $missing (host package set; install them there, or use the nixpkgs package set)" >&2
      exit 1
    fi
    mkdir -p "$out/bin"
    for p in $names; do sh "$copyElf" "$(command -v "$p")" "$out" "bin/$p"; done
  '';
  # One program that is not on PATH, copied like copyPrograms' to DEST with its libraries.
  copyFile = debianPackage: path: dest: runCommand "host-${baseNameOf path}" {
    inherit path dest debianPackage;
    fingerprints = fingerprint [ path ];
    copyElf = ../../images/copy-elf.sh;
  } ''
    set -eu
    [ -x "$path" ] || { echo "spectrum: host package set: $path not found on the build machine (Debian package $debianPackage)" >&2; exit 1; }
    sh "$copyElf" "$path" "$out" "$dest"
  '';
in
{
  inherit runCommand tool files copyPrograms copyFile fingerprint;
}
