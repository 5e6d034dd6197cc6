# Two networks on one machine, as Qubes chains sys-firewall and sys-vpn: sys-net owns the
# card; sys-vpn sits behind it (its `net` is sys-net) and its clients reach the outside only
# through it. Stopping sys-vpn leaves them offline; they never fall back to sys-net.
{
  name = "two-networks";
  vmm = "qemu";
  vms = {
    sys-net = { role = "net"; devices = [ "0000:00:1f.6" ]; };
    # The VPN client runs here: add it to packages (e.g. "wireguard-tools").
    sys-vpn = { role = "net"; net = "sys-net"; description = "Everything behind it leaves through the VPN"; };

    personal = { net = "sys-net"; description = "Straight out through the uplink"; };
    work = { net = "sys-vpn"; description = "Only through the VPN"; };
    banking = { net = "sys-vpn"; description = "Only through the VPN, and apart from work"; };
  };
}
