# A VM's shared directories (sourced): one virtiofsd per share, serving
# /var/lib/spectrum/shares/<vm>/<tag> (the host's /var is a tmpfs: shares last until the
# host powers off, until persistent storage exists). A read-only share is served from a
# read-only bind mount, so the host enforces it whatever the VM asks of virtiofsd.
# SHARES: lines "TAG ro|rw" (runtime.env, from the emit stage).
SHARE_ROOT=/var/lib/spectrum/shares

shares_up() {
  echo "$2" | while read -r tag mode; do
    [ -n "$tag" ] || continue
    src=$SHARE_ROOT/$1/$tag
    served=$src
    mkdir -p "$src"
    if [ "$mode" = ro ]; then
      served=$STATE/$1/ro-$tag
      mkdir -p "$served"
      mountpoint -q "$served" || { mount --bind "$src" "$served" && mount -o remount,bind,ro "$served"; } || return 1
    fi
    sock=$STATE/$1/fs-$tag.sock
    rm -f "$sock"
    virtiofsd --socket-path="$sock" -o source="$served" </dev/null >>"$STATE/$1/virtiofsd-$tag.log" 2>&1 &
    virtiofsd=$!
    echo "$virtiofsd" > "$STATE/$1/virtiofsd-$tag.pid"
    # The VMM connects at once: the socket must exist before it starts.
    tries=50
    until [ -S "$sock" ]; do
      tries=$((tries - 1))
      [ $tries -gt 0 ] && kill -0 "$virtiofsd" 2>/dev/null || {
        say "spectrum: vm $1: virtiofsd for share $tag did not start: $(tail -n 1 "$STATE/$1/virtiofsd-$tag.log")"
        return 1
      }
      pause 0.1
    done
  done
}

shares_down() {
  for pidfile in "$STATE/$1"/virtiofsd-*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null
    rm -f "$pidfile"
  done
  return 0
}
