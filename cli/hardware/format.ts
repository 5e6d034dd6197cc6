// hardware.json as text: one fixed key order, lists sorted by the scan, two-space JSON
// with one PCI function or USB device per line, so a changed machine is a small diff.
import type { Hardware } from './types.js';

/** Names the format and its version; a reader refuses files of any other. */
export const HARDWARE_FORMAT = 'spectrum-hardware/1';

const line = (value: unknown): string => JSON.stringify(value);

function list(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `    ${line(item)}`).join(',\n')}\n  ]`;
}

export function formatHardware(hw: Hardware): string {
  const pci = hw.pci.map((f) => ({
    address: f.address,
    vendor: f.vendor,
    device: f.device,
    class: f.class,
    iommuGroup: f.iommuGroup,
    driver: f.driver,
    bootVga: f.bootVga,
    resetMethods: f.resetMethods,
  }));
  const usb = hw.usb.map((d) => ({ port: d.port, id: d.id, serial: d.serial, class: d.class, name: d.name }));
  return [
    '{',
    `  "format": ${line(HARDWARE_FORMAT)},`,
    `  "cpu": ${line(hw.cpu)},`,
    `  "pci": ${list(pci)},`,
    `  "usb": ${list(usb)},`,
    `  "unread": ${list(hw.unread)}`,
    '}',
    '',
  ].join('\n');
}
