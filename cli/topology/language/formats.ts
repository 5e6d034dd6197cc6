// String formats: one pattern each, shared by the validator (with a message and a fix)
// and the JSON Schema (pattern only), so editors and `spectrum check` agree.
import { quote } from '../../output/quote.js';

export interface Problem {
  message: string;
  hint: string;
}

export interface Format {
  /** ECMAScript regex source; also valid JSON Schema `pattern`. */
  pattern: string;
  check(value: string, label: string): Problem | null;
}

// DNS-label shape: names become host names, file names and labels.
const NAME = '^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$';
const PCI = '^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\.[0-7]$';
const USB = '^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$';
// virtio-fs carries the tag in a 36-byte field; it also ends up in mount commands.
const SHARE_TAG = '^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$';
const ATTR = "[A-Za-z_][A-Za-z0-9_'-]*";
const PACKAGE = `^${ATTR}(\\.${ATTR}){0,15}$`;
// Printable ASCII without space or double quote: one kernel command-line word.
const KERNEL_PARAM = '^[!#-~]{1,1024}$';

function matcher(pattern: string): (value: string) => boolean {
  const re = new RegExp(pattern);
  return (value) => re.test(value);
}

const isName = matcher(NAME);
const isPci = matcher(PCI);
const isUsb = matcher(USB);
const isShareTag = matcher(SHARE_TAG);
const isPackage = matcher(PACKAGE);
const isKernelParam = matcher(KERNEL_PARAM);

/** The closest valid name, for the hint: "Sys_Net" -> "sys-net". */
export function suggestName(value: string): string | null {
  const fixed = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return isName(fixed) ? fixed : null;
}

export const FORMATS = {
  name: {
    pattern: NAME,
    check(value, label) {
      if (isName(value)) return null;
      const fixed = suggestName(value);
      return {
        message: `${quote(value)} is not a valid ${label}`,
        hint:
          'use lower-case letters, digits and "-", starting with a letter and not ending with "-", at most 63 characters' +
          (fixed ? `, e.g. ${quote(fixed)}` : ''),
      };
    },
  },
  pci: {
    pattern: PCI,
    check(value) {
      if (isPci(value)) return null;
      const short = /^[0-9a-fA-F]{2}:[01][0-9a-fA-F]\.[0-7]$/.test(value);
      return {
        message: `${quote(value)} is not a PCI address`,
        hint: short
          ? `add the PCI domain: ${quote(`0000:${value.toLowerCase()}`)}`
          : 'write it as domain:bus:device.function in hex, e.g. "0000:00:1f.6" (see `lspci -D`)',
      };
    },
  },
  usb: {
    pattern: USB,
    check(value) {
      if (isUsb(value)) return null;
      return {
        message: `${quote(value)} is not a USB device id`,
        hint: 'write it as vendor:product, four hex digits each, e.g. "046d:c52b" (see `lsusb`)',
      };
    },
  },
  shareTag: {
    pattern: SHARE_TAG,
    check(value) {
      if (isShareTag(value)) return null;
      return {
        message: `${quote(value)} is not a valid share tag`,
        hint: 'use 1 to 36 letters, digits, ".", "_" or "-", starting with a letter or digit',
      };
    },
  },
  package: {
    pattern: PACKAGE,
    check(value) {
      if (isPackage(value)) return null;
      return {
        message: `${quote(value)} is not a package attribute path`,
        hint: 'name a nixpkgs attribute such as "firefox" or "python3Packages.requests"',
      };
    },
  },
  kernelParam: {
    pattern: KERNEL_PARAM,
    check(value) {
      if (isKernelParam(value)) return null;
      return {
        message: `${quote(value)} is not a single kernel parameter`,
        hint: 'give one parameter per list entry, printable ASCII without spaces or double quotes, e.g. "intel_iommu=on"',
      };
    },
  },
} satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

/** The form a valid value is compared and resolved in: PCI addresses and USB ids lower-case. */
export const normalize = (format: FormatName, value: string): string =>
  format === 'pci' || format === 'usb' ? value.toLowerCase() : value;
