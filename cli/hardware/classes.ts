// PCI class codes: names for messages (a subset of pci.ids' class list; the base class
// names the rest) and which role's VM a function of a class belongs to.
import type { Role } from '../topology/language/roles.js';

const SUBCLASS_NAMES: Record<string, string> = {
  '0100': 'SCSI storage controller',
  '0101': 'IDE interface',
  '0104': 'RAID bus controller',
  '0106': 'SATA controller',
  '0108': 'Non-Volatile memory controller',
  '0200': 'Ethernet controller',
  '0280': 'Network controller',
  '0300': 'VGA compatible controller',
  '0302': '3D controller',
  '0380': 'Display controller',
  '0401': 'Multimedia audio controller',
  '0403': 'Audio device',
  '0500': 'RAM memory',
  '0580': 'Memory controller',
  '0600': 'Host bridge',
  '0601': 'ISA bridge',
  '0604': 'PCI bridge',
  '0700': 'Serial controller',
  '0780': 'Communication controller',
  '0805': 'SD Host controller',
  '0806': 'IOMMU',
  '0880': 'System peripheral',
  '0c00': 'FireWire (IEEE 1394)',
  '0c03': 'USB controller',
  '0c05': 'SMBus',
  '0c80': 'Serial bus controller',
  '1080': 'Encryption controller',
  '1180': 'Signal processing controller',
};

const BASE_NAMES: Record<string, string> = {
  '00': 'Unclassified device',
  '01': 'Mass storage controller',
  '02': 'Network controller',
  '03': 'Display controller',
  '04': 'Multimedia controller',
  '05': 'Memory controller',
  '06': 'Bridge',
  '07': 'Communication controller',
  '08': 'Generic system peripheral',
  '09': 'Input device controller',
  '0a': 'Docking station',
  '0b': 'Processor',
  '0c': 'Serial bus controller',
  '0d': 'Wireless controller',
  '0e': 'Intelligent controller',
  '0f': 'Satellite communications controller',
  '10': 'Encryption controller',
  '11': 'Signal processing controller',
};

/** "Ethernet controller" for "020000". */
export const className = (cls: string): string =>
  SUBCLASS_NAMES[cls.slice(0, 4)] ?? BASE_NAMES[cls.slice(0, 2)] ?? `class ${cls}`;

/**
 * A PCI-to-PCI bridge: VFIO leaves it with the host (pcieport) however its group is
 * assigned, so it never splits a group.
 */
export const isPciBridge = (cls: string): boolean => cls.startsWith('0604');

/** The role whose VM a function of this class belongs in; null for classes no role owns. */
export function roleForClass(cls: string): Role | null {
  if (cls.startsWith('02')) return 'net';
  if (cls.startsWith('0c03')) return 'usb';
  if (cls.startsWith('03')) return 'gpu';
  return null;
}
