// Which image to flash: the IMAGE argument (a file, or a live-image output folder holding
// live.img), or by default the last built live image that `spectrum build` left in ./result;
// it must be a spectrum live image (cli/build/live-image.ts).
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../diagnostics.js';
import { checkLiveImage, locateLiveImage } from '../build/live-image.js';
import { fileId } from './system.js';

export interface Image {
  path: string;
  bytes: number;
  /** `dev:ino`, to refuse writing the image onto itself. */
  id: string;
}

export function resolveImage(cwd: string, given?: string): Image {
  const path = resolve(cwd, locateLiveImage(cwd, given).disk);
  const st = statSync(path, { bigint: true });
  if (!st.isFile()) throw new UserError(`image ${path} is not a regular file`);
  if (st.size === 0n) throw new UserError(`image ${path} is empty`);
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw new UserError(`cannot read the image ${path}: ${(err as Error).message}`);
  }
  checkLiveImage(path);
  return { path, bytes: Number(st.size), id: fileId(st) };
}
