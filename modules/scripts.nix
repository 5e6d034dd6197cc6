# The image scripts (images/), each its own store path: changing one rebuilds only the
# derivations that run it. Paths are relative so they hold in the repo and in a generated
# tree's lib/ alike.
{
  copyElf = ../images/copy-elf.sh;
  mktree = ../images/mktree.sh;
  mkrootfs = ../images/mkrootfs.sh;
  mkverity = ../images/mkverity.sh;
  mkinitramfs = ../images/mkinitramfs.sh;
  mkmodules = ../images/mkmodules.sh;
  mkuki = ../images/mkuki.sh;
  mkesp = ../images/mkesp.sh;
  mkdisk = ../images/mkdisk.sh;
  extractVmlinux = ../images/extract-vmlinux.sh;
  init = ../images/init;
  hostInit = ../images/host-init;
  vmInit = ../images/vm-init;
  vmAgent = ../images/vm-agent;
  netUplinkEvent = ../images/net/uplink-event;
  # A USB VM's exporting side and an app VM's importing side (USB/IP over vsock).
  usb = ../images/usb;
  # The host's runtime (supervision, the `vm` command): one directory, installed whole.
  runtime = ../images/runtime;
}
