// Reads hardware.json back: the same strict JSON reader as topologies (positions, repeated
// keys), then its shape, each problem a diagnostic at its place in the file (SP1016).
// A file that fails is not used at all: checking against half a machine would mislead.
import { sortDiagnostics, type Diagnostic, type Span } from '../diagnostics.js';
import { LOAD_CODES } from '../topology/load/codes.js';
import { decodeSource } from '../topology/load/decode.js';
import { parseJson } from '../topology/load/json.js';
import { Source } from '../topology/load/source.js';
import type { RawNode } from '../topology/raw.js';
import { quote } from '../output/quote.js';
import { HARDWARE_FORMAT } from './format.js';
import type { CpuVendor, Hardware, PciFunction, UsbDevice } from './types.js';

export interface HardwareLoad {
  /** null when the file has any error. */
  hardware: Hardware | null;
  diagnostics: Diagnostic[];
  /** The decoded text, for excerpts. */
  text: string;
}

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const HEX = (digits: number): RegExp => new RegExp(`^[0-9a-f]{${digits}}$`);
const USB_ID = /^[0-9a-f]{4}:[0-9a-f]{4}$/;
const USB_PORT = /^\d+-\d+(\.\d+)*$/;
const HINT = 'write the file with `spectrum hw scan -o hardware.json` rather than by hand';

class Reader {
  readonly diagnostics: Diagnostic[] = [];

  fail(span: Span, message: string): null {
    this.diagnostics.push({ code: LOAD_CODES.hardwareFormat, severity: 'error', message, span, hint: HINT });
    return null;
  }

  object(node: RawNode, what: string, keys: readonly string[]): Map<string, RawNode> | null {
    if (node.kind !== 'object') return this.fail(node.span, `${what} must be an object`);
    const fields = new Map(node.entries.map((e) => [e.key, e.value]));
    for (const e of node.entries) if (!keys.includes(e.key)) this.fail(e.keySpan, `unknown key ${quote(e.key)} in ${what}`);
    for (const key of keys) if (!fields.has(key)) this.fail(node.span, `${what} has no ${quote(key)}`);
    return fields;
  }

  string(node: RawNode | undefined, what: string, pattern?: RegExp): string | null {
    if (!node) return null;
    if (node.kind !== 'string') return this.fail(node.span, `${what} must be a string`);
    if (pattern && !pattern.test(node.value)) return this.fail(node.span, `${what} ${quote(node.value)} is not in its format`);
    return node.value;
  }

  /** `undefined` when it failed, so null stays a value. */
  nullable<T>(node: RawNode | undefined, read: (n: RawNode) => T | null): T | null | undefined {
    if (!node) return undefined;
    if (node.kind === 'null') return null;
    const value = read(node);
    return value === null ? undefined : value;
  }

  list<T>(node: RawNode | undefined, what: string, read: (n: RawNode) => T | null): T[] | null {
    if (!node) return null;
    if (node.kind !== 'array') return this.fail(node.span, `${what} must be a list`);
    const items = node.items.map(read);
    return items.every((i): i is T => i !== null) ? items : null;
  }
}

function pciFunction(r: Reader, node: RawNode): PciFunction | null {
  const f = r.object(node, 'a PCI function', ['address', 'vendor', 'device', 'class', 'iommuGroup', 'driver', 'bootVga', 'resetMethods']);
  if (!f) return null;
  const address = r.string(f.get('address'), 'address', PCI_ADDRESS);
  const vendor = r.string(f.get('vendor'), 'vendor', HEX(4));
  const device = r.string(f.get('device'), 'device', HEX(4));
  const cls = r.string(f.get('class'), 'class', HEX(6));
  const group = r.nullable(f.get('iommuGroup'), (n) =>
    n.kind === 'number' && Number.isInteger(n.value) && n.value >= 0 ? n.value : r.fail(n.span, 'iommuGroup must be a whole number or null'));
  const driver = r.nullable(f.get('driver'), (n) => r.string(n, 'driver'));
  const bootVgaNode = f.get('bootVga');
  const bootVga = bootVgaNode?.kind === 'boolean' ? bootVgaNode.value : bootVgaNode && r.fail(bootVgaNode.span, 'bootVga must be true or false');
  const resetMethods = r.list(f.get('resetMethods'), 'resetMethods', (n) => r.string(n, 'a reset method'));
  if (address === null || vendor === null || device === null || cls === null || group === undefined || driver === undefined) return null;
  if (typeof bootVga !== 'boolean' || resetMethods === null) return null;
  return { address, vendor, device, class: cls, iommuGroup: group, driver, bootVga, resetMethods };
}

function usbDevice(r: Reader, node: RawNode): UsbDevice | null {
  const f = r.object(node, 'a USB device', ['port', 'id', 'serial', 'class', 'name']);
  if (!f) return null;
  const port = r.string(f.get('port'), 'port', USB_PORT);
  const id = r.string(f.get('id'), 'id', USB_ID);
  const serial = r.nullable(f.get('serial'), (n) => r.string(n, 'serial'));
  const cls = r.string(f.get('class'), 'class', HEX(2));
  const name = r.nullable(f.get('name'), (n) => r.string(n, 'name'));
  if (port === null || id === null || serial === undefined || cls === null || name === undefined) return null;
  return { port, id, serial, class: cls, name };
}

function hardware(r: Reader, root: RawNode): Hardware | null {
  const top = r.object(root, 'the hardware file', ['format', 'cpu', 'pci', 'usb', 'unread']);
  if (!top) return null;
  const format = top.get('format');
  if (format && (format.kind !== 'string' || format.value !== HARDWARE_FORMAT)) {
    return r.fail(format.span, `this is not a ${HARDWARE_FORMAT} file`);
  }
  const cpu = r.nullable(top.get('cpu'), (n) =>
    n.kind === 'string' && (n.value === 'intel' || n.value === 'amd') ? (n.value as CpuVendor) : r.fail(n.span, 'cpu must be "intel", "amd" or null'));
  const pci = r.list(top.get('pci'), 'pci', (n) => pciFunction(r, n));
  const usb = r.list(top.get('usb'), 'usb', (n) => usbDevice(r, n));
  const unread = r.list(top.get('unread'), 'unread', (n) => r.string(n, 'an unread entry'));
  if (cpu === undefined || pci === null || usb === null || unread === null) return null;
  return { cpu, pci, usb, unread };
}

/** Parses hardware.json; diagnostics name it `file`. */
export function parseHardware(bytes: Uint8Array | string, file: string): HardwareLoad {
  const decoded = decodeSource(bytes, file);
  if (decoded.diagnostic) return { hardware: null, diagnostics: [decoded.diagnostic], text: decoded.text };
  // Said here rather than by the JSON reader, whose message speaks of a topology file.
  if (decoded.text.trim() === '') {
    const span = { file, line: 1, column: 1, length: 1 };
    return { hardware: null, diagnostics: [{ code: LOAD_CODES.hardwareFormat, severity: 'error', message: 'the hardware file is empty', span, hint: HINT }], text: decoded.text };
  }
  const parsed = parseJson(new Source(file, decoded.text));
  if (!parsed.root) return { hardware: null, diagnostics: parsed.diagnostics, text: decoded.text };
  const r = new Reader();
  const hw = hardware(r, parsed.root);
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...r.diagnostics]);
  return { hardware: diagnostics.some((d) => d.severity === 'error') ? null : hw, diagnostics, text: decoded.text };
}
