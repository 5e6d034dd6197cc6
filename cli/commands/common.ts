// What several commands print the same way.
import { term } from '../output/term.js';
import { colourWanted } from '../output/colour.js';
import { hasErrors } from '../diagnostics.js';
import type { Topology } from '../topology/types.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether what goes to `err` may be coloured. */
  colour?: boolean;
}

/** This process's standard output and error. */
export const stdio = (): Output => ({ out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), colour: colourWanted(process.stderr) });

/** The line a command prints when it falls back to the bundled topology; `doing` is, e.g., "checking". */
export const bundledNotice = (doing: 'checking' | 'generating from' | 'drawing' | 'building', path: string): string =>
  `spectrum: no topology.nix, .yaml, .yml or .json here; ${doing} ${term`the bundled default topology ${path}`}\n`;

/**
 * Loads a topology for a command that needs a valid one, printing its diagnostics; null (and
 * "nothing was NOTHING") when it is invalid.
 */
export async function loadValid(path: string, shown: string, io: Output, nothing: string): Promise<Topology | null> {
  const { loadTopology, textFor } = await import('../topology/pipeline.js');
  const { formatDiagnostic } = await import('../diagnostics-print.js');
  const checked = await loadTopology(path, shown);
  const { topology, diagnostics } = checked;
  for (const d of diagnostics) io.err(`${formatDiagnostic(d, textFor(checked, d), io.colour)}\n`);
  if (topology && !hasErrors(diagnostics)) return topology;
  io.err(term`spectrum: ${shown} is invalid; nothing was ${nothing}\n`);
  return null;
}
