# Sourced by vm-run and vm-finish: the host's side of a VM's hybrid vsock (cloud-hypervisor's;
# SPECTRUM_VM_VSOCK_SOCKET in its runtime.env, empty for the kernel's vhost-vsock). With
# vhost-vsock the host's own listeners (ready-listen, usb-relay-listen) hear every VM and know
# it by its CID. A hybrid vsock delivers a VM's connection to the host's port P to the Unix
# socket <socket>_P instead, so such a VM gets listeners of its own there. They know the VM by
# the socket they listen on, which only its VMM connects to (as unforgeable as a CID), and
# hand its name to the handler as SPECTRUM_PEER_VM (peer_vm in common.sh).

# vsock_up NAME: before the VMM starts, with NAME's runtime.env read.
vsock_up() {
  # What a run that ended without vm-finish left: listeners, and the VMM's socket, which the
  # VMM binds itself and fails to start if it is there.
  vsock_down "$1"
  [ -n "$SPECTRUM_VM_VSOCK_SOCKET" ] || return 0
  vsock_listen "$1" "$READY_PORT" ready-report || return 1
  [ "$SPECTRUM_VM_ROLE" != usb ] || vsock_listen "$1" "$USB_PORT" usb-relay
}

# vsock_listen NAME PORT HANDLER: HANDLER runs on each connection NAME makes to PORT, with the
# connection as its input and output (nofork, as ready-listen and usb-relay-listen run theirs).
vsock_listen() {
  sock=${SPECTRUM_VM_VSOCK_SOCKET}_$2
  # 3>&-: not s6's readiness descriptor, which vm-run's watcher alone writes.
  # perm: only root, as the VMM runs, may connect: whoever does is taken for this VM.
  # unlink-close=0: a listener that vsock_down stopped, dying late, would remove the socket of
  # the next start's; vsock_down removes the files itself.
  SPECTRUM_PEER_VM=$1 socat "UNIX-LISTEN:$sock,unlink-early,unlink-close=0,perm=0600,fork" \
    "EXEC:/usr/lib/spectrum/runtime/$3,nofork" </dev/null 3>&- 2>&1 &
  listener=$!
  echo "$listener $sock" >> "$STATE/$1/vsock-listeners"
  # Listening before the VMM starts, or the VM's first report is refused.
  tries=0
  until [ -S "$sock" ]; do
    kill -0 "$listener" 2>/dev/null && [ "$tries" -lt 100 ] || return 1
    tries=$((tries + 1))
    pause 0.05
  done
}

# vsock_down NAME: once the VMM has exited. Listeners go as recorded, whatever runtime.env
# says now: a rebuilt bundle may have changed the VM's VMM while it ran.
vsock_down() {
  if [ -f "$STATE/$1/vsock-listeners" ]; then
    while read -r pid sock; do
      kill "$pid" 2>/dev/null
      rm -f "$sock"
    done < "$STATE/$1/vsock-listeners"
    rm -f "$STATE/$1/vsock-listeners"
  fi
  [ -z "$SPECTRUM_VM_VSOCK_SOCKET" ] || rm -f "$SPECTRUM_VM_VSOCK_SOCKET"
}
