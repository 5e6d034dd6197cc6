// The front of the pipeline: load -> validate -> resolve. Later stages start from `topology`.
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { loadTopologyFile, type LoadResult } from './load/index.js';
import { resolve } from './resolve/index.js';
import type { Topology } from './types.js';
import { validate } from './validate/index.js';

export interface Checked {
  /** null exactly when there are errors. */
  topology: Topology | null;
  /** Load and validation diagnostics together, by position. */
  diagnostics: Diagnostic[];
  /** The decoded source text, for excerpts. */
  text: string;
}

/** Validates and resolves what a loader produced; `source` is the path as the user gave it. */
export function checkLoaded(loaded: LoadResult, source: string): Checked {
  if (!loaded.root) return { topology: null, diagnostics: sortDiagnostics(loaded.diagnostics), text: loaded.text };
  // Validation runs even after load errors (e.g. a repeated key) so one run shows everything.
  const validated = validate(loaded.root);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...validated.diagnostics]);
  const topology = validated.spec && !hasErrors(diagnostics) ? resolve(validated.spec, source) : null;
  return { topology, diagnostics, text: loaded.text };
}

/** Reads `path`; messages and the resolved topology name it `shown`. */
export async function loadTopology(path: string, shown = path): Promise<Checked> {
  return checkLoaded(await loadTopologyFile(path, process.env, shown), shown);
}
