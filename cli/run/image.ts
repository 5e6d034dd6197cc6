// Finds the parts of a live image that `spectrum run` boots: the disk, and for direct kernel
// boot the kernel, initramfs and command line the Nix library puts beside it in boot/.
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../diagnostics.js';
import { checkLiveImage, locateLiveImage } from '../build/live-image.js';

export interface LiveImage {
  disk: string;
  /** The memory its VMs ask for, from the build output's spectrum.json; null for a bare live.img. */
  vmMemoryMiB: { totalMiB: number; count: number } | null;
  /** Present when the image came with its build output directory. */
  direct: { kernel: string; initrd: string; cmdline: string } | null;
}

/** `image`: a live-image output directory (such as ./result) or a live.img file, relative to `cwd`. */
export async function findImage(image: string, needDirect: boolean, cwd = process.cwd()): Promise<LiveImage> {
  const { disk, dir } = locateLiveImage(cwd, image);
  checkLiveImage(resolve(cwd, disk));
  const vmMemoryMiB = await readVmMemory(join(dir, 'spectrum.json'));
  const boot = join(dir, 'boot');
  const parts = { kernel: join(boot, 'kernel'), initrd: join(boot, 'initrd'), cmdline: join(boot, 'cmdline') };
  const complete = (await Promise.all(Object.values(parts).map(isFile))).every(Boolean);
  if (!complete) {
    if (!needDirect) return { disk, vmMemoryMiB, direct: null };
    throw new UserError(
      `direct kernel boot needs ${boot}/{kernel,initrd,cmdline} beside ${basename(disk)}, and they are not there`,
      'give the live-image output directory (./result), or boot the disk alone with --uefi',
    );
  }
  const cmdline = (await readFile(parts.cmdline, 'utf8')).trim();
  return { disk, vmMemoryMiB, direct: { kernel: parts.kernel, initrd: parts.initrd, cmdline } };
}

async function readVmMemory(file: string): Promise<LiveImage['vmMemoryMiB']> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const { vmMemoryMiB, vmCount } = JSON.parse(text) as { vmMemoryMiB?: unknown; vmCount?: unknown };
    return typeof vmMemoryMiB === 'number' && typeof vmCount === 'number' ? { totalMiB: vmMemoryMiB, count: vmCount } : null;
  } catch {
    return null;
  }
}

const isFile = (path: string): Promise<boolean> => stat(path).then((s) => s.isFile(), () => false);
