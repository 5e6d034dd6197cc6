// `spectrum hw scan`: reads a machine's sysfs (or a copy of one) into a Hardware value.
// Everything read is optional in the sense that a missing or unreadable file becomes a
// line in `unread` rather than a failure: a scan without root still says what it saw.
import { readFile, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CpuVendor, Hardware, PciFunction, UsbDevice } from './types.js';

/** x86 vendor numbers of the kernel (arch/x86/include/asm/processor.h: X86_VENDOR_*). */
const X86_VENDORS: Record<string, CpuVendor> = { '0000': 'intel', '0002': 'amd' };

// A USB device's directory ("1-2", "3-1.4"); root hubs ("usb1") and interfaces ("1-2:1.0") are not devices one claims.
const USB_DEVICE_DIR = /^\d+-\d+(\.\d+)*$/;

const reason = (err: unknown): string =>
  (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not present' : (err as NodeJS.ErrnoException).code ?? String(err);

class Reader {
  readonly unread: string[] = [];

  constructor(private readonly root: string) {}

  /** The file's text without its trailing newline; null (and noted) when it cannot be read. */
  async text(path: string, required = true): Promise<string | null> {
    try {
      return (await readFile(join(this.root, path), 'utf8')).replace(/\n$/, '');
    } catch (err) {
      if (required || (err as NodeJS.ErrnoException).code !== 'ENOENT') this.note(path, err);
      return null;
    }
  }

  /** The last part of a symlink's target (a driver's or group's name); null when there is no link. */
  async linkName(path: string): Promise<string | null> {
    try {
      return basename(await readlink(join(this.root, path)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.note(path, err);
      return null;
    }
  }

  async list(path: string, required: boolean): Promise<string[]> {
    try {
      return (await readdir(join(this.root, path))).sort();
    } catch (err) {
      if (required || (err as NodeJS.ErrnoException).code !== 'ENOENT') this.note(path, err);
      return [];
    }
  }

  note(path: string, err: unknown): void {
    this.unread.push(`${path}: ${reason(err)}`);
  }
}

const hex = (value: string | null, digits: number): string | null => {
  const bare = value?.trim().toLowerCase().replace(/^0x/, '') ?? '';
  return new RegExp(`^[0-9a-f]{${digits}}$`).test(bare) ? bare : null;
};

async function cpuVendor(r: Reader): Promise<CpuVendor | null> {
  const modalias = await r.text('devices/system/cpu/modalias');
  const ven = modalias?.match(/,ven([0-9A-Fa-f]{4})/)?.[1];
  return ven === undefined ? null : (X86_VENDORS[ven] ?? null);
}

/** Group of every function the kernel put in one: /sys/kernel/iommu_groups/N/devices/ADDRESS. */
async function iommuGroups(r: Reader): Promise<Map<string, number>> {
  const groups = new Map<string, number>();
  // No iommu_groups directory is what a machine with the IOMMU off looks like: not a read failure.
  for (const group of await r.list('kernel/iommu_groups', false)) {
    for (const address of await r.list(`kernel/iommu_groups/${group}/devices`, true)) groups.set(address, Number(group));
  }
  return groups;
}

async function pciFunction(r: Reader, address: string, groups: Map<string, number>): Promise<PciFunction | null> {
  const dir = `bus/pci/devices/${address}`;
  const vendor = hex(await r.text(`${dir}/vendor`), 4);
  const device = hex(await r.text(`${dir}/device`), 4);
  const cls = hex(await r.text(`${dir}/class`), 6);
  if (vendor === null || device === null || cls === null) return null;
  const resetMethods = await r.text(`${dir}/reset_method`, false);
  return {
    address,
    vendor,
    device,
    class: cls,
    iommuGroup: groups.get(address) ?? null,
    driver: await r.linkName(`${dir}/driver`),
    bootVga: (await r.text(`${dir}/boot_vga`, false)) === '1',
    resetMethods: resetMethods ? resetMethods.split(/\s+/).filter(Boolean) : [],
  };
}

async function usbDevice(r: Reader, name: string): Promise<UsbDevice | null> {
  const dir = `bus/usb/devices/${name}`;
  const vendor = hex(await r.text(`${dir}/idVendor`), 4);
  const product = hex(await r.text(`${dir}/idProduct`), 4);
  const busnum = await r.text(`${dir}/busnum`);
  const devpath = await r.text(`${dir}/devpath`);
  if (vendor === null || product === null || busnum === null || devpath === null) return null;
  return {
    port: `${busnum.trim()}-${devpath.trim()}`,
    id: `${vendor}:${product}`,
    serial: await r.text(`${dir}/serial`, false),
    class: hex(await r.text(`${dir}/bDeviceClass`), 2) ?? '00',
    name: await r.text(`${dir}/product`, false),
  };
}

/** Scans the sysfs tree at `root` (normally /sys). */
export async function scanSysfs(root: string): Promise<Hardware> {
  const r = new Reader(root);
  const cpu = await cpuVendor(r);
  const groups = await iommuGroups(r);
  const pci: PciFunction[] = [];
  for (const address of await r.list('bus/pci/devices', true)) {
    const fn = await pciFunction(r, address, groups);
    if (fn) pci.push(fn);
  }
  const usb: UsbDevice[] = [];
  // A machine (or a VM) without a USB bus has no bus/usb: nothing to claim, nothing failed.
  for (const name of (await r.list('bus/usb/devices', false)).filter((n) => USB_DEVICE_DIR.test(n))) {
    const device = await usbDevice(r, name);
    if (device) usb.push(device);
  }
  return {
    cpu,
    pci: pci.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
    usb: usb.sort((a, b) => comparePorts(a.port, b.port)),
    unread: r.unread.sort(),
  };
}

/** Ports by bus, then port numbers as numbers ("1-2" before "1-10"). */
export function comparePorts(a: string, b: string): number {
  const pa = a.split(/[-.]/).map(Number);
  const pb = b.split(/[-.]/).map(Number);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return pa.length - pb.length;
}
