// The safety rules: each a small function that looks at the facts and returns a refusal or
// nothing. All of them run, so every reason is shown at once. Root, mounts and swap can never
// be overridden; only the fixed-disk rule has a flag (--allow-fixed).
import type { Refusal } from './refusal.js';
import type { SystemFacts } from './system.js';
import { allNodes, type BlockDevice } from './lsblk.js';
import { bytes } from '../output/units.js';

export interface DeviceFacts {
  device: BlockDevice;
  system: SystemFacts;
  imageBytes: number;
  allowFixed: boolean;
}

type DeviceRule = (f: DeviceFacts) => Refusal | undefined;

const WHOLE_DISK_TYPES = new Set(['disk', 'loop']);

const wholeDisk: DeviceRule = ({ device: d }) => {
  if (d.type === 'part') {
    const parent = d.parent ? `/dev/${d.parent}` : 'the disk it belongs to';
    return {
      rule: 'partition',
      reason: `${d.path} is a partition, not a whole disk: the image carries its own partition table`,
      hint: `flash the whole disk instead: ${parent}`,
    };
  }
  if (!WHOLE_DISK_TYPES.has(d.type)) {
    return { rule: 'not-a-disk', reason: `${d.path} is a ${d.type} device, not a whole disk` };
  }
  return undefined;
};

const holdsRoot: DeviceRule = ({ device, system }) => {
  const hit = allNodes(device).find((n) => system.rootDevices.has(n.majMin));
  if (!hit) return undefined;
  const via = hit === device ? '' : ` through ${hit.path}`;
  return {
    rule: 'root',
    reason: `${device.path} holds the running system's root filesystem${via} (${system.rootDevices.get(hit.majMin)})`,
    hint: 'this is the disk the computer is running from; pick the USB stick instead',
  };
};

const mounted: DeviceRule = ({ device }) => {
  const mounts = allNodes(device).flatMap((n) =>
    n.mountpoints.filter((m) => m !== '[SWAP]').map((m) => `${n.path} on ${m}`),
  );
  if (mounts.length === 0) return undefined;
  return {
    rule: 'mounted',
    reason: `${device.path} has mounted filesystems: ${mounts.join(', ')}`,
    hint: `unmount them first (e.g. \`umount ${allNodes(device).find((n) => n.mountpoints.some((m) => m !== '[SWAP]'))!.path}\`), then retry`,
  };
};

const swap: DeviceRule = ({ device, system }) => {
  const on = allNodes(device).filter((n) => n.mountpoints.includes('[SWAP]') || system.swapDevices.has(n.majMin));
  if (on.length === 0) return undefined;
  const names = on.map((n) => n.path).join(', ');
  return { rule: 'swap', reason: `${names} is active swap`, hint: `turn it off first: swapoff ${names.replace(/, /g, ' ')}` };
};

const stacked: DeviceRule = ({ device }) => {
  const holders = allNodes(device).filter((n) => n !== device && n.type !== 'part');
  if (holders.length === 0) return undefined;
  const list = holders.map((n) => `${n.path} (${n.type})`).join(', ');
  return {
    rule: 'in-use',
    reason: `${device.path} is in use by ${list}`,
    hint: 'close them first (e.g. `cryptsetup close`, `vgchange -an`, `mdadm --stop`)',
  };
};

const readOnly: DeviceRule = ({ device }) =>
  device.readOnly
    ? { rule: 'read-only', reason: `${device.path} is read-only`, hint: 'an SD card may have its write-protect switch on' }
    : undefined;

const bigEnough: DeviceRule = ({ device, imageBytes }) =>
  device.size < imageBytes
    ? {
        rule: 'too-small',
        reason: `${device.path} is ${bytes(device.size)} (${device.size} bytes), smaller than the image's ${bytes(imageBytes)} (${imageBytes} bytes)`,
      }
    : undefined;

const removable: DeviceRule = ({ device, allowFixed }) => {
  if (allowFixed || device.removable || device.transport === 'usb') return undefined;
  const what = device.type === 'loop' ? 'a loop device' : `a fixed disk (not removable, transport ${device.transport ?? 'unknown'})`;
  return {
    rule: 'fixed',
    reason: `${device.path} is ${what}, not a removable or USB disk`,
    hint: 'if you really mean to overwrite it, pass --allow-fixed',
  };
};

export const DEVICE_RULES: readonly DeviceRule[] = [wholeDisk, holdsRoot, mounted, swap, stacked, readOnly, bigEnough, removable];

export const checkDevice = (facts: DeviceFacts): Refusal[] =>
  DEVICE_RULES.map((rule) => rule(facts)).filter((r): r is Refusal => r !== undefined);
