// The topology language: every key, its type, allowed values and default. The validator
// walks this table and `spectrum schema` translates it, so the two cannot drift apart.
import { VMM_NAMES, type VmmName } from '../../../vmm/index.js';
import type { FormatName } from './formats.js';
import { ROLES, type Role } from './roles.js';

export type FieldType =
  | { kind: 'string'; format?: FormatName; label?: string; values?: readonly string[] }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'size' }
  | { kind: 'list'; item: FieldType }
  | { kind: 'record'; fields: Fields }
  | { kind: 'map'; keyFormat: FormatName; keyLabel: string; value: FieldType };

export interface Field {
  type: FieldType;
  description: string;
  required?: true;
  /** `null` is accepted and means the same as leaving the key out. */
  nullable?: true;
  default?: unknown;
  /** Shown in hints and offered to editors through the schema. */
  example?: unknown;
}

export type Fields = Record<string, Field>;

export const DEFAULT_VMM: VmmName = 'cloud-hypervisor';

/** Device VMs run little more than a driver and a daemon; app VMs run desktop programs. */
export const DEFAULT_MEMORY_MIB: Record<Role, number> = { app: 512, net: 256, usb: 256, gpu: 1024 };

/** 16 TiB: larger is certainly a typo (a size in bytes or KiB given as MiB). */
export const MAX_MEMORY_MIB = 16 * 1024 * 1024;
export const MAX_VCPUS = 256;

const names = (type: FieldType): FieldType => ({ kind: 'list', item: type });

/** The name of another VM, or null (the same as leaving it out). */
const vmReference = (description: string, example: string): Field => ({ type: { kind: 'string' }, nullable: true, description, example });

/** A key every entry must give. */
const required = (type: FieldType, description: string, example: unknown): Field => ({ type, description, required: true, example });

/** A list of strings in one format, empty unless given. */
const formatted = (format: FormatName, description: string, example: string[]): Field => ({
  type: names({ kind: 'string', format }),
  description,
  default: [],
  example,
});

export const SHARE_FIELDS: Fields = {
  tag: required({ kind: 'string', format: 'shareTag' }, 'virtio-fs tag the VM mounts the share by', 'downloads'),
  readOnly: {
    type: { kind: 'boolean' },
    description: 'Mount read-only (the default, least privilege)',
    default: true,
    example: false,
  },
};

export const REACH_FIELDS: Fields = {
  vm: required({ kind: 'string' }, 'An app VM behind the same net VM', 'mail'),
  ports: required(names({ kind: 'integer', min: 1, max: 65535 }), 'The TCP and UDP ports this VM may connect to there', [993]),
};

export const UPLINK_FIELDS: Fields = {
  address: required({ kind: 'string', format: 'ipv4Prefix' }, "The uplink's address and prefix length", '192.168.1.50/24'),
  gateway: {
    type: { kind: 'string', format: 'ipv4' },
    nullable: true,
    description: 'The default route, in the address\'s network; absent or null: none',
    example: '192.168.1.1',
  },
  dns: formatted('ipv4', 'The resolvers its DNS forwarder asks', ['192.168.1.1']),
};

export const VM_FIELDS: Fields = {
  role: {
    type: { kind: 'string', values: ROLES },
    description: 'app runs programs; net, usb and gpu own hardware and serve other VMs',
    default: 'app',
    example: 'net',
  },
  description: {
    type: { kind: 'string', format: 'text', label: 'description' },
    description: 'Free text, at most 4096 characters',
    default: '',
    example: 'Web browsing',
  },
  memory: {
    type: { kind: 'size' },
    description: `Memory: whole MiB, or a string like "512M" or "2G" (binary units). Default by role: ${Object.entries(
      DEFAULT_MEMORY_MIB,
    )
      .map(([role, mib]) => `${role} ${mib}M`)
      .join(', ')}`,
    example: '2G',
  },
  vcpus: {
    type: { kind: 'integer', min: 1, max: MAX_VCPUS },
    description: 'Virtual CPUs',
    default: 1,
    example: 2,
  },
  devices: formatted('pci', 'PCI devices given to this VM through VFIO, "DDDD:BB:DD.F" (net, usb and gpu VMs only)', ['0000:00:1f.6']),
  net: vmReference('The net VM that routes for this VM; absent or null: no network', 'sys-net'),
  usb: formatted(
    'usb',
    'USB devices the USB VM forwards to this VM: "vvvv:pppp", optionally narrowed by " serial=S" and/or " port=B-P", or "port=B-P" alone (docs/usb.md)',
    ['046d:c52b'],
  ),
  display: vmReference('The GPU VM that shows this VM\'s windows; absent or null: no display', 'sys-gpu'),
  shares: {
    type: names({ kind: 'record', fields: SHARE_FIELDS }),
    description: 'Host directories shared with this VM over virtio-fs',
    default: [],
  },
  packages: formatted('package', 'nixpkgs attribute paths installed in its root filesystem', ['firefox']),
  vmm: {
    type: { kind: 'string', values: VMM_NAMES },
    description: 'VMM for this VM; default: the topology\'s vmm',
    example: 'crosvm',
  },
  reach: {
    type: names({ kind: 'record', fields: REACH_FIELDS }),
    description:
      'Other app VMs of its net VM that this VM may connect to, and on which ports; the net VM drops everything else between app VMs',
    default: [],
  },
  uplink: {
    type: { kind: 'record', fields: UPLINK_FIELDS },
    nullable: true,
    description: "A net VM's static uplink address, on the one network card it owns; absent or null: DHCP",
    example: { address: '192.168.1.50/24', gateway: '192.168.1.1', dns: ['192.168.1.1'] },
  },
  readyTimeout: {
    type: { kind: 'integer', min: 1, max: 3600 },
    description:
      'Seconds from its start until the VM must report that it booted; later, the host counts the boot as failed and restarts it',
    default: 180,
    example: 60,
  },
  after: {
    type: names({ kind: 'string' }),
    description: 'VMs started before this one, beyond the implied net, display and USB VMs',
    default: [],
    example: ['sys-usb'],
  },
};

export const HOST_FIELDS: Fields = {
  kernelParams: formatted('kernelParam', 'Extra host kernel command-line parameters, one per entry', ['intel_iommu=on']),
};

export const TOPOLOGY_FIELDS: Fields = {
  $schema: { type: { kind: 'string' }, description: 'JSON Schema for editors; ignored by spectrum' },
  name: {
    type: { kind: 'string', format: 'name', label: 'topology name' },
    description: 'Name of the machine, [a-z][a-z0-9-]*; used in labels and file names',
    required: true,
    example: 'laptop',
  },
  vmm: {
    type: { kind: 'string', values: VMM_NAMES },
    description: 'Default VMM of every VM',
    default: DEFAULT_VMM,
    example: 'crosvm',
  },
  host: {
    type: { kind: 'record', fields: HOST_FIELDS },
    description: 'The host that runs the VMMs',
    default: {},
  },
  vms: {
    type: { kind: 'map', keyFormat: 'name', keyLabel: 'VM name', value: { kind: 'record', fields: VM_FIELDS } },
    description: 'The VMs, by name',
    required: true,
  },
};
