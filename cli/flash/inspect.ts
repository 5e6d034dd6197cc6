// Gathers the facts about a target and runs the rules on them: everything that decides whether
// a flash may happen, before anything is opened for writing.
import type { Image } from './image.js';
import type { Refusal } from './refusal.js';
import type { SystemFacts } from './system.js';
import type { Target } from './target.js';
import { readLsblk } from './lsblk.js';
import { checkDevice } from './rules.js';
import { checkFile } from './file-rules.js';
import { describeDevice } from './confirm.js';
import { bytes } from '../output/units.js';

export interface Inspection {
  refusals: Refusal[];
  /** What the confirmation shows about the target. */
  description: string;
  /** What the user must type to confirm. */
  expected: string;
  /** The target's size once written (a file grows to hold the image). */
  capacity: number;
  /** Sector size for O_DIRECT: the device's logical sector, or a page for files. */
  sector: number;
}

const FILE_SECTOR = 4096;

export async function inspect(target: Target, image: Image, system: SystemFacts, allowFixed: boolean): Promise<Inspection> {
  if (target.kind === 'file') {
    return {
      refusals: checkFile({ path: target.path, id: target.id, imageId: image.id, system }),
      description:
        target.size === null
          ? `${target.path}: new file, to be created`
          : `${target.path}: regular file, ${bytes(target.size)} (${target.size} bytes)`,
      expected: target.name,
      capacity: Math.max(target.size ?? 0, image.bytes),
      sector: FILE_SECTOR,
    };
  }
  const device = await readLsblk(target.path);
  return {
    refusals: checkDevice({ device, system, imageBytes: image.bytes, allowFixed }),
    description: describeDevice(device),
    expected: device.name,
    capacity: device.size,
    sector: Math.max(512, device.logicalSectorBytes),
  };
}
