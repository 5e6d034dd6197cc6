// `spectrum generate` and `spectrum build` as a user runs them, on a filesystem that is full
// (a small tmpfs filled up, in bytes or in inodes) and on one remounted read-only: one clear
// paragraph, exit 1, the previous output as it was, nothing left behind, and a next run that
// succeeds once there is room. The writer itself is tested on such mounts in
// test/unit/emit/write-tree-mounts.test.ts; flash --to-file in test/e2e/flash.test.ts.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capability } from '../capability.js';
import { campaignWorkspace, leftoverFiles, runSpectrum } from './helpers/fault-campaign.js';
import { outLink, treeDigest } from './helpers/fault-subjects.js';

const MINIMAL = resolve(__dirname, '../../examples/minimal/topology.nix');
const root = mkdtempSync(join(tmpdir(), 'spectrum-full-ro-'));
const mounted: string[] = [];
afterAll(() => {
  for (const point of mounted) execFileSync('umount', [point]);
  rmSync(root, { recursive: true, force: true });
});

/** A tmpfs of its own, as the workspace of one case (its TMPDIR stays outside, on /tmp). */
function mountWorkspace(name: string, options: string) {
  const point = join(root, name);
  mkdirSync(point);
  if (!capability('mounting a tmpfs', () => execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', point], { stdio: 'pipe' }))) return null;
  mounted.push(point);
  copyFileSync(MINIMAL, join(point, 'a.nix'));
  writeFileSync(join(point, 'b.nix'), '{ name = "fault-campaign"; vmm = "qemu"; vms.work = { description = "the fault campaign\'s second topology"; }; }\n');
  const ws = campaignWorkspace(mkdtempSync(join(root, `${name}-tmp-`)));
  return { point, ws: { ...ws, cwd: point, env: { ...ws.env, XDG_CACHE_HOME: join(point, '.cache') } } };
}

/** Fills the filesystem at `point`: its bytes, then (where it has a limit) its inodes. */
function fill(point: string): void {
  const free = statfsSync(point);
  try {
    writeFileSync(join(point, 'filler'), Buffer.alloc(Number(free.bavail * free.bsize)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  mkdirSync(join(point, 'inodes'));
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(point, 'inodes', String(i)), '');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw err;
    }
  }
}

/** One paragraph: spectrum's message and maybe a hint, no stack, no "please report". */
function expectOneParagraph(stderr: string, message: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines[0], stderr).toMatch(message);
  expect(lines.slice(1).every((l) => /^ {2}hint: /.test(l)), stderr).toBe(true);
  expect(stderr).not.toMatch(/please report|^\s+at /m);
}

const generate = (ws: ReturnType<typeof campaignWorkspace>, file: string) => runSpectrum(ws, ['generate', file, '-o', 'out']);
const build = (ws: ReturnType<typeof campaignWorkspace>, file: string) => runSpectrum(ws, ['build', 'live-image', file, '--pkgs', 'host']);

describe('spectrum generate on a full and on a read-only filesystem', () => {
  it('says the disk is full, keeps the previous tree and leaves nothing', async () => {
    const m = mountWorkspace('generate-full', 'size=2m,nr_inodes=400');
    if (!m) return;
    expect((await generate(m.ws, 'a.nix')).code).toBe(0);
    const before = treeDigest(join(m.point, 'out'));
    fill(m.point);
    const r = await generate(m.ws, 'b.nix');
    expect(r.code, r.stderr).toBe(1);
    expectOneParagraph(r.stderr, /^spectrum: could not write out: the disk is full \(ENOSPC( on .*)?\)\. out was left as it was\.$/);
    expect(treeDigest(join(m.point, 'out'))).toBe(before);
    expect(leftoverFiles(m.ws, [m.point])).toEqual([]);
    rmSync(join(m.point, 'filler'));
    rmSync(join(m.point, 'inodes'), { recursive: true });
    expect((await generate(m.ws, 'b.nix')).code).toBe(0);
    expect(treeDigest(join(m.point, 'out'))).not.toBe(before);
  });

  it('says the filesystem is read-only and keeps the previous tree', async () => {
    const m = mountWorkspace('generate-ro', 'size=4m');
    if (!m) return;
    expect((await generate(m.ws, 'a.nix')).code).toBe(0);
    const before = treeDigest(join(m.point, 'out'));
    execFileSync('mount', ['-o', 'remount,ro', m.point]);
    const r = await generate(m.ws, 'b.nix');
    expect(r.code, r.stderr).toBe(1);
    expectOneParagraph(r.stderr, /^spectrum: could not write out: the filesystem is read-only \(EROFS( on .*)?\)\. out was left as it was\.$/);
    expect(treeDigest(join(m.point, 'out'))).toBe(before);
    expect(leftoverFiles(m.ws, [m.point])).toEqual([]);
    execFileSync('mount', ['-o', 'remount,rw', m.point]);
    expect((await generate(m.ws, 'b.nix')).code).toBe(0);
  });
});

describe('spectrum build on a full and on a read-only filesystem (out link and build cache on it)', () => {
  it('says the disk is full, whether the Nix tree or only the out link needs room, and keeps ./result', async () => {
    const m = mountWorkspace('build-full', 'size=4m,nr_inodes=400');
    if (!m) return;
    expect((await build(m.ws, 'a.nix')).code).toBe(0);
    const result = outLink(join(m.point, 'result'));
    fill(m.point);
    // b.nix: its Nix tree must be written first, and that fails.
    const tree = await build(m.ws, 'b.nix');
    expect(tree.code, tree.stderr).toBe(1);
    expectOneParagraph(tree.stderr, /^spectrum: could not write .*\/\.cache\/spectrum\/build\/fault-campaign-\w+: the disk is full \(ENOSPC( on .*)?\)\. .* was left as it was\.$/);
    // a.nix: its tree is up to date, and no out link can be made: said before nix builds anything.
    const link = await build(m.ws, 'a.nix');
    expect(link.code, link.stderr).toBe(1);
    expectOneParagraph(link.stderr, /^spectrum: could not write .*\/result: the disk is full \(ENOSPC on .*\/\.result\.spectrum-tmp-\d+\)\. .*\/result was left as it was\.$/);
    expect(link.stderr).toContain('hint: free some space and run the command again');
    expect(outLink(join(m.point, 'result'))).toBe(result);
    expect(readdirSync(m.point).sort()).toEqual(['.cache', 'a.nix', 'b.nix', 'filler', 'inodes', 'result']);
    expect(leftoverFiles(m.ws, [m.point])).toEqual([]);
    rmSync(join(m.point, 'filler'));
    rmSync(join(m.point, 'inodes'), { recursive: true });
    expect((await build(m.ws, 'b.nix')).code).toBe(0);
    expect(readlinkSync(join(m.point, 'result'))).not.toBe(result);
  });

  it('says the filesystem is read-only, for the Nix tree and for the out link, and keeps ./result', async () => {
    const m = mountWorkspace('build-ro', 'size=8m');
    if (!m) return;
    expect((await build(m.ws, 'a.nix')).code).toBe(0);
    const result = outLink(join(m.point, 'result'));
    execFileSync('mount', ['-o', 'remount,ro', m.point]);
    const tree = await build(m.ws, 'b.nix');
    expect(tree.code, tree.stderr).toBe(1);
    expectOneParagraph(tree.stderr, /^spectrum: could not write .*: the filesystem is read-only \(EROFS( on .*)?\)\. .* was left as it was\.$/);
    const link = await build(m.ws, 'a.nix');
    expect(link.code, link.stderr).toBe(1);
    expectOneParagraph(link.stderr, /^spectrum: could not write .*\/result: the filesystem is read-only \(EROFS on .*\)\. .*\/result was left as it was\.$/);
    expect(link.stderr).toContain('hint: pass another out link with -o');
    expect(outLink(join(m.point, 'result'))).toBe(result);
    expect(leftoverFiles(m.ws, [m.point])).toEqual([]);
    execFileSync('mount', ['-o', 'remount,rw', m.point]);
    expect((await build(m.ws, 'b.nix')).code).toBe(0);
  });
});
