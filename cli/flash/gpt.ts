// A GPT keeps a backup header in the disk's last sector. An image written to a larger stick
// leaves that backup in the middle, and firmware or tools then call the table corrupt. sfdisk
// moves it to the end (rewriting the protective MBR and the primary header's pointers), for
// block devices and files alike; `sfdisk --verify` then checks the result.
import { readSync } from 'node:fs';
import { execa } from 'execa';
import { ToolError } from '../diagnostics.js';

const SIGNATURE = 'EFI PART';

/** Whether the image starts with a GPT for 512-byte sectors (its header is at LBA 1). */
export function hasGpt(imageFd: number): boolean {
  const buf = Buffer.alloc(SIGNATURE.length);
  return readSync(imageFd, buf, 0, buf.length, 512) === buf.length && buf.toString('latin1') === SIGNATURE;
}

/** Moves the backup GPT to the end of `path` and checks the table; the target must be closed. */
export async function relocateBackupGpt(path: string): Promise<void> {
  const moved = await execa('sfdisk', ['--relocate', 'gpt-bak-std', path], { reject: false, all: true });
  const verified = moved.exitCode === 0 ? await execa('sfdisk', ['--verify', path], { reject: false, all: true }) : null;
  // sfdisk --verify exits 0 even when it reports errors; its verdict is in the text.
  if (verified && verified.exitCode === 0 && /No errors detected/.test(verified.stdout)) return;
  throw new ToolError(
    `the image was written and verified, but moving the backup GPT header to the end of ${path} failed`,
    (verified ?? moved).all ?? '',
    `the stick will most likely boot, but firmware may call its GPT corrupt; fix it with: sfdisk --relocate gpt-bak-std ${path}`,
  );
}
