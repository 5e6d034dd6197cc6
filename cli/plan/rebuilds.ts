// Which build outputs a topology change rebuilds, read from the derivations Nix computes for
// both generated trees rather than guessed: an output whose derivation differs is rebuilt.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitTree, writeTree } from '../emit/index.js';
import type { Topology } from '../topology/types.js';
import { nixInstantiate, type NixRunOptions } from '../nix/runner.js';

export type OutputChange = 'rebuilt' | 'added' | 'removed' | 'unchanged';

export interface OutputPlan {
  /** A `spectrum build` target: live-image, host, kernel, initramfs, rootfs or vm:<name>. */
  target: string;
  change: OutputChange;
}

const SHARED = ['live-image', 'host', 'kernel', 'initramfs', 'rootfs'];

const attrsOf = (topology: Topology): Map<string, string> =>
  new Map([...SHARED.map((t) => [t, t] as const), ...topology.vms.map((vm) => [`vm:${vm.name}`, `vms.${vm.name}`] as const)]);

export async function plannedOutputs(before: Topology, after: Topology, args: readonly string[], nix: NixRunOptions): Promise<OutputPlan[]> {
  const work = await mkdtemp(join(tmpdir(), 'spectrum-plan-'));
  try {
    const derivations = async (topology: Topology, side: string): Promise<Map<string, string>> => {
      const dir = join(work, side);
      await writeTree(dir, emitTree(topology, { outDir: dir }), { redirect: 'set TMPDIR to a writable directory', signal: nix.signal });
      const attrs = attrsOf(topology);
      const drvs = await nixInstantiate(dir, [...attrs.values()], args, nix);
      return new Map([...attrs.keys()].map((target, i) => [target, drvs[i]!]));
    };
    const old = await derivations(before, 'before');
    const now = await derivations(after, 'after');
    const targets = [...new Set([...now.keys(), ...old.keys()])];
    return targets.map((target) => ({
      target,
      change: !old.has(target) ? 'added' : !now.has(target) ? 'removed' : old.get(target) === now.get(target) ? 'unchanged' : 'rebuilt',
    }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
