// What the DEVICE argument names: a block device, or (only with --to-file) a regular file.
// Anything else is refused here, before lsblk or any open.
import { realpathSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Refusal } from './refusal.js';
import { fileId } from './system.js';

export type Target =
  | { kind: 'block'; given: string; path: string }
  /** `size` and `id` (dev:ino) are null when the file does not exist yet and will be created. */
  | { kind: 'file'; given: string; path: string; name: string; size: number | null; id: string | null };

export function resolveTarget(given: string, toFile: boolean): Target | Refusal {
  let st;
  try {
    st = statSync(given, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      return { rule: 'not-found', reason: `${given} cannot be examined: ${(err as Error).message}` };
    }
    if (toFile) return { kind: 'file', given, path: given, name: basename(given), size: null, id: null };
    return {
      rule: 'not-found',
      reason: `${given} does not exist`,
      hint: 'plug the stick in and find its name with `lsblk -d -o NAME,SIZE,TRAN,MODEL`',
    };
  }
  const path = realpathSync(given);
  if (toFile) {
    if (st.isFile()) return { kind: 'file', given, path, name: basename(path), size: Number(st.size), id: fileId(st) };
    return {
      rule: 'not-a-file',
      reason: `--to-file was given but ${given} is ${st.isBlockDevice() ? 'a block device' : 'not a regular file'}`,
      hint: st.isBlockDevice() ? 'drop --to-file to flash a device: its safety checks apply only then' : undefined,
    };
  }
  if (st.isBlockDevice()) return { kind: 'block', given, path };
  return {
    rule: 'not-a-block-device',
    reason: `${given} is ${st.isFile() ? 'a regular file' : 'not a block device'}`,
    hint: st.isFile() ? 'to write the image into a file on purpose, pass --to-file' : 'name a whole disk such as /dev/sdb',
  };
}

export const isRefusal = (v: Target | Refusal): v is Refusal => 'rule' in v;
