// What `spectrum build live-image` leaves, as `run` and `flash` find it: an output directory
// (./result by default) holding live.img beside boot/ and spectrum.json, or a live.img named
// directly; and whether a file is such an image at all: a GPT holding the partitions
// images/mkdisk.sh writes (Discoverable Partitions Specification types). Checked before
// anything starts, so a wrong file is refused at once rather than written to a stick or left
// waiting in the firmware's shell.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../diagnostics.js';
import { term } from '../output/term.js';

export const DEFAULT_OUTPUT = 'result';
export const DISK_NAME = 'live.img';

export interface LiveImagePaths {
  disk: string;
  /** Where the build output's boot/ and spectrum.json are, if it came with them. */
  dir: string;
}

const NOT_FOUND_HINT = 'build one with `spectrum build live-image`, or name a live-image output directory or a live.img file';

/**
 * The image `given` names, or the last build's in ./result; paths in the form given
 * (relative ones relative to `cwd`), as commands show them.
 */
export function locateLiveImage(cwd: string, given: string | undefined): LiveImagePaths {
  const path = given ?? DEFAULT_OUTPUT;
  const shown = given ?? `./${DEFAULT_OUTPUT}`;
  const st = statOrNull(resolve(cwd, path));
  if (!st) throw new UserError(given === undefined ? `no image given and no live image at ${shown}` : term`${shown} does not exist`, NOT_FOUND_HINT);
  const disk = st.isDirectory() ? join(path, DISK_NAME) : path;
  if (st.isDirectory() && !statOrNull(resolve(cwd, disk))?.isFile()) throw new UserError(term`${shown} is not a live image: it has no ${DISK_NAME}`, NOT_FOUND_HINT);
  return { disk, dir: dirname(disk) };
}

// Partition type GUIDs as the GPT stores them: the first three fields little-endian.
const PARTITIONS: Record<string, string> = {
  esp: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  'root-x86-64': '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709',
  'root-x86-64-verity': '2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5',
};
const SECTOR = 512;
const MAX_ENTRIES = 128;

function guidText(b: Buffer): string {
  const hex = (from: number, to: number, le: boolean) => {
    const part = b.subarray(from, to);
    return Buffer.from(le ? [...part].reverse() : part).toString('hex');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`.toUpperCase();
}

/** Throws unless `disk` is a GPT image with the live image's ESP, root and verity partitions. */
export function checkLiveImage(disk: string): void {
  const not = (why: string) =>
    new UserError(term`${disk} is not a spectrum live image: ${why}`, 'build one with `spectrum build live-image`; spectrum boots and flashes only the images it builds');
  let fd: number;
  try {
    fd = openSync(disk, 'r');
  } catch (err) {
    throw new UserError(term`cannot read the image ${disk}: ${(err as Error).message}`);
  }
  try {
    const header = Buffer.alloc(92);
    if (readSync(fd, header, 0, header.length, SECTOR) < header.length || header.toString('latin1', 0, 8) !== 'EFI PART') throw not('it has no GPT');
    const entriesAt = Number(header.readBigUInt64LE(72)) * SECTOR;
    const count = Math.min(header.readUInt32LE(80), MAX_ENTRIES);
    const size = header.readUInt32LE(84);
    if (size < 128 || size > 4096) throw not('its GPT header is malformed');
    const entries = Buffer.alloc(count * size);
    readSync(fd, entries, 0, entries.length, entriesAt);
    const types = new Set<string>();
    for (let i = 0; i < count; i++) types.add(guidText(entries.subarray(i * size, i * size + 16)));
    const missing = Object.entries(PARTITIONS).filter(([, type]) => !types.has(type)).map(([name]) => name);
    if (missing.length > 0) throw not(`its GPT has no ${missing.join(', ')} partition${missing.length === 1 ? '' : 's'}`);
  } finally {
    closeSync(fd);
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw new UserError(term`cannot read ${path}: ${(err as Error).message}`);
  }
}
