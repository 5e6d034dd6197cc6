// test/fixtures/library is a hand-kept generated tree (its VMs run on QEMU with fixed
// identities, for test/e2e/image.test.ts). When spectrum.vm gains an argument, the fixture
// must too, or the image e2e fails after minutes; this says so in a second.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nixEvalJson } from './nix-tools.js';

const REPO = resolve(__dirname, '../../..');
const VMS = join(REPO, 'test/fixtures/library/vms');

describe('the hand-kept library fixture', () => {
  it('passes spectrum.vm exactly the arguments modules/vm.nix takes', () => {
    const files = readdirSync(VMS).filter((f) => f.endsWith('.nix'));
    expect(files.length).toBeGreaterThan(0);
    const result = nixEvalJson(
      `let takes = builtins.attrNames (builtins.functionArgs (import ${join(REPO, 'modules/vm.nix')} { pkgs = null; scripts = null; rootfs = null; shared = null; vmModules = null; })); ` +
        `passed = f: builtins.attrNames (import f { spectrum.vm = args: args; }); in ` +
        `{ inherit takes; files = builtins.listToAttrs (map (f: { name = f; value = passed (${VMS} + "/\${f}"); }) ${JSON.stringify(files).replaceAll(',', ' ')}); }`,
    ) as { takes: string[]; files: Record<string, string[]> };
    for (const f of files) expect(result.files[f], f).toEqual(result.takes);
  });
});
