// The nixpkgs package set, as far as it can be checked without nixpkgs (no network here):
// it parses, offers exactly the attributes of the host set (the interface the library is
// written against), looks `packages` up as attribute paths with one clear error, and
// configures kernel options that exist in a real kernel.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { nixEnv } from '../../cli/nix/env.js';

const root = join(import.meta.dirname, '../..');
const standin = join(root, 'test/fixtures/nixpkgs-standin');
const nixpkgsSet = join(root, 'modules/pkgs/nixpkgs.nix');

function nix(args: string[]): { ok: boolean; out: string; err: string } {
  try {
    const out = execFileSync('nix-instantiate', args, { env: nixEnv('host'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out, err: '' };
  } catch (e) {
    const { stdout, stderr } = e as { stdout: string; stderr: string };
    return { ok: false, out: stdout, err: stderr };
  }
}

const evalJson = (expr: string): unknown => {
  const r = nix(['--eval', '--strict', '--json', '--expr', expr]);
  if (!r.ok) throw new Error(r.err);
  return JSON.parse(r.out);
};

const withStandin = (body: string) => `(import ${nixpkgsSet} { nixpkgs = ${standin}; })${body}`;

test('parses', () => {
  expect(nix(['--parse', nixpkgsSet]).err).toBe('');
});

test('offers exactly the attributes of the host set', () => {
  const host = evalJson(`builtins.attrNames (import ${join(root, 'modules/pkgs/host.nix')} { })`);
  const nixpkgs = evalJson(`builtins.attrNames ${withStandin('')}`);
  expect(nixpkgs).toEqual(host);
  const vmms = (set: string) => evalJson(`builtins.attrNames ${set}.vmms`);
  expect(vmms(withStandin(''))).toEqual(vmms(`(import ${join(root, 'modules/pkgs/host.nix')} { })`));
});

describe('programs', () => {
  test('finds attribute paths, nested ones too', () => {
    expect(
      evalJson(withStandin('.programs { vm = "browser"; names = [ "firefox" "python3Packages.requests" ]; }')),
    ).toEqual({
      name: 'vm-browser-programs',
      // Derivations print as their store paths.
      paths: ['/nix/store/standin-firefox', '/nix/store/standin-requests'],
    });
  });

  test('names every missing package and the VM in one error', () => {
    const names = '[ "firefox" "nope" "python3Packages" "netsurf" "firefox.bin" "" ]';
    const r = nix(['--eval', '--strict', '--expr', withStandin(`.programs { vm = "browser"; names = ${names}; }`)]);
    expect(r.ok).toBe(false);
    expect(r.err).toContain(
      'spectrum: VM browser asks for packages that nixpkgs does not have: nope, python3Packages, netsurf, firefox.bin, ',
    );
  });
});

test('without nixpkgs it says how to pass it', () => {
  const r = nix(['--eval', '--expr', `(import ${nixpkgsSet} { nixpkgs = null; }).kernel`]);
  expect(r.ok).toBe(false);
  expect(r.err).toContain('the nixpkgs package set needs nixpkgs');
});

test('every kernel option it sets exists in a real kernel configuration', () => {
  // Debian's cloud kernel (scripts/setup.sh installs it) has no DRM at all, so the DRM
  // driver's symbol is absent there though it exists in Linux.
  const absentFromCloudKernel = new Set(['DRM_VIRTIO_GPU']);
  const options = [...readFileSync(nixpkgsSet, 'utf8').matchAll(/^\s+([A-Z0-9_]+) = (?:module|yes);$/gm)].map((m) => m[1]!);
  expect(options.length).toBeGreaterThan(20);
  const configFile = readdirSync('/boot').find((f) => f.startsWith('config-'));
  expect(configFile, 'a kernel config in /boot (Debian package linux-image-cloud-amd64)').toBeDefined();
  const config = readFileSync(join('/boot', configFile!), 'utf8');
  for (const option of options.filter((o) => !absentFromCloudKernel.has(o))) {
    expect(config, option).toMatch(new RegExp(`^(CONFIG_${option}=|# CONFIG_${option} is not set)`, 'm'));
  }
});
