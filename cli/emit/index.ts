// The emit stage: a resolved Topology in, the generated Nix tree out (as data; writing it
// is cli/fsutil's job). The only stage that knows Nix syntax.
import type { Topology } from '../topology/types.js';
import { DEFAULT_OUT_DIR, generatedHeader, type HeaderContext } from './header.js';
import { libraryFiles } from './library.js';
import { flakeLock, nixpkgsPin } from './flake-lock.js';
import { compareNames } from '../topology/language/names.js';
import { render } from './templates.js';
import { firewallFile, firewallRules } from './firewall.js';
import { defaultView, flakeView, hostView, liveImageView, sortedVms, vmFile, vmView } from './view.js';

export { DEFAULT_OUT_DIR, isSpectrumOwned } from './header.js';
export { checkTree, writeTree } from './output.js';

export interface EmitOptions {
  /** The output directory as the user named it; only the headers' regenerate command shows it. */
  outDir?: string;
  /** The topology is the bundled default: headers say so instead of naming its path. */
  bundledDefault?: boolean;
}

/** Relative path -> content of every file of the generated tree, sorted by path. */
export function emitTree(topology: Topology, options: EmitOptions = {}): Map<string, string> {
  const ctx: HeaderContext = { source: options.bundledDefault ? null : topology.source, outDir: options.outDir ?? DEFAULT_OUT_DIR };
  const header = generatedHeader(ctx);
  const pin = nixpkgsPin();
  const files = new Map<string, string>([
    ['default.nix', header + render('default', defaultView(topology))],
    ['flake.nix', header + render('flake', flakeView(topology, pin.url))],
    ['flake.lock', flakeLock(pin, header)],
    ['host.nix', header + render('host', hostView(topology))],
    ['live-image.nix', header + render('live-image', liveImageView(topology))],
    ...libraryFiles(),
  ]);
  for (const vm of sortedVms(topology)) {
    files.set(vmFile(vm.name), header + render('vm', vmView(vm, topology)));
    if (vm.role === 'net') files.set(firewallFile(vm), header + firewallRules(vm, topology));
  }
  return new Map([...files].sort(([a], [b]) => compareNames(a, b)));
}
