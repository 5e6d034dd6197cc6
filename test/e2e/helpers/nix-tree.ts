// The Nix tree `spectrum generate` writes for a test topology, and nix-build/nix-instantiate
// of it with the host package set.
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nixEnv } from '../../../cli/nix/env.js';
import { spectrum, workspace } from '../cli.js';

const hostSet = ['--arg', 'pkgsSet', '"host"'];

/** Generates the topology whose text is `source` into `tree` of a fresh workspace; the tree. */
export async function generatedTree(prefix: string, source: string): Promise<string> {
  const ws = workspace(prefix);
  writeFileSync(join(ws.cwd, 'topology.nix'), source);
  const r = await spectrum(['generate', 'topology.nix', '-o', 'tree'], ws);
  if (r.exitCode !== 0) throw new Error(`spectrum generate failed:\n${r.all}`);
  return join(ws.cwd, 'tree');
}

/** Builds `attr` of the tree, leaving an out link `link` in it; the output path. */
export async function build(tree: string, attr: string, link: string): Promise<string> {
  const r = await execa('nix-build', [tree, '-A', attr, ...hostSet, '-o', join(tree, link)], { env: nixEnv('host'), reject: false });
  if (r.exitCode !== 0) throw new Error(`nix-build -A ${attr} failed:\n${r.stderr.slice(-4000)}`);
  return r.stdout.trim();
}

/** nix-build's exit code and stderr, for builds expected to fail. */
export async function buildExpression(expr: string): Promise<{ exitCode: number; stderr: string }> {
  const r = await execa('nix-build', ['--no-out-link', '-E', expr], { env: nixEnv('host'), reject: false });
  return { exitCode: r.exitCode ?? -1, stderr: r.stderr };
}

export async function instantiate(tree: string, attr: string): Promise<string> {
  const r = await execa('nix-instantiate', [tree, '-A', attr, ...hostSet], { env: nixEnv('host') });
  return r.stdout.trim();
}

/** Names (without store hash and .drv) of the derivations a build of `attr` would run. */
export async function wouldBuild(tree: string, attr: string): Promise<string[]> {
  const r = await execa('nix-build', [tree, '-A', attr, ...hostSet, '--dry-run'], { env: nixEnv('host') });
  const listed = r.stderr.split(/^these \d+ derivations will be built:$/m)[1] ?? '';
  return [...listed.matchAll(/^ {2}\/nix\/store\/[0-9a-z]{32}-(.+)\.drv$/gm)].map((m) => m[1]).sort();
}

/** Every derivation in the closure of `drv`. */
export async function closureDerivations(drv: string): Promise<string[]> {
  const r = await execa('nix-store', ['-qR', drv], { env: nixEnv('host') });
  return r.stdout.split('\n').filter((p) => p.endsWith('.drv'));
}

/** Rebuilds the derivations and compares the outputs with the ones already in the store. */
export async function check(drvs: string[]): Promise<{ exitCode: number; stderr: string }> {
  // --check needs a first output to compare with. A build-time tool (the cpio or ldd copy) may
  // have none: nix-build skips it when what it builds is still in the store, and garbage
  // collection removes it. Built once first, then every derivation is built again and compared.
  const first = await execa('nix-store', ['--realise', ...drvs], { env: nixEnv('host'), reject: false });
  if (first.exitCode !== 0) return { exitCode: first.exitCode ?? -1, stderr: first.stderr };
  const r = await execa('nix-store', ['--realise', '--check', ...drvs], { env: nixEnv('host'), reject: false });
  return { exitCode: r.exitCode ?? -1, stderr: r.stderr };
}
