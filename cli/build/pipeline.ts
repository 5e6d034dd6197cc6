// `spectrum build` as one function: load -> validate -> resolve -> emit into the build
// directory -> nix-build -> out links. Printing is the caller's (through `BuildReport`).
import { resolve } from 'node:path';
import { term } from '../output/term.js';
import { findTopologyFile, type TopologyFile } from '../topology/load/index.js';
import { loadTopology, type Checked } from '../topology/pipeline.js';
import { emitTree, writeTree } from '../emit/index.js';
import type { NixEvent } from '../nix/log.js';
import type { BuildState } from '../nix/log-state.js';
import { nixBuild, nixpkgsOnPath, type NixRunOptions } from '../nix/runner.js';
import { storeDir, type PackageSetName } from '../nix/env.js';
import { buildDir } from './build-dir.js';
import { OutLinks } from './out-link.js';
import { choosePackageSet, packageSetArgs } from './package-set.js';
import { readImageInfo, type BuildSummary } from './summary.js';
import { resolveTarget, targetAttr, targetLabel } from './targets.js';
import { vmmMissingWarnings } from './vmm-missing.js';

/** The build's Nix tree is not the user's to place (-o is the out link): its hints name the cache. */
const REDIRECT = 'set XDG_CACHE_HOME to a writable directory (spectrum build writes its Nix tree under it)';

export interface BuildRequest {
  target: string;
  file?: string;
  cwd: string;
  pkgs?: PackageSetName;
  builders?: string;
  substituters?: string;
  /** The final out link, relative to `cwd` or absolute. */
  outLink: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export interface BuildReport {
  /** The topology as loaded, with its diagnostics (warnings on success). */
  topology(checked: Checked, file: TopologyFile): void;
  note(text: string): void;
  spawn(command: readonly string[]): void;
  event(event: NixEvent, state: BuildState): void;
}

/** Builds the target; null when the topology is invalid (its diagnostics were reported). */
export async function build(req: BuildRequest, report: BuildReport): Promise<BuildSummary | null> {
  const started = Date.now();
  const found = findTopologyFile(req.cwd, req.file);
  const checked = await loadTopology(found.path, found.shown);
  report.topology(checked, found);
  const topology = checked.topology;
  if (!topology) return null;
  const target = resolveTarget(req.target, topology.vms.map((vm) => vm.name));

  const probe: NixRunOptions = { set: 'host', env: req.env, signal: req.signal };
  const choice = choosePackageSet(req, req.pkgs === 'host' ? false : await nixpkgsOnPath(probe));
  if (choice.note) report.note(choice.note);
  const args = packageSetArgs(choice.set, req);

  const dir = buildDir(found.path, topology.name, req.env);
  await writeTree(dir, emitTree(topology, { outDir: dir, bundledDefault: found.bundledDefault }), { redirect: REDIRECT, signal: req.signal });

  const nix: NixRunOptions = { set: choice.set, env: req.env, signal: req.signal, onEvent: report.event, onSpawn: report.spawn };
  const links = new OutLinks(resolve(req.cwd, req.outLink), storeDir(req.env));
  for (const path of await links.removeLeftovers()) report.note(term`removed ${path}, left by a build that was killed`);
  try {
    await links.reserve('pass another out link with -o');
    const label = targetLabel(target);
    const outPaths = await nixBuild({ file: dir, attr: targetAttr(target), args, outLink: links.temp, what: label }, nix);
    const image = target.kind === 'live-image' ? await readImageInfo(outPaths[0]) : null;
    for (const warning of vmmMissingWarnings(target, outPaths[0], image, topology)) report.note(warning);
    // Not stopped part way: it takes milliseconds, and a stop could come after a link was made
    // and then report that none was.
    const made = await links.promote(outPaths, { ...nix, onEvent: undefined, signal: undefined });
    return { label, links: made, outPaths, image, buildDir: dir, seconds: (Date.now() - started) / 1000 };
  } finally {
    await links.cleanup();
  }
}
