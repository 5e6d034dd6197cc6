# The host runtime's end-to-end topology: a net VM routing for two app VMs, each on a link
# of its own, with one opening between them; a net VM chained behind it with a client; a net
# VM with a static uplink address; a USB VM handing two identical sticks, told apart by
# serial, to those two app VMs. Small VMs:
# under `spectrum run` they boot in nested virtualization on an emulated CPU, and
# test/e2e/runtime.test.ts boots them once for all its cases. readyTimeout: three VMs booting
# at once there took up to 300 s on a quiet machine.
{
  name = "runtime";
  vmm = "qemu";
  vms = {
    sys-net = { role = "net"; memory = 256; devices = [ "0000:00:1f.6" ]; readyTimeout = 420; };
    # alpha may open connections to beta on port 8080, and nothing else between them.
    alpha = {
      net = "sys-net"; memory = 256; readyTimeout = 420; reach = [ { vm = "beta"; ports = [ 8080 ]; } ];
      # QEMU's emulated usb-storage is 46f4:0001; the test plugs sticks with these serials.
      usb = [ "46f4:0001 serial=ALPHA1" ];
    };
    beta = { net = "sys-net"; memory = 256; readyTimeout = 420; usb = [ "46f4:0001 serial=BETA1" ]; };
    # Its controller is a stand-in xHCI under `spectrum run`.
    sys-usb = { role = "usb"; memory = 256; devices = [ "0000:00:14.0" ]; readyTimeout = 420; };
    # A VPN-style net VM chained behind sys-net (its link is its uplink), and its client.
    sys-vpn = { role = "net"; net = "sys-net"; memory = 256; readyTimeout = 420; };
    gamma = { net = "sys-vpn"; memory = 256; readyTimeout = 420; };
    # A net VM on a network without DHCP: under `spectrum run` its card is on a user-mode
    # network of its own (10.0.2.0/24, gateway 10.0.2.2, resolver 10.0.2.3).
    sys-lab = {
      role = "net"; memory = 256; devices = [ "0000:02:00.0" ]; readyTimeout = 420;
      uplink = { address = "10.0.2.50/24"; gateway = "10.0.2.2"; dns = [ "10.0.2.3" ]; };
    };
    # A VM whose kernel cannot boot in 64 MiB: under TCG the machine resets, which ends the
    # VMM (-no-reboot); under nested KVM it hangs, and its short readyTimeout ends each try.
    # The host gives up on it after the fifth. It starts last, so its tries do not slow the
    # others' first boots.
    delta = { memory = 64; readyTimeout = 20; after = [ "gamma" "sys-lab" ]; };
  };
}
