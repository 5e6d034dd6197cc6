# The host runtime's end-to-end topology: a net VM routing for two app VMs, each on a link
# of its own, with one opening between them, and a net VM chained behind it with a client. Small VMs: under `spectrum run` they boot in nested virtualization on an
# emulated CPU, and test/e2e/runtime.test.ts boots them once for all its cases.
{
  name = "runtime";
  vmm = "qemu";
  vms = {
    sys-net = { role = "net"; memory = 256; devices = [ "0000:00:1f.6" ]; readyTimeout = 600; };
    # alpha may open connections to beta on port 8080, and nothing else between them.
    alpha = { net = "sys-net"; memory = 256; readyTimeout = 600; reach = [ { vm = "beta"; ports = [ 8080 ]; } ]; };
    beta = { net = "sys-net"; memory = 256; readyTimeout = 600; };
    # A VPN-style net VM chained behind sys-net (its link is its uplink), and its client.
    sys-vpn = { role = "net"; net = "sys-net"; memory = 256; readyTimeout = 600; };
    gamma = { net = "sys-vpn"; memory = 256; readyTimeout = 600; };
  };
}
