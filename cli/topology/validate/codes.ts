// Stable diagnostic codes of validation. A code is never reused for another meaning;
// docs/diagnostics.md documents each one (a unit test keeps the two in step). Repeated
// keys are the loaders' to report (SP1006): the raw tree they hand over has unique keys.
import type { FormatName } from '../language/formats.js';

export const CODES = {
  unknownKey: 'SP2001',
  wrongType: 'SP2002',
  missingKey: 'SP2003',
  notAllowedValue: 'SP2004',
  badName: 'SP2010',
  badSize: 'SP2011',
  badCount: 'SP2012',
  badPci: 'SP2013',
  badUsb: 'SP2014',
  badShareTag: 'SP2015',
  badPackage: 'SP2016',
  badKernelParam: 'SP2017',
  duplicateItem: 'SP2018',
  badText: 'SP2019',
  deviceTwice: 'SP2020',
  devicesOnApp: 'SP2021',
  netNotNetVm: 'SP2022',
  displayNotGpuVm: 'SP2023',
  usbWithoutUsbVm: 'SP2024',
  unknownVm: 'SP2025',
  startCycle: 'SP2026',
  vmmLacksFeature: 'SP2027',
  deviceVmWithoutDevices: 'SP2030',
  noVms: 'SP2031',
  reachSelf: 'SP2032',
  reachOtherNet: 'SP2033',
  usbClaimOverlap: 'SP2034',
  badAddress: 'SP2035',
  uplinkNotNetVm: 'SP2036',
  uplinkNic: 'SP2037',
  uplinkAddressing: 'SP2038',
} as const;

/**
 * Codes of the rules that compare a topology with the machine's hardware.json; they run only
 * when there is one, so the hardware fixtures (test/fixtures/hardware/) cover them, not the
 * topology-only check fixtures.
 */
export const HARDWARE_CODES = {
  pciNotOnMachine: 'SP2039',
  iommuGroupSplit: 'SP2040',
  classNotRole: 'SP2041',
  classNoRole: 'SP2042',
  bootDisplay: 'SP2043',
  noIommuGroups: 'SP2044',
  usbNotSeen: 'SP2045',
  sameIdUnassigned: 'SP2046',
} as const;

export type Code = (typeof CODES)[keyof typeof CODES] | (typeof HARDWARE_CODES)[keyof typeof HARDWARE_CODES];

/** The code of each string format's diagnostic; the formats themselves are the language's. */
export const FORMAT_CODES: Record<FormatName, Code> = {
  name: CODES.badName,
  pci: CODES.badPci,
  usb: CODES.badUsb,
  shareTag: CODES.badShareTag,
  package: CODES.badPackage,
  kernelParam: CODES.badKernelParam,
  text: CODES.badText,
  ipv4: CODES.badAddress,
  ipv4Prefix: CODES.badAddress,
};
