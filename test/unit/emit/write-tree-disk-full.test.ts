// A real full disk: a 64 KiB tmpfs. Needs root (mount); the suite runs as root here and in CI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../cli/diagnostics.js';
import { writeTree } from '../../../cli/fsutil/write-tree.js';
import { snapshot } from './tree-snapshot.js';

const root = mkdtempSync(join(tmpdir(), 'spectrum-full-'));
const mountPoint = join(root, 'disk');
mkdirSync(mountPoint);
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
  mounted = true;
} catch (err) {
  console.warn(`disk-full test skipped: cannot mount a tmpfs (${(err as Error).message.split('\n')[0]})`);
}
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(root, { recursive: true, force: true });
});

const MARK = '# owned\n';
const options = { isOwned: (head: string) => head.startsWith(MARK), scanDirs: ['vms'] };
const small = new Map([['default.nix', `${MARK}small`], ['vms/a.nix', `${MARK}a`]]);
const big = new Map([['default.nix', `${MARK}big`], ['vms/a.nix', `${MARK}${'a'.repeat(200_000)}`], ['vms/b.nix', `${MARK}b`]]);

describe.skipIf(!mounted)('writeTree on a full disk', () => {
  it('fails with a clear message and leaves the previous tree as it was', async () => {
    const dir = join(mountPoint, 'out');
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
    const error = await writeTree(join(mountPoint, 'fresh'), big, options).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(readdirSync(mountPoint).sort()).toEqual(['out']);
  });
});
