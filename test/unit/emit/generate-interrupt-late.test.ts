// Ctrl-C that lands once generate has begun moving files into place: the renames finish (a
// half-moved tree would be worse), and the exit is still 130, saying the tree was written,
// so that a script the user stopped stops. Found by the fault campaign, where such a SIGINT
// gave exit 0. The first rename into the output directory raises the signal here.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.js';
import { snapshot } from './tree-snapshot.js';

const hooks = vi.hoisted(() => ({ onRename: null as (() => void) | null }));
vi.mock('node:fs/promises', async (original) => {
  const fsp = await original<typeof import('node:fs/promises')>();
  return {
    ...fsp,
    rename: (from: string, to: string) => {
      const hook = hooks.onRename;
      hooks.onRename = null;
      hook?.();
      return fsp.rename(from, to);
    },
  };
});

const cwd = mkdtempSync(join(tmpdir(), 'spectrum-generate-late-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('spectrum generate, interrupted while committing', () => {
  it('finishes the tree, says so and exits 130', async () => {
    cpSync('examples/default/topology.nix', join(cwd, 'topology.nix'));
    const out = join(cwd, 'spectrum-out');
    const args = ['node', 'spectrum', 'generate', join(cwd, 'topology.nix'), '-o', out];
    expect(await main(args)).toBe(0);
    writeFileSync(join(cwd, 'topology.nix'), readFileSync(join(cwd, 'topology.nix'), 'utf8').replace('"2G"', '"3G"'));
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    hooks.onRename = () => process.emit('SIGINT');
    try {
      expect(await main(args)).toBe(130);
    } finally {
      process.stderr.write = write;
      process.exitCode = undefined;
    }
    expect(stderr).toBe(`spectrum: interrupted as it finished; ${out} was written whole\n`);
    // Whole and new: what an uninterrupted run gives.
    const written = snapshot(out);
    expect(await main(args)).toBe(0);
    expect(snapshot(out)).toEqual(written);
    expect(readFileSync(join(out, 'vms/browser.nix'), 'utf8')).toContain('3072');
  });
});
