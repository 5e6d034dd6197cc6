// Facts about the running system that make a disk dangerous to overwrite: which block devices
// hold the root filesystem (following loop devices down to the disk under their backing file),
// which are active swap, and which files back loop devices.
import { readFileSync, readdirSync, statSync, type BigIntStats } from 'node:fs';

export interface SystemFacts {
  /** `major:minor` of every block device the running root depends on -> how it does. */
  rootDevices: Map<string, string>;
  /** Active swap: block devices by `major:minor`, swap files by `dev:ino`. */
  swapDevices: Map<string, string>;
  swapFiles: Map<string, string>;
  /** Files backing attached loop devices, by `dev:ino` -> loop device name. */
  loopBackingFiles: Map<string, string>;
}

/** The file-system reads the facts come from; tests substitute layouts this machine lacks. */
export interface SysFs {
  /** File contents, or '' when unreadable. */
  read(path: string): string;
  list(path: string): string[];
  stat(path: string): Pick<BigIntStats, 'dev' | 'ino' | 'rdev' | 'isBlockDevice'> | null;
}

export const realSysFs: SysFs = { read: readOr, list: listOr, stat: statOrNull };

export function readSystemFacts(sys: SysFs = realSysFs): SystemFacts {
  const swapDevices = new Map<string, string>();
  const swapFiles = new Map<string, string>();
  for (const s of parseSwaps(sys.read('/proc/swaps'))) {
    const st = sys.stat(s.path);
    if (!st) continue;
    if (st.isBlockDevice()) swapDevices.set(majMinOf(st.rdev), s.path);
    else swapFiles.set(fileId(st), s.path);
  }
  return { rootDevices: rootDevices(sys), swapDevices, swapFiles, loopBackingFiles: loopBackingFiles(sys) };
}

/** The root mount's `major:minor` and source, from /proc/self/mountinfo. */
export function parseRootMount(mountinfo: string): { majMin: string; source: string } | null {
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: split() returns at least one element; `?.` and `?? []` only satisfy noUncheckedIndexedAccess
    const f = before?.split(' ') ?? [];
    if (f[4] === '/' && after) return { majMin: f[2]!, source: unescape(after.split(' ')[1] ?? '') };
  }
  return null;
}

/** Active swap areas from /proc/swaps (header line first; paths escape spaces as \040). */
export function parseSwaps(swaps: string): { path: string; type: string }[] {
  return swaps
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 2 && f[0] !== '')
    .map((f) => ({ path: unescape(f[0]!), type: f[1]! }));
}

function rootDevices(sys: SysFs): Map<string, string> {
  const found = new Map<string, string>();
  const root = parseRootMount(sys.read('/proc/self/mountinfo'));
  if (!root) return found;
  // Filesystems such as btrfs show an anonymous 0:N device; their source names the disk.
  let majMin: string | null = root.majMin.startsWith('0:') ? null : root.majMin;
  if (!majMin && root.source.startsWith('/dev/')) {
    const st = sys.stat(root.source);
    if (st?.isBlockDevice()) majMin = majMinOf(st.rdev);
  }
  let how = `mounted on / (${root.source})`;
  // A root on a loop device (live systems) really lives on the disk holding its backing file.
  for (let depth = 0; majMin && depth < 8 && !found.has(majMin); depth++) {
    found.set(majMin, how);
    const backing = sys.read(`/sys/dev/block/${majMin}/loop/backing_file`).trim().replace(/ \(deleted\)$/, '');
    const st = backing ? sys.stat(backing) : null;
    if (!st) break;
    how = `holds ${backing}, the file behind the loop device under /`;
    majMin = majMinOf(st.dev);
  }
  return found;
}

function loopBackingFiles(sys: SysFs): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of sys.list('/sys/block').filter((n) => n.startsWith('loop'))) {
    const backing = sys.read(`/sys/block/${name}/loop/backing_file`).trim();
    const st = backing ? sys.stat(backing) : null;
    if (st) found.set(fileId(st), `/dev/${name}`);
  }
  return found;
}

/** Linux dev_t split as glibc's gnu_dev_major/minor do (each 32 bits, as their `unsigned int` casts make them). */
export function majMinOf(dev: number | bigint): string {
  const d = BigInt(dev);
  const major = ((d >> 8n) & 0xfffn) | ((d >> 32n) & 0xfffff000n);
  const minor = (d & 0xffn) | ((d >> 12n) & 0xffffff00n);
  return `${major}:${minor}`;
}

export const fileId = (st: { dev: number | bigint; ino: number | bigint }): string => `${st.dev}:${st.ino}`;

function statOrNull(path: string): BigIntStats | null {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return null;
  }
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function listOr(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
