# spectrum.vm: one VM's bundle. Its root filesystem (busybox, socat, the VM's init and agent,
# its data in /etc/spectrum, the programs it asks for) with verity; bin/run, which starts the
# VM with its VMM (bin/run-emulated: with stand-ins for passed-through devices, for
# `spectrum run`); bin/power-button; and runtime.env, the host runtime's data about it. The kernel and initramfs are shared by every VM (`shared`), so changing one VM
# rebuilds only that VM's derivations and what contains them, plus its net VM's when the
# link between them changes (a net VM's data holds the links it routes for, `clients`).
{ pkgs, scripts, rootfs, shared, vmModules }:
{ name, role, description, memoryMiB, vcpus, cid, mac, diskId, devices, usb, shares
, packages, after, display, net, clients, usbClaims, allow, vmm, runtime }:
let
  inherit (builtins) concatStringsSep map replaceStrings toJSON toString;
  lines = f: xs: concatStringsSep "\n" (map f xs);
  inherit (import ./shell.nix) quote;

  # The root hash is known only once the root filesystem is built: the launch script is
  # written with this placeholder, which the bundle's build replaces.
  placeholder = "@spectrum-roothash@";

  lower = replaceStrings [ "A" "B" "C" "D" "E" "F" ] [ "a" "b" "c" "d" "e" "f" ];
  data = {
    inherit name role description memoryMiB vcpus cid mac diskId devices usb shares packages after display net clients usbClaims allow;
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
    # length, client address, the host's tap of the link (validated names and addresses:
    # no blanks to split on).
    SPECTRUM_NET_CLIENTS = concatStringsSep "\n" (map (c:
      "${c.name} ${lower c.routerMac} ${c.routerAddress} ${toString c.prefixLength} ${c.address} ${c.tap}") clients);
    # A net VM's openings between its clients, one line each: from, to (interface names),
    # then the ports.
    SPECTRUM_NET_ALLOW = concatStringsSep "\n" (map (a: concatStringsSep " " ([ a.from a.to ] ++ map toString a.ports)) allow);
    # A USB VM's claims, one line each: number, id, serial, port ("-": any), owner.
    SPECTRUM_USB_CLAIMS = lines (c: "${toString c.claim} ${c.id} ${c.serial} ${c.port} ${c.owner}") usbClaims;
    # The devices this VM owns (its `usb` claims), one per line; any: it imports USB devices.
    SPECTRUM_USB_OWN = concatStringsSep "\n" usb;
  };
  envFileOf = vars: concatStringsSep "" (map (k: "${k}=${quote vars.${k}}\n") (builtins.attrNames vars));
  envFile = envFileOf env;

  # Read by the host's runtime (images/runtime/vm-run and the rest), never by the VM.
  runtimeEnv = envFileOf {
    SPECTRUM_VM_CID = toString cid;
    SPECTRUM_VM_ROLE = role;
    # A USB VM's claims by number and their owners, for the host's USB relay: "CLAIM OWNER".
    SPECTRUM_VM_USB_OWNERS = lines (o: "${toString o.claim} ${o.owner}") runtime.usbOwners;
    SPECTRUM_VM_AFTER = concatStringsSep " " after;
    SPECTRUM_VM_READY_TIMEOUT = toString runtime.readyTimeout;
    SPECTRUM_VM_LINKS = lines (l: "${l.bridge} ${l.tap}") runtime.links;
    SPECTRUM_VM_SHARES = lines (s: "${s.tag} ${s.mode}") runtime.shares;
  };

  config = pkgs.runCommand "vm-${name}-config" {
    vmJson = toJSON data;
    vmEnv = envFile;
    init = scripts.vmInit;
    agent = scripts.vmAgent;
    net = if role == "net" then "1" else "";
    firewall = scripts.netFirewall;
    uplinkEvent = scripts.netUplinkEvent;
    usbScripts = scripts.usb;
    usbRole = if role == "usb" then "export" else if usb != [ ] then "import" else "";
  } ''
    set -eu
    mkdir -p "$out/etc/spectrum" "$out/sbin" "$out/usr/lib/spectrum" "$out/etc/acpi/PWRF"
    # Programs that look users up (dnsmasq) find root; names resolve through /run.
    printf 'root:x:0:0:root:/:/bin/sh\n' > "$out/etc/passwd"
    printf 'root:x:0:\n' > "$out/etc/group"
    ln -s /run/resolv.conf "$out/etc/resolv.conf"
    if [ -n "$net" ]; then
      cp "$firewall" "$out/etc/spectrum/firewall.nft"
      cp "$uplinkEvent" "$out/usr/lib/spectrum/uplink-event"
      chmod 0755 "$out/usr/lib/spectrum/uplink-event"
    fi
    case $usbRole in
      export) for f in usb-event usb-match usb-export usb-handoff usb-list; do cp "$usbScripts/$f" "$out/usr/lib/spectrum/$f"; done ;;
      import) cp "$usbScripts/usb-attach" "$out/usr/lib/spectrum/usb-attach" ;;
    esac
    [ -z "$usbRole" ] || chmod 0755 "$out"/usr/lib/spectrum/usb-*
    printf '%s\n' "$vmJson" > "$out/etc/spectrum/vm.json"
    printf '%s' "$vmEnv" > "$out/etc/spectrum/vm.env"
    cp "$init" "$out/sbin/init"
    cp "$agent" "$out/usr/lib/spectrum/vm-agent"
    # busybox acpid runs this when the power button is pressed (its default action table).
    printf '#!/bin/sh\nexec poweroff\n' > "$out/etc/acpi/PWRF/00000080"
    chmod 0755 "$out/sbin/init" "$out/usr/lib/spectrum/vm-agent" "$out/etc/acpi/PWRF/00000080"
  '';

  programs = if packages == [ ] then [ ] else [ (pkgs.programs { vm = name; names = packages; }) ];
  # What its role needs beyond busybox and socat: a net VM routes, filters and answers names
  # (nftables with its kernel modules, dnsmasq); a USB VM and a VM that owns USB devices get
  # their modules (default.nix).
  roleParts =
    if role == "net" then [ pkgs.nftables pkgs.dnsmasq vmModules.net ]
    else if role == "usb" then [ vmModules.usb ]
    else if usb != [ ] then [ vmModules.usbOwner ]
    else [ ];
  root = rootfs { name = "vm-${name}"; packages = [ config ] ++ programs ++ roleParts ++ [ pkgs.busybox pkgs.socat ]; };

  vmmPackage = pkgs.vmms.${vmm.name} or (throw "spectrum: VM ${name}: unknown VMM ${vmm.name}");
  outputs = {
    kernel = shared.kernel.${vmm.kernel} or (throw "spectrum: VM ${name}: unknown kernel form ${vmm.kernel}");
    initramfs = "${shared.initramfs}/initrd";
    rootfs = "${root}/root.erofs";
    verity = "${root}/root.verity";
    roothash = placeholder;
  };
  launcher = comment: argv: "#!/bin/sh\n# ${comment}\nexec ${concatStringsSep " " (map quote ([ "${vmmPackage}/bin/${vmm.program}" ] ++ argv outputs))}\n";
  runScript = launcher "Starts VM ${name} (${vmm.name})." vmm.argv;
  emulatedScript = if vmm.emulatedArgv == null then "" else
    launcher "Starts VM ${name} (${vmm.name}) with emulated stand-ins for its devices (spectrum run)." vmm.emulatedArgv;
  button = vmm.powerButton;
  buttonProgram = "${if button.tool == "socat" then pkgs.socat else vmmPackage}/bin/${button.program}";
  powerButtonScript = "#!/bin/sh\n# Presses VM ${name}'s power button.\n"
    + (if button.input == "" then "" else "printf '%s' ${quote button.input} | ")
    + "exec ${concatStringsSep " " (map quote ([ buttonProgram ] ++ button.argv))}\n";
in
pkgs.runCommand "vm-${name}" {
  inherit runScript emulatedScript powerButtonScript runtimeEnv placeholder;
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
  printf '%s' "$runtimeEnv" > "$out/runtime.env"
  ln -s "$root" "$out/rootfs"
  ln -s "$kernel" "$out/kernel"
  ln -s "$initramfs/initrd" "$out/initrd"
  if [ -x "$vmmPackage/bin/$vmmProgram" ]; then
    printf '%s' "$runScript" | sed "s/$placeholder/$(cat "$root/roothash")/g" > "$out/bin/run"
    if [ -n "$emulatedScript" ]; then
      printf '%s' "$emulatedScript" | sed "s/$placeholder/$(cat "$root/roothash")/g" > "$out/bin/run-emulated"
      chmod 0755 "$out/bin/run-emulated"
    fi
    printf '%s' "$powerButtonScript" > "$out/bin/power-button"
    chmod 0755 "$out/bin/power-button"
  else
    # Not a build failure: the image may be meant for a machine that has this VMM.
    echo "spectrum: vm $vmName cannot start: VMM $vmmName is missing: $(cat "$vmmPackage/missing")" > "$out/vmm-missing"
    printf '#!/bin/sh\ncat "$(dirname "$0")/../vmm-missing" >&2\nexit 1\n' > "$out/bin/run"
  fi
  chmod 0755 "$out/bin/run"
''
