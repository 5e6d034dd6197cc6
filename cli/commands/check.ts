// `spectrum check [FILE]`: validate a topology and print every diagnostic.
import type { Command } from 'commander';
import { hasErrors } from '../diagnostics.js';
import { term } from '../output/term.js';
import { bundledNotice, stdio, type Output } from './common.js';

// Past this many, more diagnostics on a terminal help nobody; --json has them all.
const MAX_PRINTED = 50;

/** Returns the exit code: 0 when the topology is valid (warnings allowed), 1 otherwise. */
export async function runCheck(file: string | undefined, json: boolean, io: Output, hardware?: string): Promise<number> {
  const { findTopologyFile } = await import('../topology/load/index.js');
  const { loadTopology, textFor } = await import('../topology/pipeline.js');
  const { formatDiagnostic, summarize } = await import('../diagnostics-print.js');
  const found = findTopologyFile(process.cwd(), file);
  if (found.bundledDefault) io.err(bundledNotice('checking', found.shown));
  const checked = await loadTopology(found.path, found.shown, hardware);
  const { diagnostics } = checked;
  const valid = !hasErrors(diagnostics);
  if (json) {
    io.out(`${JSON.stringify({ diagnostics, valid }, null, 2)}\n`);
    return valid ? 0 : 1;
  }
  for (const d of diagnostics.slice(0, MAX_PRINTED)) io.err(`${formatDiagnostic(d, textFor(checked, d), io.colour)}\n`);
  if (diagnostics.length > MAX_PRINTED) {
    io.err(`… and ${diagnostics.length - MAX_PRINTED} more (run with --json to see all)\n`);
  }
  const against = checked.hardware ? term` against ${checked.hardware.file}` : '';
  io.err(`${term`${found.shown}`}${against}: ${valid ? 'valid' : 'invalid'} (${summarize(diagnostics)})\n`);
  return valid ? 0 : 1;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Validate a topology file and report every problem with its position')
    .argument('[file]', 'topology file (.nix, .yaml, .yml, .json); default: topology.* here, else the bundled default')
    .option('--json', 'print {"diagnostics": [...], "valid": true|false} on stdout instead of text')
    .option('--hardware <file>', 'check against this hardware.json (from `spectrum hw scan`); default: hardware.json beside the topology, if any')
    .action(async (file: string | undefined, opts: { json?: boolean; hardware?: string }) => {
      process.exitCode = await runCheck(file, opts.json === true, stdio(), opts.hardware);
    });
}
