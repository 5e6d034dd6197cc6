# The smallest topology: one VM, no network, no devices. Every key left out takes its
# default (docs/topology.md).
{
  name = "minimal";
  # QEMU runs everywhere, also under `spectrum run` (see examples/default for why).
  vmm = "qemu";
  vms = {
    work = { description = "A VM to work in, offline"; };
  };
}
