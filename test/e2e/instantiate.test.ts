// The generated tree is a working Nix expression: for every example (and golden fixture
// case), `spectrum generate` from the built CLI, then nix-instantiate of every target with
// the host package set gives a .drv for each. Evaluation only; building is the build tests'.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopology } from '../../cli/topology/pipeline.js';
import { listCases } from '../unit/emit/examples.js';
import { nixInstantiate } from '../unit/emit/nix-tools.js';

const work = mkdtempSync(join(tmpdir(), 'spectrum-instantiate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(listCases())('$name', (example) => {
  it('instantiates live-image, host, kernel, initramfs, rootfs and every VM with the host set', async () => {
    const { topology } = await loadTopology(example.primary);
    const dir = join(work, example.name);
    execFileSync(process.execPath, ['bin/spectrum.js', 'generate', example.primary, '-o', dir], { stdio: 'pipe' });
    const targets = ['live-image', 'host', 'kernel', 'initramfs', 'rootfs', ...topology!.vms.map((vm) => `vms.${vm.name}`)];
    const drvs = nixInstantiate([dir, '--arg', 'pkgsSet', '"host"', ...targets.flatMap((t) => ['-A', t])]).trim().split('\n');
    expect(drvs).toHaveLength(targets.length);
    for (const [i, drv] of drvs.entries()) expect(drv, targets[i]).toMatch(/^\/nix\/store\/[0-9a-z]{32}-[^/]+\.drv$/);
    expect(new Set(drvs).size, 'every target its own derivation').toBe(targets.length);
  });
});

// A binary cache or another checkout can only reuse builds if derivations do not depend on
// where the tree was generated or what the topology file is called.
describe('derivations do not depend on paths', () => {
  it('gives the same live image derivation for a tree generated elsewhere from a renamed copy', () => {
    const drvOf = (name: string, file: string, out: string) => {
      const dir = join(work, name);
      execFileSync('mkdir', ['-p', dir]);
      execFileSync('cp', ['examples/default/topology.nix', join(dir, file)]);
      execFileSync(process.execPath, [join(process.cwd(), 'bin/spectrum.js'), 'generate', file, '-o', out], { cwd: dir, stdio: 'pipe' });
      return nixInstantiate([join(dir, out), '--arg', 'pkgsSet', '"host"', '-A', 'live-image']).trim();
    };
    expect(drvOf('paths-a', 'topology.nix', 'spectrum-out')).toBe(drvOf('paths-b', 'laptop.nix', 'elsewhere'));
  });
});
