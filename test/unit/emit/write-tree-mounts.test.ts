// Real filesystems that refuse writes: a 64 KiB tmpfs that fills up, and a tmpfs remounted
// read-only (permissions cannot stop root, a read-only mount can). Needs root for mount;
// the suite runs as root here and in CI, where a failing mount fails the file (capability.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../cli/diagnostics.js';
import { writeTree } from '../../../cli/fsutil/write-tree.js';
import { snapshot } from './tree-snapshot.js';
import { capability } from '../../capability.js';

const root = mkdtempSync(join(tmpdir(), 'spectrum-mounts-'));
const mounted: string[] = [];
afterAll(() => {
  for (const point of mounted) execFileSync('umount', [point]);
  rmSync(root, { recursive: true, force: true });
});
function mountTmpfs(name: string, options: string): string | null {
  const point = join(root, name);
  mkdirSync(point);
  if (!capability('mounting a tmpfs', () => execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', point], { stdio: 'pipe' }))) return null;
  mounted.push(point);
  return point;
}
const full = mountTmpfs('full', 'size=64k');
const readOnly = mountTmpfs('ro', 'size=1m');

const MARK = '# owned\n';
const options = { isOwned: (head: string) => head.startsWith(MARK), scanDirs: ['vms'], redirect: 'pass a writable output directory with -o' };
const small = new Map([['default.nix', `${MARK}small`], ['vms/a.nix', `${MARK}a`]]);
const big = new Map([['default.nix', `${MARK}big`], ['vms/a.nix', `${MARK}${'a'.repeat(200_000)}`], ['vms/b.nix', `${MARK}b`]]);

describe.skipIf(!full)('writeTree on a full disk', () => {
  it('fails with a clear message and leaves the previous tree as it was', async () => {
    const dir = join(full!, 'out');
    await writeTree(dir, small, options);
    const before = snapshot(dir);
    const error = await writeTree(dir, big, options).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(new RegExp(`^could not write ${dir}: the disk is full \\(ENOSPC( on .*)?\\)\\. ${dir} was left as it was\\.$`));
    expect(error.hint).toBe('free some space and run the command again');
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['default.nix', 'vms']);
  });

  it('leaves no partial directory when the first write does not fit', async () => {
    const error = await writeTree(join(full!, 'fresh'), big, options).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(readdirSync(full!).sort()).toEqual(['out']);
  });
});

describe.skipIf(!readOnly)('writeTree on a read-only filesystem', () => {
  it('says so and changes nothing', async () => {
    // DIR is the mount point itself: a temporary directory beside it would be on another
    // filesystem, so this first write also shows the writer stays inside it.
    const dir = readOnly!;
    await writeTree(dir, small, options);
    await writeTree(dir, new Map([...small, ['vms/c.nix', `${MARK}c`]]), options);
    const before = snapshot(dir);
    execFileSync('mount', ['-o', 'remount,ro', readOnly!]);
    const error = await writeTree(dir, big, options).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(new RegExp(`^could not write ${dir}: the filesystem is read-only \\(EROFS on .*\\)\\. ${dir} was left as it was\\.$`));
    expect(error.hint).toBe('pass a writable output directory with -o');
    expect(snapshot(dir)).toEqual(before);
  });
});
