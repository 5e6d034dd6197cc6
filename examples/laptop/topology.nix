# A laptop split the way Qubes or Spectrum OS users split one: the network card, the USB
# controller and the GPU each in a VM of their own, and four app VMs. Replace the PCI
# addresses with your machine's (`lspci -D`) and the USB ids with your devices' (`lsusb`).
{
  name = "laptop";
  vmm = "qemu";
  host = { kernelParams = [ "intel_iommu=on" "iommu=pt" ]; };
  vms = {
    # Device VMs: each owns its hardware through VFIO and serves the app VMs.
    sys-net = { role = "net"; description = "Wi-Fi and Ethernet"; devices = [ "0000:00:1f.6" ]; };
    sys-usb = { role = "usb"; description = "The USB controller"; devices = [ "0000:00:14.0" ]; };
    sys-gpu = { role = "gpu"; description = "Graphics"; memory = "2G"; devices = [ "0000:00:02.0" ]; };

    # App VMs. Each has a link of its own to sys-net; by default none can reach another.
    browser = {
      description = "Web browsing";
      memory = "4G"; vcpus = 2;
      net = "sys-net"; display = "sys-gpu";
      packages = [ "curl" ];
    };
    mail = {
      description = "Mail, reachable by work on IMAP and SMTP submission only";
      memory = "2G";
      net = "sys-net"; display = "sys-gpu";
    };
    work = {
      description = "Work, with the security key and a way to the mail VM";
      memory = "4G"; vcpus = 2;
      net = "sys-net"; display = "sys-gpu";
      usb = [ "1050:0407" ];                               # a YubiKey, forwarded from sys-usb
      reach = [ { vm = "mail"; ports = [ 993 587 ]; } ];
      shares = [ { tag = "projects"; readOnly = false; } ];
    };
    vault = {
      description = "Passwords; no network at all";
      memory = "1G";
      display = "sys-gpu";
    };
  };
}
