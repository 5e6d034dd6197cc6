# A VM's network links (sourced). Each link joins an app VM's tap and its net VM's tap on a
# bridge of their own, so no two app VMs share a segment. Whichever side starts first creates
# the bridge; a tap stays across restarts of its VM and goes when its VM stops for good; the
# bridge goes with the last tap. LINKS: lines "BRIDGE TAP" (runtime.env, from the emit stage).

links_up() {
  echo "$2" | while read -r bridge tap; do
    [ -n "$bridge" ] || continue
    [ -d "/sys/class/net/$bridge" ] || $IP link add "$bridge" type bridge 2>/dev/null ||
      [ -d "/sys/class/net/$bridge" ] || { say "spectrum: vm $1: cannot create bridge $bridge"; return 1; }
    $IP link set "$bridge" up || return 1
    [ -d "/sys/class/net/$tap" ] || $IP tuntap add dev "$tap" mode tap ||
      { say "spectrum: vm $1: cannot create tap $tap"; return 1; }
    $IP link set "$tap" master "$bridge" && $IP link set "$tap" up || return 1
  done
}

links_down() {
  echo "$2" | while read -r bridge tap; do
    [ -n "$bridge" ] || continue
    [ -d "/sys/class/net/$tap" ] && $IP link del "$tap"
    if [ -d "/sys/class/net/$bridge" ] && [ -z "$(ls "/sys/class/net/$bridge/brif" 2>/dev/null)" ]; then
      $IP link del "$bridge"
    fi
  done
  return 0
}
