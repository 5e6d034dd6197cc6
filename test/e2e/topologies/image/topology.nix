# The image pipeline's end-to-end topology (test/e2e/image.test.ts): examples/default's shape
# on two VMMs. notes runs on QEMU, the one VMM this build machine has, so the host starts it;
# the net VM and its client run on cloud-hypervisor, which the host package set lacks, so
# the image must still build, say why those two cannot start, and give them the kernel as
# an ELF with a PVH entry point.
{
  name = "lab";
  vmm = "cloud-hypervisor";
  host.kernelParams = [ "intel_iommu=on" "iommu=pt" ];
  vms = {
    sys-net = { role = "net"; memory = "512M"; devices = [ "0000:00:1f.6" ]; };
    browser = {
      memory = "2G";
      vcpus = 2;
      net = "sys-net";
      packages = [ "curl" ];
      shares = [ { tag = "downloads"; readOnly = false; } ];
    };
    notes = { vmm = "qemu"; memory = 1024; packages = [ "less" ]; };
  };
}
