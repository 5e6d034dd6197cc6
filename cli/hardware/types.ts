// What `spectrum hw scan` saw on a machine: the value hardware.json holds, and what
// validation and resolve read when a topology has a hardware file beside it.

/** From the kernel's x86 vendor number in /sys/devices/system/cpu/modalias; null when unknown. */
export type CpuVendor = 'intel' | 'amd';

export interface PciFunction {
  /** `dddd:bb:dd.f`, lower case, as in /sys/bus/pci/devices. */
  address: string;
  /** Four lower-case hex digits each. */
  vendor: string;
  device: string;
  /** Six hex digits: base class, subclass, programming interface ("020000": Ethernet). */
  class: string;
  /** null when the kernel made no IOMMU groups (IOMMU off) or did not put it in one. */
  iommuGroup: number | null;
  /** The driver bound at scan time, e.g. "e1000e"; null when none. */
  driver: string | null;
  /** The firmware's boot display (boot_vga = 1): the host's console while it boots. */
  bootVga: boolean;
  /** reset_method as listed by the kernel (e.g. ["flr", "bus"]); empty when it lists none. */
  resetMethods: string[];
}

export interface UsbDevice {
  /** Port path "BUS-PORT[.PORT...]", as claims' `port=` and the USB VM name it. */
  port: string;
  /** `vvvv:pppp`, lower case. */
  id: string;
  serial: string | null;
  /** bDeviceClass, two hex digits ("00": defined per interface). */
  class: string;
  /** The device's product string, for people reading the file. */
  name: string | null;
}

export interface Hardware {
  cpu: CpuVendor | null;
  /** Sorted by address. */
  pci: PciFunction[];
  /** Sorted by port. */
  usb: UsbDevice[];
  /** What the scan could not read, one line each ("path: reason", the path relative to the sysfs root), sorted. */
  unread: string[];
}
