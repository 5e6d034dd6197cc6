// Which image to flash: the IMAGE argument (a file, or a live-image output folder holding
// live.img), or by default the last built live image that `spectrum build` left in ./result.
import { accessSync, constants, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../diagnostics.js';
import { fileId } from './system.js';

export interface Image {
  path: string;
  bytes: number;
  /** `dev:ino`, to refuse writing the image onto itself. */
  id: string;
}

export const DEFAULT_IMAGE = join('result', 'live.img');

export function resolveImage(cwd: string, given?: string): Image {
  let path = resolve(cwd, given ?? DEFAULT_IMAGE);
  let st = statOrNull(path);
  if (st?.isDirectory()) {
    path = join(path, 'live.img');
    st = statOrNull(path);
  }
  if (!st) {
    throw given === undefined
      ? new UserError(
          `no image given and no live image at ./${DEFAULT_IMAGE}`,
          'build one with `spectrum build live-image`, or name the image: spectrum flash IMAGE DEVICE',
        )
      : new UserError(`image ${given} does not exist`, 'name the image file, e.g. ./result/live.img');
  }
  if (!st.isFile()) throw new UserError(`image ${path} is not a regular file`);
  if (st.size === 0n) throw new UserError(`image ${path} is empty`);
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw new UserError(`cannot read the image ${path}: ${(err as Error).message}`);
  }
  return { path, bytes: Number(st.size), id: fileId(st) };
}

function statOrNull(path: string) {
  try {
    return statSync(path, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`cannot read the image ${path}: ${(err as Error).message}`);
  }
}
