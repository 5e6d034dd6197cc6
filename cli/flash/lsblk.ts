// Facts about a block device and everything stacked on it, read from `lsblk -J -b -O`.
// The safety rules only ever look at this parsed form, so they can be tested on captured output.
import { execa } from 'execa';
import { ToolError } from '../diagnostics.js';

export interface BlockDevice {
  /** Kernel name, e.g. `sdb`: what the user types to confirm. */
  name: string;
  path: string;
  /** `major:minor`, the identity compared with /proc/self/mountinfo and /proc/swaps. */
  majMin: string;
  /** lsblk's TYPE: disk, part, loop, rom, crypt, lvm, raid1, ... */
  type: string;
  size: number;
  removable: boolean;
  readOnly: boolean;
  /** lsblk's TRAN: usb, sata, nvme, ... or null when the kernel does not say. */
  transport: string | null;
  vendor: string | null;
  model: string | null;
  /** The whole disk a partition belongs to (lsblk's PKNAME). */
  parent: string | null;
  logicalSectorBytes: number;
  fstype: string | null;
  label: string | null;
  /** Where it is mounted; lsblk reports active swap as `[SWAP]`. */
  mountpoints: string[];
  children: BlockDevice[];
}

/** Runs lsblk on one device. The caller has already checked that `path` is a block device. */
export async function readLsblk(path: string): Promise<BlockDevice> {
  const result = await execa('lsblk', ['-J', '-b', '-O', path], { reject: false });
  if (result.exitCode !== 0) {
    throw new ToolError(`lsblk could not describe ${path}`, `${result.stderr}`);
  }
  return parseLsblk(result.stdout, path);
}

/** Parses lsblk's JSON; accepts both util-linux >= 2.37 (typed values) and older (all strings). */
export function parseLsblk(json: string, path: string): BlockDevice {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new ToolError(`lsblk printed something that is not JSON for ${path}`, json.slice(0, 400));
  }
  const devices = (doc as { blockdevices?: unknown })?.blockdevices;
  if (!Array.isArray(devices) || devices.length === 0) {
    throw new ToolError(`lsblk reported no block device for ${path}`, json.slice(0, 400));
  }
  return toDevice(devices[0] as Record<string, unknown>);
}

function toDevice(raw: Record<string, unknown>): BlockDevice {
  const name = text(raw.kname) ?? text(raw.name);
  const majMin = text(raw['maj:min']);
  const type = text(raw.type);
  if (!name || !majMin || !type) {
    throw new ToolError('lsblk output lacks kname, maj:min or type', JSON.stringify(raw).slice(0, 400));
  }
  const children = Array.isArray(raw.children) ? raw.children.map((c) => toDevice(c as Record<string, unknown>)) : [];
  return {
    name,
    path: text(raw.path) ?? `/dev/${name}`,
    majMin,
    type,
    size: count(raw.size),
    removable: flag(raw.rm),
    readOnly: flag(raw.ro),
    transport: text(raw.tran),
    vendor: text(raw.vendor),
    model: text(raw.model),
    parent: text(raw.pkname),
    logicalSectorBytes: count(raw['log-sec']) || 512,
    fstype: text(raw.fstype),
    label: text(raw.label),
    mountpoints: mountpointsOf(raw),
    children,
  };
}

function mountpointsOf(raw: Record<string, unknown>): string[] {
  const list = Array.isArray(raw.mountpoints) ? raw.mountpoints : [raw.mountpoint];
  return list.map(text).filter((m): m is string => m !== null);
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const flag = (v: unknown): boolean => v === true || v === '1' || v === 1;
const count = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0);

/** The device and everything below it (partitions, and what sits on those), depth first. */
export function allNodes(device: BlockDevice): BlockDevice[] {
  return [device, ...device.children.flatMap(allNodes)];
}
