// Finds the parts of a live image that `spectrum run` boots: the disk, and for direct kernel
// boot the kernel, initramfs and command line the Nix library puts beside it in boot/.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../diagnostics.js';

export interface LiveImage {
  disk: string;
  /** The memory its VMs ask for, from the build output's spectrum.json; null for a bare live.img. */
  vmMemoryMiB: { totalMiB: number; count: number } | null;
  /** Present when the image came with its build output directory. */
  direct: { kernel: string; initrd: string; cmdline: string } | null;
}

/** `image`: a live-image output directory (such as ./result) or a live.img file. */
export async function findImage(image: string, needDirect: boolean): Promise<LiveImage> {
  const st = await stat(image).catch(() => null);
  if (!st) {
    throw new UserError(
      `${image} does not exist`,
      basename(image) === 'result' ? 'build the image first: spectrum build live-image' : 'give a live-image output directory or a live.img file',
    );
  }
  const dir = st.isDirectory() ? image : dirname(image);
  const disk = st.isDirectory() ? join(image, 'live.img') : image;
  if (!(await isFile(disk))) throw new UserError(`${image} is not a live image: it has no live.img`, 'give a live-image output directory (./result) or a live.img file');
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
