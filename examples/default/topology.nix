# The bundled default topology: one net VM that owns the network card and routes for
# two app VMs. Packages are named so that both package sets find them: nixpkgs
# attributes, and programs present on a stock Debian build machine for the host set.
{
  name = "default";
  vmm = "cloud-hypervisor";
  host = { kernelParams = [ "intel_iommu=on" "iommu=pt" ]; };
  vms = {
    sys-net = {
      role = "net";
      description = "Owns the network card and routes for app VMs";
      memory = "512M";
      vcpus = 1;
      devices = [ "0000:00:1f.6" ];
    };
    browser = {
      description = "Web browsing";
      memory = "2G";
      vcpus = 2;
      net = "sys-net";
      packages = [ "curl" ];
      shares = [ { tag = "downloads"; readOnly = false; } ];
    };
    notes = {
      description = "Offline notes, no network";
      memory = 1024;
      packages = [ "less" ];
    };
  };
}
