// String formats: one pattern each, shared by the validator (with a message and a fix)
// and the JSON Schema (pattern only), so editors and `spectrum check` agree.
import { quote } from '../../output/quote.js';
import { parseUsbClaim, usbClaimText } from './usb-claims.js';

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
// A USB claim (usb-claims.ts): an id, optionally narrowed by serial number and port, or a port
// alone. Serials are limited to characters that need no quoting in the USB VM's data.
const USB_ID = '[0-9a-fA-F]{4}:[0-9a-fA-F]{4}';
const USB_SERIAL = 'serial=[A-Za-z0-9._:+/-]{1,64}';
const USB_PORT = 'port=[1-9][0-9]{0,2}-[1-9][0-9]?(\\.[1-9][0-9]?){0,5}';
const USB = `^(${USB_ID}( ${USB_SERIAL})?( ${USB_PORT})?|${USB_PORT})$`;
// virtio-fs carries the tag in a 36-byte field; it also ends up in mount commands.
const SHARE_TAG = '^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$';
const ATTR = "[A-Za-z_][A-Za-z0-9_'-]*";
const PACKAGE = `^${ATTR}(\\.${ATTR}){0,15}$`;
// Printable ASCII without space or double quote: one kernel command-line word. Not one that
// spectrum sets itself (console=, panic=, roothash=, spectrum.*), nor init= or rdinit=,
// which would start something other than the initramfs that verifies the root: a later
// word on the command line wins, so a user's value would replace spectrum's.
const RESERVED_KERNEL_PARAM = '(init|rdinit|roothash|console|panic|spectrum\\.[!#-<>-~]*)(=|$)';
const KERNEL_PARAM = `^(?!${RESERVED_KERNEL_PARAM})[!#-~]{1,1024}$`;
const isReservedKernelParam = matcher(`^${RESERVED_KERNEL_PARAM}`);
// Free text (a description) travels to the build in an environment variable and into Nix
// strings: no NUL, which neither can carry, and a length far below the kernel's 128 KiB
// limit on one variable.
const MAX_TEXT = 4096;
const TEXT = `^[^\\u0000]{0,${MAX_TEXT}}$`;

// Dotted-quad IPv4, each part 0-255 without leading zeros (which some tools read as octal).
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;

function matcher(pattern: string): (value: string) => boolean {
  const re = new RegExp(pattern);
  return (value) => re.test(value);
}

const isName = matcher(NAME);

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

/** A format whose pattern is the whole check; `problem` words why a value is not of it. */
function format(pattern: string, problem: (value: string, label: string) => Problem): Format {
  const matches = matcher(pattern);
  return { pattern, check: (value, label) => (matches(value) ? null : problem(value, label)) };
}

/** A format whose message and hint do not depend on the value beyond quoting it. */
const simple = (pattern: string, what: string, hint: string): Format =>
  format(pattern, (value) => ({ message: `${quote(value)} is not ${what}`, hint }));

export const FORMATS = {
  name: format(NAME, (value, label) => {
    const fixed = suggestName(value);
    return {
      message: `${quote(value)} is not a valid ${label}`,
      hint:
        'use lower-case letters, digits and "-", starting with a letter and not ending with "-", at most 63 characters' +
        (fixed ? `, e.g. ${quote(fixed)}` : ''),
    };
  }),
  pci: format(PCI, (value) => ({
    message: `${quote(value)} is not a PCI address`,
    hint: /^[0-9a-fA-F]{2}:[01][0-9a-fA-F]\.[0-7]$/.test(value)
      ? `add the PCI domain: ${quote(`0000:${value.toLowerCase()}`)}`
      : 'write it as domain:bus:device.function in hex, e.g. "0000:00:1f.6" (see `lspci -D`)',
  })),
  usb: simple(
    USB,
    'a USB device claim',
    'write the device id as vendor:product, four hex digits each, e.g. "046d:c52b" (see `lsusb`), optionally followed by " serial=SERIAL" and/or " port=1-2" (see `vm usb` on the host), or a port alone: "port=1-2"',
  ),
  shareTag: simple(SHARE_TAG, 'a valid share tag', 'use 1 to 36 letters, digits, ".", "_" or "-", starting with a letter or digit'),
  package: simple(PACKAGE, 'a package attribute path', 'name a nixpkgs attribute such as "firefox" or "python3Packages.requests"'),
  ipv4: simple(`^${IPV4}$`, 'an IPv4 address', 'write four numbers 0-255 without leading zeros, e.g. "192.168.1.1"'),
  ipv4Prefix: simple(
    `^${IPV4}/([0-9]|[12][0-9]|3[0-2])$`,
    'an IPv4 address with a prefix length',
    'write the address, "/" and the prefix length 0-32, e.g. "192.168.1.50/24"',
  ),
  text: format(TEXT, (value, label) =>
    value.includes('\u0000')
      ? { message: `${label} contains a NUL character`, hint: 'remove it: a NUL cannot be carried into the build' }
      : { message: `${label} is ${value.length} characters long, more than ${MAX_TEXT}`, hint: `shorten it to at most ${MAX_TEXT} characters` },
  ),
  kernelParam: format(KERNEL_PARAM, (value) =>
    isReservedKernelParam(value)
      ? {
          message: `kernel parameter ${quote(value)} is reserved by spectrum`,
          hint: 'remove it: spectrum sets console=, panic=, roothash= and spectrum.* itself, and init= or rdinit= would skip the initramfs that verifies the root',
        }
      : {
          message: `${quote(value)} is not a single kernel parameter`,
          hint: 'give one parameter per list entry, printable ASCII without spaces or double quotes, e.g. "intel_iommu=on"',
        },
  ),
} satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

/** The form a valid value is compared and resolved in: PCI addresses and USB ids lower-case. */
export const normalize = (format: FormatName, value: string): string =>
  format === 'pci' ? value.toLowerCase() : format === 'usb' ? usbClaimText(parseUsbClaim(value)) : value;
