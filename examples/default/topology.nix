# The bundled default topology, and the starter `spectrum init` writes: one net VM that owns
# the network card and routes for two app VMs. Edit it, then run `spectrum check` to validate
# it and `spectrum build live-image` to turn it into a bootable live image. `spectrum schema`
# prints every key with its meaning; the same file can also be written as topology.yaml or
# .json (see the twins beside the bundled one).
{
  # The machine's name: lower-case letters, digits and "-"; used in labels and file names.
  name = "default";

  # The VMM that runs each VM unless the VM says otherwise:
  # "cloud-hypervisor" (the default when this key is absent), "crosvm" or "qemu".
  # This starter uses QEMU (as microvm.nix and Ghaf default to): it is the one VMM every
  # package set has, so `spectrum run` can start these VMs on any build machine, also
  # inside an emulated host. cloud-hypervisor is smaller and the better choice on a real
  # machine built with the nixpkgs package set.
  vmm = "qemu";

  # Extra kernel parameters of the host, one per entry. VFIO needs the IOMMU enabled.
  host = { kernelParams = [ "intel_iommu=on" "iommu=pt" ]; };

  vms = {
    # The net VM owns the network card and routes for the VMs that name it in `net`.
    sys-net = {
      role = "net";
      description = "Owns the network card and routes for app VMs";
      memory = "512M";
      vcpus = 1;
      # PCI address of your network card: find it with `lspci -D` and replace this one.
      devices = [ "0000:00:1f.6" ];
    };

    # An app VM (role "app" is the default) with network access through sys-net.
    browser = {
      description = "Web browsing";
      memory = "2G";            # whole MiB (2048) or a size with a binary unit ("2G")
      vcpus = 2;
      net = "sys-net";
      # What goes into its root filesystem: nixpkgs attribute paths with the nixpkgs package
      # set, programs of that name on the build machine with the host set. curl and less are
      # both, so this file builds with either.
      packages = [ "curl" ];
      # A host directory shared over virtio-fs, mounted by its tag; shares are read-only
      # unless readOnly = false.
      shares = [ { tag = "downloads"; readOnly = false; } ];
    };

    # An app VM without `net` has no network at all.
    notes = {
      description = "Offline notes, no network";
      memory = 1024;
      packages = [ "less" ];
    };
  };
}
