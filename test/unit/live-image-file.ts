// A small file shaped like a live image for tests that need one without building: a GPT with
// the partition types images/mkdisk.sh writes (or others), made by sfdisk.
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';

export const LIVE_IMAGE_PARTITIONS = ['U', '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709', '2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5'];

export function writeLiveImageFile(path: string, types: readonly string[] = LIVE_IMAGE_PARTITIONS, mib = 8): string {
  writeFileSync(path, '');
  truncateSync(path, mib * 2 ** 20);
  const each = Math.floor((mib - 2) / types.length);
  execFileSync('sfdisk', ['-q', path], { input: `label: gpt\n${types.map((t) => `,${each}M,${t}`).join('\n')}\n` });
  return path;
}
