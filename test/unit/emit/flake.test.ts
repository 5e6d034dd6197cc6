// The flake cannot be evaluated for real here (nixpkgs is out of reach), but its shape can:
// the input pins a revision, and packages name every target without forcing any of them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { emitTree } from '../../../cli/nix/emit/index.js';
import { nixEvalJson } from './nix-tools.js';
import { smallTopology } from './topologies.js';

const work = mkdtempSync(join(tmpdir(), 'spectrum-flake-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('pins nixpkgs by revision and offers every target as a package', () => {
  for (const [path, content] of emitTree(smallTopology())) {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  const flake = nixEvalJson(
    'let flake = import ./flake.nix; outputs = flake.outputs { self = null; nixpkgs = null; }; in ' +
      '{ url = flake.inputs.nixpkgs.url; systems = builtins.attrNames outputs.packages; packages = builtins.attrNames outputs.packages.x86_64-linux; }',
    work,
  );
  expect(flake).toEqual({
    url: expect.stringMatching(/^github:NixOS\/nixpkgs\/[0-9a-f]{40}$/),
    systems: ['x86_64-linux'],
    packages: ['default', 'host', 'initramfs', 'kernel', 'live-image', 'rootfs', 'vm-browser', 'vm-notes', 'vm-sys-net'],
  });
});
