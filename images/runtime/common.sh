# Shared by the host's runtime scripts (sourced, not run). Paths, tools and the few helpers
# every script needs. The host's data comes from the emit stage: /etc/spectrum/start-order
# and, per VM, /usr/lib/spectrum/vms/<name>/runtime.env; nothing here reads the topology.
export PATH=/usr/lib/spectrum/bin:/usr/bin:/usr/sbin:/bin:/sbin
# busybox sh runs its own applets before PATH: tools it also has are named by their path.
IP=/usr/lib/spectrum/bin/ip

BUNDLES=/usr/lib/spectrum/vms
# Every VM's name, in the order they start: the host root carries it (modules/host-system.nix).
START_ORDER=/etc/spectrum/start-order
SERVICES=/run/service
STATE=/run/spectrum/vms
LOGS=/var/log/spectrum
# vsock ports on CID 2 (the host) and in each VM; images/vm-init uses the same numbers.
READY_PORT=5000
AGENT_PORT=5001
USB_PORT=5002
# Devices the USB relay has joined to their owners: <usb vm>:<busid> holding "claim owner".
USB_STATE=/run/spectrum/usb
# Restart policy: backoff doubles from 1 s up to BACKOFF_CAP s; a VM that fails MAX_FAILURES
# times within FAILURE_WINDOW s is given up on. STOP_TIMEOUT bounds a graceful stop.
BACKOFF_CAP=30
MAX_FAILURES=5
FAILURE_WINDOW=600
STOP_TIMEOUT=30

# Print to every kernel console (the screen and the serial line); to stderr where there is
# none (never stdout: in usb-relay that is a VM's connection).
say() {
  consoles=$(cat /sys/class/tty/console/active 2>/dev/null) || consoles=
  [ -n "$consoles" ] || { echo "$*" >&2; return; }
  for c in $consoles; do echo "$*" > "/dev/$c"; done
}

# Loops that wait fork nothing: on a host emulated by TCG (spectrum run, the tests) a fork
# and exec costs milliseconds of the CPU the VMs boot on, and waits that polled with `sleep`
# and `$(cat …)` many times a second starved them (docs/runtime.md, "Waiting without forks").
# pause SECONDS: the shell's own sleep, a read that times out on a FIFO nobody writes (host-init
# makes it). Where there is none, `sleep`: an open that found no FIFO would create a file whose
# end-of-file ends the read at once, and every wait would spin.
IDLE=/run/spectrum/idle
pause() { if [ -p "$IDLE" ]; then read -r -t "$1" _ 0<>"$IDLE" || :; else sleep "$1"; fi; }

# Seconds since boot, with hundredths (the host's clock for every duration it prints):
# read_uptime sets $uptime, now prints it.
read_uptime() { read -r uptime _ </proc/uptime; }
now() { read_uptime; echo "$uptime"; }
# centis TIME sets $centis to TIME (such a reading) in hundredths, for the shell's arithmetic,
# where a leading 0 would mean octal.
centis() {
  centis=${1%.*}${1#*.}
  while [ "${centis#0}" != "$centis" ]; do centis=${centis#0}; done
  centis=${centis:-0}
}
# $2 - $1 in seconds, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# /run/spectrum/cids: "CID NAME" per VM (host-init).
cid_of() { awk -v n="$1" '$2 == n { print $1 }' /run/spectrum/cids; }
vm_of_cid() { awk -v c="$1" '$1 == c { print $2 }' /run/spectrum/cids; }
# The VM at the other end of the connection a handler runs on: the one whose own listener
# took it (a hybrid vsock, vsock.sh), else the one with the CID the kernel reports for it.
peer_vm() {
  if [ -n "${SPECTRUM_PEER_VM:-}" ]; then echo "$SPECTRUM_PEER_VM"; else vm_of_cid "${SOCAT_PEERADDR:-}"; fi
}
known_vm() { [ -f "$BUNDLES/$1/runtime.env" ]; }
# read_state NAME sets $state, state_of NAME prints it.
read_state() { state=stopped; [ ! -f "$STATE/$1/state" ] || read -r state <"$STATE/$1/state"; }
state_of() { read_state "$1"; echo "$state"; }
set_state() { echo "$2" > "$STATE/$1/state.tmp" && mv "$STATE/$1/state.tmp" "$STATE/$1/state"; }

# The parameters the kernel command line CMDLINE gives module file KO ("vfio-pci.ids=…" for
# vfio-pci.ko gives "ids=…"), one a line, as modprobe would pass them: insmod reads none by
# itself. In module and parameter names "-" and "_" are the same; values stay as written.
module_params() {
  printf '%s\n' "$2" | awk -v m="${1%.ko}" '{
    gsub(/-/, "_", m)
    for (i = 1; i <= NF; i++) {
      eq = index($i, "="); key = eq ? substr($i, 1, eq - 1) : $i; gsub(/-/, "_", key)
      if (index(key, m ".") == 1 && length(key) > length(m) + 1) print substr(key, length(m) + 2) (eq ? substr($i, eq) : "")
    }
  }'
}
