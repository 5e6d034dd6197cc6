// `spectrum plan [FILE] [--against FILE|REV]`: what a topology change does before it is built.
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../diagnostics.js';
import type { PackageSetName } from '../nix/env.js';
import { loadValid, stdio, type Output } from './common.js';

/** `plan`'s exit code when the topology changed (as `terraform plan -detailed-exitcode`'s 2, which is usage here). */
export const EXIT_CHANGES = 3;

export interface PlanOptions {
  against?: string;
  json: boolean;
  pkgs?: PackageSetName;
}

/** Returns the exit code: 0 no change, 3 changes, 1 invalid topology (either version). */
export async function runPlan(file: string | undefined, opts: PlanOptions, io: Output, cwd = process.cwd()): Promise<number> {
  const { findTopologyFile } = await import('../topology/load/index.js');
  const { previousVersion } = await import('../plan/against.js');
  const { diffTopologies, isEmpty } = await import('../plan/diff.js');
  const { plannedOutputs } = await import('../plan/rebuilds.js');
  const { planJson, planText } = await import('../plan/print.js');
  const { nixpkgsOnPath } = await import('../nix/runner.js');
  const { choosePackageSet, packageSetArgs } = await import('../build/package-set.js');
  const found = findTopologyFile(cwd, file);
  if (found.bundledDefault) throw new UserError('there is no topology file here to plan a change of', 'name one: spectrum plan FILE, or run it where topology.nix is');
  const previous = await previousVersion(found.path, opts.against, cwd);
  try {
    const sides = [];
    for (const [path, shown] of [[previous.path, previous.shown], [found.path, found.shown]] as const) {
      const topology = await loadValid(path, shown, io, 'planned');
      if (!topology) return 1;
      sides.push(topology);
    }
    const [before, after] = sides as [NonNullable<(typeof sides)[0]>, NonNullable<(typeof sides)[0]>];
    const diff = diffTopologies(before, after);
    let outputs = null;
    if (!isEmpty(diff)) {
      const probe = { set: 'host' as const };
      const { set, note } = choosePackageSet({ pkgs: opts.pkgs }, opts.pkgs === 'host' ? false : await nixpkgsOnPath(probe));
      if (note) io.err(`spectrum: ${note}\n`);
      outputs = await plannedOutputs(before, after, packageSetArgs(set, {}), { set });
    }
    const plan = { file: found.shown, against: previous.shown, diff, outputs };
    io.out(opts.json ? planJson(plan) : planText(plan));
    return outputs === null ? 0 : EXIT_CHANGES;
  } finally {
    await previous.cleanup();
  }
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('Show what a topology change does before building it: VMs added, removed, changed; derived values that move; build outputs rebuilt')
    .argument('[file]', 'topology file (.nix, .yaml, .yml, .json); default: topology.* here')
    .option('--against <file-or-rev>', 'the earlier version: a file, or a git revision of FILE (default: HEAD)')
    .option('--json', 'print the plan as JSON (docs/plan.md) on stdout')
    .addOption(new Option('--pkgs <set>', 'package set whose derivations are compared (as spectrum build)').choices(['host', 'nixpkgs']))
    .action(async (file: string | undefined, flags: { against?: string; json?: boolean; pkgs?: PackageSetName }) => {
      process.exitCode = await runPlan(file, { against: flags.against, json: flags.json === true, pkgs: flags.pkgs }, stdio());
    });
}
