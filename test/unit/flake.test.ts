// The project's flake, as far as it can be checked without fetching nixpkgs: it parses, its
// flake.lock answers its inputs (Nix itself checks, offline), and the package-lock it hands
// importNpmLock names, for every package, the URL npm really fetched it from.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { nixEnv } from '../../cli/nix/env.js';

const root = join(import.meta.dirname, '../..');
const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { env: nixEnv('host'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });

test('parses', () => {
  expect(() => run('nix-instantiate', ['--parse', join(root, 'flake.nix')])).not.toThrow();
});

const copy = mkdtempSync(join(tmpdir(), 'spectrum-flake-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

test('flake.lock pins the nixpkgs input without needing to re-lock (checked by nix, offline)', () => {
  for (const f of ['flake.nix', 'flake.lock', 'package.json', 'package-lock.json']) cpSync(join(root, f), join(copy, f));
  const meta = JSON.parse(run('nix', ['flake', 'metadata', '--offline', '--no-update-lock-file', '--json', `path:${copy}`]));
  const node = meta.locks.nodes.nixpkgs;
  expect(node.original).toEqual({ owner: 'NixOS', repo: 'nixpkgs', ref: 'nixos-24.11', type: 'github' });
  expect(node.locked.rev).toMatch(/^[0-9a-f]{40}$/);
  expect(node.locked.narHash).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
});

/** The package-lock the flake gives importNpmLock, evaluated with builtins-only stand-ins. */
function lockForImportNpmLock(): Record<string, { version?: string; resolved?: string }> {
  const expr = `
    let
      nixpkgs.legacyPackages.x86_64-linux = {
        buildNpmPackage = args: args;
        importNpmLock = { __functor = _: args: args; npmConfigHook = null; };
      };
      flake = (import ${join(root, 'flake.nix')}).outputs { self = { }; inherit nixpkgs; };
    in flake.packages.x86_64-linux.spectrum.npmDeps.packageLock.packages`;
  return JSON.parse(run('nix-instantiate', ['--eval', '--strict', '--json', '--expr', expr]));
}

test('every locked package is fetched from the URL npm itself used', () => {
  const packages = lockForImportNpmLock();
  const installed = Object.keys(JSON.parse(readFileSync(join(root, 'node_modules/.package-lock.json'), 'utf8')).packages);
  // npm's cache index names each tarball by the URL it was fetched from.
  const index = join(homedir(), '.npm/_cacache/index-v5');
  const fetched = new Set<string>();
  for (const file of readdirSync(index, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    for (const m of readFileSync(join(file.parentPath, file.name), 'utf8').matchAll(/request-cache:(https:[^"]+\.tgz)"/g)) {
      fetched.add(m[1]!);
    }
  }
  expect(installed.length, 'node_modules installed by npm ci (scripts/setup.sh)').toBeGreaterThan(50);
  for (const path of installed) {
    expect(fetched, `npm fetched ${path} from ${packages[path]?.resolved}`).toContain(packages[path]?.resolved);
  }
  for (const [path, entry] of Object.entries(packages)) {
    if (path !== '') expect(entry.resolved, path).toMatch(/^https:\/\/registry\.npmjs\.org\/.+\.tgz$/);
  }
});
