import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDir } from '../../../cli/build/build-dir.js';
import { formatSummary, readImageInfo } from '../../../cli/build/summary.js';
import { ToolError } from '../../../cli/diagnostics.js';

const hash = 'ab'.repeat(32);

describe('build summary', () => {
  it('shows the link, image size and root hash of a live image', () => {
    const text = formatSummary({
      label: 'live-image',
      links: ['./result'],
      outPaths: ['/nix/store/x-live-image'],
      image: { name: 'default', rootHash: hash, imageBytes: 120 * 1024 * 1024, contentBytes: 100.5 * 1024 * 1024, vmsWithoutVmm: [] },
      buildDir: '/c/spectrum/build/default-1',
      seconds: 75.2,
    });
    expect(text).toBe(
      'built live-image in 1 min 15 s\n' +
        '  ./result -> /nix/store/x-live-image\n' +
        '  image      result/live.img: 120.0 MiB (content 100.5 MiB)\n' +
        `  root hash  ${hash}\n` +
        '  nix tree   /c/spectrum/build/default-1\n',
    );
  });

  it('lists every output of other targets', () => {
    const text = formatSummary({ label: 'host', links: ['r', 'r-2'], outPaths: ['/nix/store/a', '/nix/store/b'], image: null, buildDir: '/d', seconds: 2 });
    expect(text).toBe('built host in 2.0 s\n  r -> /nix/store/a\n  r-2 -> /nix/store/b\n  nix tree   /d\n');
  });

  it('rounds durations before splitting minutes and seconds', () => {
    const first = (seconds: number) => formatSummary({ label: 'host', links: [], outPaths: [], image: null, buildDir: '/d', seconds }).split('\n')[0];
    expect(first(119.7)).toBe('built host in 2 min 0 s');
    expect(first(59.96)).toBe('built host in 1 min 0 s');
    expect(first(59.94)).toBe('built host in 59.9 s');
  });

  it('reads spectrum.json and rejects one that does not describe an image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-'));
    const info = { name: 'default', rootHash: hash, imageBytes: 1, contentBytes: 1, vmsWithoutVmm: ['app'] };
    writeFileSync(join(dir, 'spectrum.json'), JSON.stringify(info));
    expect(await readImageInfo(dir)).toEqual(info);
    for (const bad of [{ rootHash: 'xyz' }, { vmsWithoutVmm: undefined }, { vmsWithoutVmm: [1] }]) {
      writeFileSync(join(dir, 'spectrum.json'), JSON.stringify({ ...info, ...bad }));
      await expect(readImageInfo(dir), JSON.stringify(bad)).rejects.toBeInstanceOf(ToolError);
    }
    await expect(readImageInfo(join(dir, 'none'))).rejects.toThrow(/has no readable/);
  });
});

describe('build directory', () => {
  it('is a cache directory per topology file', () => {
    const a = buildDir('/src/a/topology.nix', 'laptop', { XDG_CACHE_HOME: '/cache' });
    expect(a).toMatch(/^\/cache\/spectrum\/build\/laptop-[0-9a-f]{8}$/);
    expect(buildDir('/src/b/topology.nix', 'laptop', { XDG_CACHE_HOME: '/cache' })).not.toBe(a);
    expect(buildDir('/src/a/topology.nix', 'laptop', { HOME: '/home/u' })).toMatch(/^\/home\/u\/\.cache\/spectrum\/build\/laptop-/);
    expect(buildDir('/src/a/topology.nix', 'laptop', { XDG_CACHE_HOME: 'relative', HOME: '/h' })).toMatch(/^\/h\/\.cache\//);
  });
});
