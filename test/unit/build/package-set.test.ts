import { describe, expect, it } from 'vitest';
import { choosePackageSet, packageSetArgs } from '../../../cli/build/package-set.js';

describe('package set choice', () => {
  it('defaults to nixpkgs where <nixpkgs> resolves, else to host with a note', () => {
    expect(choosePackageSet({}, true)).toEqual({ set: 'nixpkgs', note: null });
    const host = choosePackageSet({}, false);
    expect(host.set).toBe('host');
    expect(host.note).toMatch(/<nixpkgs> is not on NIX_PATH/);
  });

  it('takes the set the user asked for; nixpkgs is the pinned one, needing no NIX_PATH', () => {
    expect(choosePackageSet({ pkgs: 'host' }, true)).toEqual({ set: 'host', note: null });
    expect(choosePackageSet({ pkgs: 'nixpkgs' }, false)).toEqual({ set: 'nixpkgs', note: null });
  });

  it('passes the set, builders and substituters to nix-build', () => {
    expect(packageSetArgs('host', {})).toEqual(['--argstr', 'pkgsSet', 'host']);
    expect(packageSetArgs('nixpkgs', { builders: 'ssh://b x86_64-linux', substituters: 'https://c.example' })).toEqual([
      '--argstr', 'pkgsSet', 'nixpkgs',
      '--option', 'builders', 'ssh://b x86_64-linux',
      '--option', 'substituters', 'https://c.example',
    ]);
  });

  it('refuses remote builders and caches for host-set builds', () => {
    expect(() => packageSetArgs('host', { builders: '' })).toThrow('--builders cannot be used with the host package set');
    expect(() => packageSetArgs('host', { builders: 'b', substituters: 's' })).toThrow('--builders and --substituters cannot');
  });
});
