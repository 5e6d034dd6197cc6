// `spectrum build TARGET [FILE]`: generate the Nix tree and build a target of it with nix.
import { Option, type Command } from 'commander';
import { isAbsolute, relative } from 'node:path';
import type { Interrupt } from '../interrupt.js';
import type { PackageSetName } from '../nix/env.js';
import { TARGET_USAGE } from '../build/targets.js';
import { term } from '../output/term.js';
import { colourWanted } from '../output/colour.js';
import { bundledNotice } from './common.js';

export interface BuildArgs {
  target: string;
  file?: string;
  pkgs?: PackageSetName;
  builders?: string;
  substituters?: string;
  outLink: string;
  verbose: boolean;
  json: boolean;
}

/** Returns the exit code: 0 built, 1 invalid topology, 130 or 143 interrupted; throws other errors. */
export async function runBuild(args: BuildArgs, cwd = process.cwd()): Promise<number> {
  const { build } = await import('../build/pipeline.js');
  const { withInterrupts } = await import('../interrupt.js');
  const { BUILD_JSON_VERSION, formatSummary, summaryJson } = await import('../build/summary.js');
  const { formatDiagnostic } = await import('../diagnostics-print.js');
  const { textFor } = await import('../topology/pipeline.js');
  const { Progress } = await import('../nix/progress.js');
  const { shellWord } = await import('../shell-word.js');
  const err = process.stderr;
  const progress = new Progress(err, {
    live: err.isTTY === true && !process.env.CI,
    buildLogs: args.verbose,
    columns: err.columns,
  });
  let interrupt: Interrupt | undefined;
  let source = '';
  let diagnostics: unknown[] = [];
  try {
    const summary = await withInterrupts((i) => {
      interrupt = i;
      return build({ ...args, cwd, env: process.env, signal: i.signal }, {
        topology(checked, file) {
          source = file.shown;
          if (file.bundledDefault) err.write(bundledNotice('building', file.shown));
          diagnostics = checked.diagnostics;
          for (const d of checked.diagnostics) err.write(`${formatDiagnostic(d, textFor(checked, d), colourWanted(err))}\n`);
        },
        note: (text) => err.write(`spectrum: ${text}\n`),
        spawn: (command) => args.verbose && err.write(`$ ${command.map(shellWord).join(' ')}\n`),
        event: (event, state) => progress.update(event, state),
      });
    });
    progress.stop();
    if (!summary) {
      err.write(term`spectrum: ${source} is invalid; nothing was built\n`);
      if (args.json) process.stdout.write(`${JSON.stringify({ version: BUILD_JSON_VERSION, built: false, diagnostics }, null, 2)}\n`);
      return 1;
    }
    const shown = { ...summary, links: summary.links.map((l) => display(l, cwd)) };
    process.stdout.write(args.json ? summaryJson(shown) : formatSummary(shown));
    if (!interrupt?.received()) return 0;
    // Too late to stop (the out link was being made): built, but a script the user stopped stops.
    err.write('spectrum: interrupted as it finished; the out link was made\n');
    return interrupt.exitCode();
  } catch (error) {
    progress.stop();
    if (!interrupt?.received()) throw error;
    err.write(`spectrum: interrupted; nix was stopped and no out link was made\n`);
    return interrupt.exitCode();
  }
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('Generate the Nix tree of a topology and build a target of it with nix, showing progress')
    .argument('<target>', TARGET_USAGE)
    .argument('[file]', 'topology file (.nix, .yaml, .yml, .json); default: topology.* here, else the bundled default')
    .addOption(
      new Option('--pkgs <set>', 'package set: nixpkgs (default where <nixpkgs> is on NIX_PATH) or host (this machine\'s tools; the default elsewhere)')
        .choices(['host', 'nixpkgs']),
    )
    .option('--builders <spec>', 'remote builders, passed to nix as its `builders` option (nixpkgs set only)')
    .option('--substituters <urls>', 'binary caches, passed to nix as its `substituters` option (nixpkgs set only)')
    .option('-o, --out-link <path>', 'symlink to the result, made only when the build succeeded', 'result')
    .option('--verbose', 'print the nix commands and every build log line')
    .option('--json', 'print the result as JSON on stdout (docs/build-run.md); progress stays on stderr')
    .action(async (target: string, file: string | undefined, flags: Omit<BuildArgs, 'target' | 'file' | 'verbose' | 'json'> & { verbose?: boolean; json?: boolean }) => {
      process.exitCode = await runBuild({ ...flags, target, file, verbose: flags.verbose === true, json: flags.json === true });
    });
}

/** A link as the user would type it: relative to where they are. */
function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : `./${rel}`;
}
